import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { RegistryContext } from '../../shared/registry/resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadSubgraphSchema } from '../../shared/server/subgraph';
import { engineeringDemoData } from './demo-data';
import { EngineeringOrganisationDocument, EngineeringPersonDocument } from './documents';
import { EngineeringRepository } from './repository';
import { engineeringResolvers } from './resolvers';
import { engineeringScaleData } from './scale-data';

type EngineeringContext = RegistryContext<EngineeringPersonDocument, EngineeringOrganisationDocument>;

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql'].map((file) => join(__dirname, file));

const schema = loadSubgraphSchema(SCHEMA_FILES, mergeResolvers(engineeringResolvers));

/** The Construction Engineering Organisation's subgraph (central council and provincial organisations). */
export const engineeringSubgraph: RegistrySubgraph<EngineeringContext> = {
  key: 'engineering',
  defaultPort: 4003,
  create(store) {
    const repository = new EngineeringRepository(store);
    return {
      module: { name: 'engineering', schema, createContext: () => ({ repository, loaders: createRegistryLoaders(repository) }) },
      ensureIndexes: () => repository.ensureIndexes(),
      loadDemoData: (options) => repository.loadDemoData(engineeringDemoData(), options),
      loadScaleData: (size) => loadBatches(store, engineeringScaleData(size)),
    };
  },
};
