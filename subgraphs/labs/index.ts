import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { RegistryContext } from '../../shared/registry/resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadSubgraphSchema } from '../../shared/server/subgraph';
import { labsDemoData } from './demo-data';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';
import { LabsRepository } from './repository';
import { labsResolvers } from './resolvers';
import { labsScaleData } from './scale-data';

type LabsContext = RegistryContext<LabsPersonDocument, LabsOrganisationDocument>;

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql'].map((file) => join(__dirname, file));

const schema = loadSubgraphSchema(SCHEMA_FILES, mergeResolvers(labsResolvers));

/** The laboratories association's subgraph. */
export const labsSubgraph: RegistrySubgraph<LabsContext> = {
  key: 'labs',
  defaultPort: 4001,
  create(store) {
    const repository = new LabsRepository(store);
    return {
      module: { name: 'labs', schema, createContext: () => ({ repository, loaders: createRegistryLoaders(repository) }) },
      ensureIndexes: () => repository.ensureIndexes(),
      loadDemoData: (options) => repository.loadDemoData(labsDemoData(), options),
      loadScaleData: (size) => loadBatches(store, labsScaleData(size)),
    };
  },
};
