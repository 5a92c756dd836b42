import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { defineRegistry } from '../../shared/registry/define';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { AUDITORS_CREDENTIAL_KINDS } from './credential-kinds';
import { auditorsCredentialResolvers } from './credentials';
import { auditorsDemoData } from './demo-data';
import { auditorsDemoProvenance } from './provenance';
import { AuditorsRepository } from './repository';
import { auditorsResolvers } from './resolvers';
import { auditorsScaleData } from './scale-data';

/** The auditing and inspection society's subgraph: what every registry has (shared/registry/define.ts), and its own. */
export const auditorsSubgraph = defineRegistry({
  key: 'auditors',
  defaultPort: 4002,
  // Its schema.graphql first; each feature adds its own file (`extend type Query`...).
  schemaFiles: ['schema.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)),
  resolvers: mergeResolvers(auditorsResolvers, auditorsCredentialResolvers),
  credentialKinds: AUDITORS_CREDENTIAL_KINDS,
  // The society and the inspection bodies: an inspection body may belong to the society.
  organisationKinds: { SOCIETY: { under: [] }, INSPECTION_BODY: { under: ['SOCIETY'] } },
  create(store) {
    const repository = new AuditorsRepository(store);
    return { repository, context: () => ({ repository, loaders: createRegistryLoaders(repository) }) };
  },
  demoData: auditorsDemoData,
  demoProvenance: auditorsDemoProvenance,
  scaleData: auditorsScaleData,
});
