import { RegistryRepository } from '../../shared/registry/repository';
import { AuditorsOrganisationDocument, AuditorsPersonDocument } from './documents';

/** The only code that touches the auditing and inspection society's database. */
export class AuditorsRepository extends RegistryRepository<AuditorsPersonDocument, AuditorsOrganisationDocument> {}
