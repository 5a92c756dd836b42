import { join } from 'node:path';
import { CREDENTIAL_TYPE_FILES } from '../../shared/credentials/schema';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { RegistryContext } from '../../shared/registry/resolvers';
import { loadBatches } from '../../shared/registry/scale';
import { RegistrySubgraph } from '../../shared/server/run';
import { loadRegistrySchema } from '../../shared/governance/schema';
import { auditorsDemoData } from './demo-data';
import { AuditorsOrganisationDocument, AuditorsPersonDocument } from './documents';
import { AuditorsRepository } from './repository';
import { auditorsResolvers } from './resolvers';
import { auditorsCredentialResolvers } from './credentials';
import { auditorsScaleData } from './scale-data';

type AuditorsContext = RegistryContext<AuditorsPersonDocument, AuditorsOrganisationDocument>;

/** The registry's schema.graphql first; each feature adds its own file (`extend type Query`...). */
const SCHEMA_FILES = ['schema.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)).concat(CREDENTIAL_TYPE_FILES);

const schema = loadRegistrySchema('auditors', SCHEMA_FILES, mergeResolvers(auditorsResolvers, auditorsCredentialResolvers));

/** The auditing and inspection society's subgraph. */
export const auditorsSubgraph: RegistrySubgraph<AuditorsContext> = {
  key: 'auditors',
  defaultPort: 4002,
  create(store) {
    const repository = new AuditorsRepository(store);
    return {
      module: { name: 'auditors', schema, createContext: () => ({ repository, loaders: createRegistryLoaders(repository) }) },
      ensureIndexes: () => repository.ensureIndexes(),
      loadDemoData: (options) => repository.loadDemoData(auditorsDemoData(), options),
      loadScaleData: (size) => loadBatches(store, auditorsScaleData(size)),
    };
  },
};
