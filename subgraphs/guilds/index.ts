import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadSubgraphSchema } from '../../shared/server/subgraph';
import { guildsDemoData } from './demo-data';
import { createGuildsLoaders } from './loaders';
import { GuildsRepository } from './repository';
import { GuildsContext, guildsResolvers } from './resolvers';
import { guildsScaleData } from './scale-data';

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql'].map((file) => join(__dirname, file));

const schema = loadSubgraphSchema(SCHEMA_FILES, mergeResolvers(guildsResolvers));

/** The subgraph of the chambers of guilds and of commerce, their unions and guild units. */
export const guildsSubgraph: RegistrySubgraph<GuildsContext> = {
  key: 'guilds',
  defaultPort: 4004,
  create(store) {
    const repository = new GuildsRepository(store);
    return {
      module: { name: 'guilds', schema, createContext: () => ({ repository, loaders: createGuildsLoaders(repository) }) },
      ensureIndexes: () => repository.ensureIndexes(),
      loadDemoData: (options) => repository.loadDemoData(guildsDemoData(), options),
      loadScaleData: (size) => loadBatches(store, guildsScaleData(size)),
    };
  },
};
