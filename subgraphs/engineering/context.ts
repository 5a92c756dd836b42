import { Caller } from '../../shared/auth/caller';
import { RegistryContext } from '../../shared/registry/context';
import { EngineeringOrganisationDocument, EngineeringPersonDocument } from './documents';
import { EngineeringRepository } from './repository';

/** What the engineering resolvers receive as context: the registry's repository and loaders, and the caller. */
export type EngineeringContext = RegistryContext<EngineeringPersonDocument, EngineeringOrganisationDocument> & { repository: EngineeringRepository; caller?: Caller };
