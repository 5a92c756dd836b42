import { ConstArgumentNode, DocumentNode, GraphQLError, Kind, parse } from 'graphql';
import { RegistryKey, typePrefixOf } from '../shared/registry/keys';

/** A subgraph's schema as composition reads it. */
interface SubgraphTypeDefs {
  name: string;
  typeDefs: DocumentNode;
}

const takeover = (message: string): GraphQLError =>
  new GraphQLError(`${message}. Each association's subgraph answers for its own part of the graph alone (docs/registry-contract.md, OWN-1)`, {
    extensions: { code: 'SUBGRAPH_TAKEOVER' },
  });

/**
 * The registry a type name belongs to: the registry whose type prefix it starts with, followed by
 * an upper-case letter, a digit or nothing (`LabsMember` and `Labs` are the labs registry's;
 * `Meeting` is no registry's even beside a registry `me`); the longest such prefix wins.
 */
export function registryOfTypeName(name: string, registries: readonly RegistryKey[]): RegistryKey | undefined {
  let owner: RegistryKey | undefined;
  for (const key of registries) {
    const prefix = typePrefixOf(key);
    if (!name.startsWith(prefix) || /^[a-z_]/.test(name.slice(prefix.length))) continue;
    if (!owner || prefix.length > typePrefixOf(owner).length) owner = key;
  }
  return owner;
}

const NAMED_TYPE_KINDS = new Set<Kind>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_EXTENSION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.ENUM_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.UNION_TYPE_EXTENSION,
  Kind.SCALAR_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_EXTENSION,
]);

/**
 * Types a subgraph declares that belong to another registry (`type LabsMember` in any subgraph but
 * labs): through them it would receive that registry's keys (a member's national code) and answer
 * fields clients take for that registry's.
 */
export function foreignTypes(subgraphs: readonly SubgraphTypeDefs[], registries: readonly RegistryKey[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const { name, typeDefs } of subgraphs) {
    const declared = new Set<string>();
    for (const definition of typeDefs.definitions) {
      if (NAMED_TYPE_KINDS.has(definition.kind) && 'name' in definition && definition.name) declared.add(definition.name.value);
    }
    for (const type of declared) {
      const owner = registryOfTypeName(type, registries);
      if (owner !== undefined && owner !== name) errors.push(takeover(`subgraph ${name} declares ${type}, a type of the ${owner} registry`));
    }
  }
  return errors;
}

const stringArgument = (args: readonly ConstArgumentNode[] | undefined, name: string): string | undefined => {
  const value = args?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : value?.kind === Kind.ENUM ? value.value : undefined;
};

/**
 * Fields one subgraph takes over from another (`@override(from: …)`, under whatever name the
 * subgraph imported the directive), read from the composed supergraph's `@join__field(override:)`:
 * the planner would send the other subgraph's entities (their keys) to it and serve its answers.
 */
export function overriddenFields(supergraphSdl: string): GraphQLError[] {
  // The supergraph's types and the join__Graph enum are all top-level definitions: one walk over them
  // (graphql-js's `visit` of the whole document twice cost more than composing from the cache).
  const definitions = parse(supergraphSdl, { noLocation: true }).definitions;
  const graphNames = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION) continue;
    for (const value of definition.values ?? []) {
      const joinGraph = value.directives?.find((directive) => directive.name.value === 'join__graph');
      const name = stringArgument(joinGraph?.arguments, 'name');
      if (name) graphNames.set(value.name.value, name);
    }
  }
  const errors: GraphQLError[] = [];
  for (const definition of definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const from = stringArgument(directive.arguments, 'override');
        const graph = stringArgument(directive.arguments, 'graph');
        const taker = graph !== undefined ? (graphNames.get(graph) ?? graph) : 'a subgraph';
        if (from !== undefined && from !== taker) errors.push(takeover(`subgraph ${taker} takes ${definition.name.value}.${field.name.value} over from ${from} (@override)`));
      }
    }
  }
  return errors;
}
