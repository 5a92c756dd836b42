import { join } from 'node:path';
import { CREDENTIAL_TYPE_FILES } from '../../shared/credentials/schema';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { RegistryContext } from '../../shared/registry/resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadRegistrySchema } from '../../shared/governance/schema';
import { labsDemoData } from './demo-data';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';
import { LabsRepository } from './repository';
import { labsResolvers } from './resolvers';
import { labsCredentialResolvers } from './credentials';
import { labsScaleData } from './scale-data';

type LabsContext = RegistryContext<LabsPersonDocument, LabsOrganisationDocument>;

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)).concat(CREDENTIAL_TYPE_FILES);

const schema = loadRegistrySchema('labs', SCHEMA_FILES, mergeResolvers(labsResolvers, labsCredentialResolvers));

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
