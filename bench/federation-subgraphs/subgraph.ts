import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DocumentNode, GraphQLSchema } from 'graphql';

/** One benchmark subgraph: its name, its schema in federation SDL, and its resolvers. */
export interface BenchSubgraph {
  name: string;
  typeDefs: DocumentNode;
  resolvers: Record<string, Record<string, unknown>>;
}

export function buildBenchSubgraphSchema(subgraph: BenchSubgraph): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: subgraph.typeDefs, resolvers: subgraph.resolvers as GraphQLResolverMap<unknown> });
}
