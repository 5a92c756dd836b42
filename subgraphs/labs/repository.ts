import { RegistryRepository } from '../../shared/registry/repository';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';

/** The only code that touches the labs association's database. */
export class LabsRepository extends RegistryRepository<LabsPersonDocument, LabsOrganisationDocument> {}
