import type { GraphQLSchema } from 'graphql';

/**
 * What scripts/generate-resolver-types.ts needs of a subgraph to type its resolvers from the schema
 * it serves: each subgraph folder's `resolver-types.ts` exports one as `resolverTypes`.
 */
export interface ResolverTypesSource {
  /** The schema it serves (shared/registry/define.ts assembles it). */
  schema: GraphQLSchema;
  /** `../context#Type`, relative to the generated file: what its resolvers receive as context. */
  contextType: string;
  /** GraphQL type -> `../documents#Type`, relative to the generated file: what the resolvers of that type receive as parent. */
  mappers: Record<string, string>;
}
