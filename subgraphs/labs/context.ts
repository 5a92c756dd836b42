import { Caller } from '../../shared/auth/caller';
import { RegistryContext } from '../../shared/registry/context';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';
import { LabsRepository } from './repository';

/** What the labs resolvers receive as context: the registry's repository and loaders, and the caller. */
export type LabsContext = RegistryContext<LabsPersonDocument, LabsOrganisationDocument> & { repository: LabsRepository; caller?: Caller };
