import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { directoryResolvers } from './resolvers';

/** The gateway-local subgraph's name in the supergraph. */
export const DIRECTORY_SUBGRAPH = 'directory';

export const directoryTypeDefs = parse(readFileSync(join(__dirname, 'schema.graphql'), 'utf8'));

export function buildDirectorySchema() {
  return buildSubgraphSchema({
    typeDefs: directoryTypeDefs,
    resolvers: directoryResolvers as unknown as GraphQLResolverMap<unknown>,
  });
}
