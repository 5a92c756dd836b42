import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DocumentNode, GraphQLSchema, Kind, parse } from 'graphql';
import { sealListCursors } from '../../shared/graphql/list-cursors';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { calendarDateResolvers } from '../../shared/text/calendar';
import { CREDENTIAL_VALUE_TYPES } from '../../shared/credentials/schema';
import { credentialKindEnumTypeDefs, GraphCredentialKind } from './credential-kinds';
import { credentialDirectoryResolvers } from './credentials';
import { DIRECTORY_CURSORS } from './cursors';
import { governanceDirectoryResolvers } from './governance-resolvers';
import { labelsResolvers } from './labels';
import { meResolvers } from './me';
import { perRegistry } from './per-registry';
import { GraphRegistry, registryEnumTypeDefs, RegistryList } from './registries';
import { directoryResolvers } from './resolvers';
import { countsDirectoryResolvers } from './counts';
import { searchDirectoryResolvers } from './search-resolvers';
import { sharedMembersResolvers } from './shared-members';
import { RegistryLinks } from './registry-helpers';
import { RegistryEnums } from './registry-enums';

export { declaredCredentialKinds } from './credential-kinds';
export type { GraphCredentialKind } from './credential-kinds';
export { graphRegistries, RegistryList } from './registries';
export type { GraphRegistry, RegistryNames, RegistrySettings } from './registries';
export { registryEnumsOfSupergraph } from './registry-enums';
export type { RegistryEnums } from './registry-enums';

/** The gateway-local subgraph's name in the supergraph. */
export const DIRECTORY_SUBGRAPH = 'directory';

/**
 * What the directory is built for: the registries of the gateway's configuration, the credential
 * kinds they declare, and the enums each declares alone in the supergraph (the only ones whose
 * labels it is taken at its word for).
 */
export interface DirectoryPlan {
  registries: readonly GraphRegistry[];
  credentialKinds: readonly GraphCredentialKind[];
  registryEnums: RegistryEnums;
}

/** The directory's schema.graphql first, then its features' `*.graphql` files, then the shared enums and value types. */
const directorySchemaFiles = [
  'schema.graphql',
  ...readdirSync(__dirname)
    .filter((file) => file.endsWith('.graphql') && file !== 'schema.graphql')
    .sort(),
].map((file) => join(__dirname, file));

/** The directory's schema as written: a template for any list of registries (per-registry.ts). */
const DIRECTORY_TEMPLATE = parse(
  [...directorySchemaFiles, join(__dirname, '..', '..', 'shared', 'graphql', 'values.graphql'), CREDENTIAL_VALUE_TYPES].map((file) => readFileSync(file, 'utf8')).join('\n'),
);

/**
 * The directory's schema for these registries and credential kinds: the template written out for
 * each registry (its views, its entity types, its part of every @requires), with the `Registry`
 * and `CredentialKind` enums they make.
 */
export function directoryTypeDefs(plan: Pick<DirectoryPlan, 'registries' | 'credentialKinds'>): DocumentNode {
  const registries = new RegistryList(plan.registries);
  const enums = parse(`${registryEnumTypeDefs(registries)}\n${credentialKindEnumTypeDefs(plan.credentialKinds)}`);
  return { kind: Kind.DOCUMENT, definitions: [...perRegistry(DIRECTORY_TEMPLATE, registries.keys).definitions, ...enums.definitions] };
}

/** The directory built for one plan: its schema as composed, and as served. */
export interface Directory {
  plan: DirectoryPlan;
  typeDefs: DocumentNode;
  schema: GraphQLSchema;
}

/**
 * The directory for a plan; `links` tells the fields that span registries how to reach them (the
 * gateway's transport, and its lists of who each registry holds). Its lists' cursors are sealed
 * with the gateway's own key.
 */
export function buildDirectory(plan: DirectoryPlan, links?: RegistryLinks): Directory {
  const registries = new RegistryList(plan.registries);
  const typeDefs = directoryTypeDefs(plan);
  const resolvers = mergeResolvers(
    directoryResolvers(registries),
    sharedMembersResolvers(registries, links),
    governanceDirectoryResolvers(registries, links),
    searchDirectoryResolvers(registries, links),
    countsDirectoryResolvers(registries, links),
    credentialDirectoryResolvers(registries, plan.credentialKinds, links),
    meResolvers(registries, plan.credentialKinds),
    labelsResolvers(registries, plan, links),
    { CalendarDate: calendarDateResolvers },
  );
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
  return { plan, typeDefs, schema: sealListCursors(schema, DIRECTORY_CURSORS) };
}
