import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { directoryResolvers } from './resolvers';

/** The gateway-local subgraph's name in the supergraph. */
export const DIRECTORY_SUBGRAPH = 'directory';

/** The directory's schema.graphql first, then its features' `*.graphql` files, then the shared enums and value types. */
const directorySchemaFiles = [
  'schema.graphql',
  ...readdirSync(__dirname)
    .filter((file) => file.endsWith('.graphql') && file !== 'schema.graphql')
    .sort(),
].map((file) => join(__dirname, file));

export const directoryTypeDefs = parse(
  [...directorySchemaFiles, join(__dirname, '..', '..', 'shared', 'graphql', 'values.graphql')]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n'),
);

export function buildDirectorySchema() {
  return buildSubgraphSchema({
    typeDefs: directoryTypeDefs,
    resolvers: directoryResolvers as unknown as GraphQLResolverMap<unknown>,
  });
}
