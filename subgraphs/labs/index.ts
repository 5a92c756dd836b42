import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { defineRegistry } from '../../shared/registry/define';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { LABS_CREDENTIAL_KINDS } from './credential-kinds';
import { labsCredentialResolvers } from './credentials';
import { labsDemoData } from './demo-data';
import { labsDemoProvenance } from './provenance';
import { LabsRepository } from './repository';
import { labsResolvers } from './resolvers';
import { labsScaleData } from './scale-data';

/** What defines the laboratories association's registry (its schema files, resolvers, kinds, data). */
export const labsDefinition = {
  key: 'labs' as const,
  defaultPort: 4001,
  // Its schema.graphql first; each feature adds its own file (`extend type Query`...).
  schemaFiles: ['schema.graphql', 'credentials.graphql'].map((file) => join(__dirname, file)),
  resolvers: mergeResolvers(labsResolvers, labsCredentialResolvers),
  credentialKinds: LABS_CREDENTIAL_KINDS,
  // The association and its member laboratories: a laboratory may belong to the association.
  organisationKinds: { ASSOCIATION: { under: [] }, LABORATORY: { under: ['ASSOCIATION'] } },
  create(store) {
    const repository = new LabsRepository(store);
    return { repository, context: () => ({ repository, loaders: createRegistryLoaders(repository) }) };
  },
  demoData: labsDemoData,
  demoProvenance: labsDemoProvenance,
  scaleData: labsScaleData,
} satisfies Parameters<typeof defineRegistry>[0];

/** The laboratories association's subgraph: what every registry has (shared/registry/define.ts), and its own. */
export const labsSubgraph = defineRegistry(labsDefinition);
