import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { defineRegistry } from '../../shared/registry/define';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { ENGINEERING_CREDENTIAL_KINDS } from './credential-kinds';
import { engineeringCredentialResolvers } from './credentials';
import { engineeringDemoData } from './demo-data';
import { engineeringDemoProvenance } from './provenance';
import { EngineeringRepository } from './repository';
import { engineeringResolvers } from './resolvers';
import { engineeringScaleData } from './scale-data';

/**
 * The Construction Engineering Organisation's subgraph (central council and provincial
 * organisations): what every registry has (shared/registry/define.ts), and its own.
 */
export const engineeringSubgraph = defineRegistry({
  key: 'engineering',
  defaultPort: 4003,
  // Its schema.graphql first; each feature adds its own file (`extend type Query`...).
  schemaFiles: ['schema.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)),
  resolvers: mergeResolvers(engineeringResolvers, engineeringCredentialResolvers),
  credentialKinds: ENGINEERING_CREDENTIAL_KINDS,
  // The central council and the provincial organisations, which may be put under it.
  organisationKinds: { CENTRAL_COUNCIL: { under: [] }, PROVINCIAL_ORGANISATION: { under: ['CENTRAL_COUNCIL'] } },
  create(store) {
    const repository = new EngineeringRepository(store);
    return { repository, context: () => ({ repository, loaders: createRegistryLoaders(repository) }) };
  },
  demoData: engineeringDemoData,
  demoProvenance: engineeringDemoProvenance,
  scaleData: engineeringScaleData,
});
