import type { ResolverTypesSource } from '../../shared/registry/resolver-types-source';
import { auditorsSubgraph } from '.';

/** How scripts/generate-resolver-types.ts types the auditors resolvers (generated/resolvers-types.ts): their context, and the documents each type is resolved from. */
export const resolverTypes: ResolverTypesSource = {
  schema: auditorsSubgraph.schema,
  contextType: '../context#AuditorsContext',
  mappers: { AuditorsMember: '../documents#AuditorsPersonDocument', AuditorsOrganisation: '../documents#AuditorsOrganisationDocument' },
};
