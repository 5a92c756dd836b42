import { join } from 'node:path';
import { CREDENTIAL_TYPE_FILES } from '../../shared/credentials/schema';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadRegistrySchema } from '../../shared/governance/schema';
import { guildsDemoData } from './demo-data';
import { electionsContext, ElectionsRepository, electionsResolvers } from './elections';
import { programmesContext, ProgrammesRepository, programmesResolvers } from './programmes';
import { createGuildsLoaders } from './loaders';
import { GuildsRepository } from './repository';
import { GuildsContext, guildsResolvers } from './resolvers';
import { guildsCredentialResolvers } from './credentials';
import { guildsScaleData } from './scale-data';

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql', 'elections/elections.graphql', 'programmes/programmes.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)).concat(CREDENTIAL_TYPE_FILES);

const schema = loadRegistrySchema('guilds', SCHEMA_FILES, mergeResolvers(guildsResolvers, electionsResolvers, programmesResolvers, guildsCredentialResolvers));

/** The subgraph of the chambers of guilds and of commerce, their unions and guild units. */
export const guildsSubgraph: RegistrySubgraph<GuildsContext> = {
  key: 'guilds',
  defaultPort: 4004,
  create(store) {
    const repository = new GuildsRepository(store);
    const elections = new ElectionsRepository(store);
    const programmes = new ProgrammesRepository(store);
    return {
      module: { name: 'guilds', schema, createContext: () => ({ repository, loaders: createGuildsLoaders(repository), ...electionsContext(elections), ...programmesContext(programmes) }) },
      ensureIndexes: async () => {
        await repository.ensureIndexes();
        await elections.ensureIndexes();
        await programmes.ensureIndexes();
      },
      loadDemoData: (options) => repository.loadDemoData(guildsDemoData(), options),
      loadScaleData: (size) => loadBatches(store, guildsScaleData(size)),
    };
  },
};
