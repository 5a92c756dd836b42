import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLSchema, parse } from 'graphql';
import { enforceAccessDirectives } from '../auth/enforce-directives';
import { sealListCursors } from '../graphql/list-cursors';
import { mergeResolvers, ResolverMap } from '../graphql/merge-resolvers';
import { RegistryKey, typePrefixOf } from '../registry';
import { readSubgraphTypeDefs } from '../server/subgraph';
import { governanceResolvers } from './resolvers';
import { GOVERNANCE_TEMPLATE_FILE } from './schema-files';



/** governance.graphql for one registry: `__Key__` -> `Guilds`, `__key__` -> `guilds`. */
export function governanceTypeDefs(key: RegistryKey): string {
  const template = readFileSync(GOVERNANCE_TEMPLATE_FILE, 'utf8');
  return template.replace(/__Key__/g, typePrefixOf(key)).replace(/__key__/g, key);
}

/**
 * A registry subgraph's schema: its own files and the shared types (as loadSubgraphSchema), plus
 * committees, meetings and resolutions, with their resolvers; access directives enforced, and
 * its lists' cursors sealed with the registry's own key.
 */
export function loadRegistrySchema(key: RegistryKey, schemaFiles: readonly string[], resolvers: ResolverMap): GraphQLSchema {
  const schema = buildSubgraphSchema({
    typeDefs: parse(`${readSubgraphTypeDefs(schemaFiles)}\n${governanceTypeDefs(key)}`),
    resolvers: mergeResolvers(resolvers, governanceResolvers(key)) as GraphQLResolverMap<unknown>,
  });
  return sealListCursors(enforceAccessDirectives(schema), key);
}
