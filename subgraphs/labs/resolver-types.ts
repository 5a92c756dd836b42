import type { ResolverTypesSource } from '../../shared/registry/resolver-types-source';
import { labsSubgraph } from '.';

/** How scripts/generate-resolver-types.ts types the labs resolvers (generated/resolvers-types.ts): their context, and the documents each type is resolved from. */
export const resolverTypes: ResolverTypesSource = {
  schema: labsSubgraph.schema,
  contextType: '../context#LabsContext',
  mappers: { LabsMember: '../documents#LabsPersonDocument', LabsOrganisation: '../documents#LabsOrganisationDocument' },
};
