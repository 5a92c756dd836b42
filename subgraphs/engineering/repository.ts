import { RegistryRepository } from '../../shared/registry/repository';
import { EngineeringOrganisationDocument, EngineeringPersonDocument } from './documents';

/** The only code that touches the Construction Engineering Organisation's database. */
export class EngineeringRepository extends RegistryRepository<EngineeringPersonDocument, EngineeringOrganisationDocument> {}
