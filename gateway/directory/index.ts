import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { sealListCursors } from '../../shared/graphql/list-cursors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { calendarDateResolvers } from '../../shared/text/calendar';
import { CREDENTIAL_VALUE_TYPES } from '../../shared/credentials/schema';
import { credentialDirectoryResolvers } from './credentials';
import { DIRECTORY_CURSORS } from './cursors';
import { governanceDirectoryResolvers } from './governance-resolvers';
import { directoryResolvers } from './resolvers';
import { sharedMembersResolvers } from './shared-members';
import { RegistryLinks } from './shared-members-client';

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
  [...directorySchemaFiles, join(__dirname, '..', '..', 'shared', 'graphql', 'values.graphql'), CREDENTIAL_VALUE_TYPES]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n'),
);

/**
 * The directory's schema; `links` tells `sharedMembers` how to reach the registries (the gateway's
 * URLs and signer). Its lists' cursors are sealed with the gateway's own key.
 */
export function buildDirectorySchema(links?: RegistryLinks) {
  const resolvers = mergeResolvers(
    directoryResolvers as unknown as ResolverMap,
    sharedMembersResolvers(links) as unknown as ResolverMap,
    governanceDirectoryResolvers,
    credentialDirectoryResolvers as unknown as ResolverMap,
    { CalendarDate: calendarDateResolvers },
  );
  const schema = buildSubgraphSchema({
    typeDefs: directoryTypeDefs,
    resolvers: resolvers as unknown as GraphQLResolverMap<unknown>,
  });
  return sealListCursors(schema, DIRECTORY_CURSORS);
}
