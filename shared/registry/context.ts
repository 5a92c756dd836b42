import { OrganisationDocument, PersonDocument } from './documents';
import { RegistryLoaders } from './loaders';
import type { OrganisationHooks } from './organisation-hooks';
import { RegistryRepository } from './repository';

/** What every resolver of the registry kit receives as context: the registry's repository and this request's loaders. */
export interface RegistryContext<P extends PersonDocument = PersonDocument, O extends OrganisationDocument = OrganisationDocument> {
  repository: RegistryRepository<P, O>;
  loaders: RegistryLoaders;
  /** What the registry adds to the shared organisation changes (a move's copies kept in step); none when absent. */
  organisationHooks?: OrganisationHooks;
}
