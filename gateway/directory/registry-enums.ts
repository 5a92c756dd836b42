import { readFileSync } from 'node:fs';
import { DocumentNode, Kind, parse } from 'graphql';
import { sharedSchemaFiles } from '../../shared/labels/labels';
import { RegistryKey } from '../../shared/registry/keys';
import { graphNamesOf, stringArgument } from '../subgraph-boundaries';

/** The enums each registry declares in the supergraph and no other subgraph does, shared/'s aside: the ones only it may label. */
export type RegistryEnums = Readonly<Record<RegistryKey, readonly string[]>>;

/** The enums of shared/'s schema files (lists' orders, governance...): every registry's to serve, none's own, even where one registry alone serves them. */
const SHARED_ENUMS: ReadonlySet<string> = new Set(
  sharedSchemaFiles().flatMap((file) =>
    parse(readFileSync(file, 'utf8'), { noLocation: true }).definitions.flatMap((definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION ? [definition.name.value] : [],
    ),
  ),
);

/**
 * Each registry's own enums in a supergraph, read from its enums' `@join__type(graph:)`: those
 * that registry declares alone. An enum another subgraph declares too (the directory's, another
 * registry's) is no registry's own, nor is a shared one, nor one the supergraph does not hold.
 */
export function registryEnumsOfSupergraph(supergraph: DocumentNode, registries: readonly RegistryKey[]): RegistryEnums {
  const graphNames = graphNamesOf(supergraph.definitions);
  const owned = new Map(registries.map((registry) => [registry, [] as string[]]));
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || SHARED_ENUMS.has(definition.name.value)) continue;
    const declarers = new Set(
      (definition.directives ?? [])
        .filter((directive) => directive.name.value === 'join__type')
        .map((directive) => stringArgument(directive.arguments, 'graph'))
        .map((graph) => (graph === undefined ? undefined : (graphNames.get(graph) ?? graph))),
    );
    const [only] = declarers;
    if (declarers.size === 1 && only !== undefined) owned.get(only)?.push(definition.name.value);
  }
  return Object.fromEntries(owned);
}
