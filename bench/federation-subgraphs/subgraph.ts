import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DocumentNode, GraphQLSchema, print } from 'graphql';

/** One benchmark subgraph: its name, its schema in federation SDL, and its resolvers. */
export interface BenchSubgraph {
  name: string;
  typeDefs: DocumentNode;
  resolvers: Record<string, Record<string, unknown>>;
}

export function buildBenchSubgraphSchema(subgraph: BenchSubgraph): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers as GraphQLResolverMap<unknown> });
}

/** The subgraph's federation SDL as text (for peers composed by their own tools, bench/peers). */
export function benchSubgraphSdl(subgraph: BenchSubgraph): string {
  return print(subgraph.typeDefs);
}
