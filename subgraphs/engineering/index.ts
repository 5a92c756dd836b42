import { join } from 'node:path';
import { CREDENTIAL_TYPE_FILES } from '../../shared/credentials/schema';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { RegistryContext } from '../../shared/registry/resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadRegistrySchema } from '../../shared/governance/schema';
import { engineeringDemoData } from './demo-data';
import { EngineeringOrganisationDocument, EngineeringPersonDocument } from './documents';
import { EngineeringRepository } from './repository';
import { engineeringResolvers } from './resolvers';
import { engineeringCredentialResolvers } from './credentials';
import { engineeringScaleData } from './scale-data';

type EngineeringContext = RegistryContext<EngineeringPersonDocument, EngineeringOrganisationDocument>;

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)).concat(CREDENTIAL_TYPE_FILES);

const schema = loadRegistrySchema('engineering', SCHEMA_FILES, mergeResolvers(engineeringResolvers, engineeringCredentialResolvers));

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
