import { RegistryContext } from '../../shared/registry/context';
import { GuildsOrganisationDocument, GuildsPersonDocument } from './documents';
import { GuildsLoaders } from './loaders';
import { GuildsRepository } from './repository';

/** What the guilds resolvers receive as context: the registry's repository and its loaders (guild units included). */
export interface GuildsContext extends RegistryContext<GuildsPersonDocument, GuildsOrganisationDocument> {
  repository: GuildsRepository;
  loaders: GuildsLoaders;
}
