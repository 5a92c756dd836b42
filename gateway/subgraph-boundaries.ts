import { ArgumentDefinition, buildSubgraph, FieldDefinition, InterfaceType, ObjectType, Subgraph } from '@apollo/federation-internals';
import { ConstArgumentNode, DefinitionNode, DocumentNode, GraphQLError, Kind, parse, print, TypeNode } from 'graphql';
import { holdsOutputFields } from '../shared/graphql/field-holders';
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
  const declaredBy = new Map(subgraphs.map(({ name, typeDefs }) => [name, declaredTypesOf(typeDefs)] as const));
  const errors: GraphQLError[] = [];
  for (const [name, declared] of declaredBy) {
    for (const type of declared) {
      const owner = registryOfTypeName(type, registries);
      if (owner === undefined || owner === name) continue;
      // A registry whose key starts a type it does not declare itself (`guild` beside guilds' GuildElection) may be the one at fault.
      const ownerDeclares = declaredBy.get(owner)?.has(type) ?? false;
      const why = ownerDeclares ? '' : ` (or the ${owner} registry's key starts the names of another subgraph's types, and ${owner} needs another key)`;
      errors.push(takeover(`subgraph ${name} declares ${type}, a type of the ${owner} registry${why}`));
    }
  }
  return errors;
}

/**
 * The entities keyed by a person's national code: `Person` (a person as each registry holds them)
 * and `Me` (the signed-in person's own record).
 */
const PERSON_KEYED_TYPES = ['Person', 'Me'] as const;

/**
 * Subgraphs that are not registries (`registry: false`) but declare an entity keyed by national
 * code. The gateway screens the people it sends a registry by that registry's own member lists
 * (gateway/membership); a subgraph that is not a registry has none, so through `Person` it would be
 * sent the code of every person a caller's list names (an anonymous `labsMembers { nodes { note } }`),
 * and through `Me` that of everyone who signs in. Only registries may declare them.
 */
export function unscreenedPersonTypes(subgraphs: readonly SubgraphTypeDefs[], registries: readonly RegistryKey[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const { name, typeDefs } of subgraphs) {
    if (registries.includes(name)) continue;
    const declared = declaredTypesOf(typeDefs);
    for (const type of PERSON_KEYED_TYPES) {
      if (declared.has(type))
        errors.push(
          takeover(
            `subgraph ${name} declares ${type}, which is keyed by national code, but is not a registry: the gateway sends a person's code only to the registries that hold them, and ${name} holds no one (make it a registry, or leave ${type} out)`,
          ),
        );
    }
  }
  return errors;
}

/**
 * What a schema element may carry that changes who sees it, or how clients take it: `@inaccessible`
 * hides it from every client, the next three refuse it to some, and `@deprecated` tells every client
 * to stop using it (a joining subgraph's `@deprecated(reason: "guilds left the graph")` on
 * `Registry.GUILDS` or `ContactDetails.phone` stood in the public schema; audit, 2026-12-07).
 */
type AccessMark = '@inaccessible' | '@authenticated' | '@requiresScopes' | '@policy' | '@deprecated';

/** The access marks a subgraph puts on its schema elements, by coordinate (`PageInfo.hasNextPage`), however it imported the directives. */
function accessMarksOf(subgraph: Subgraph): Map<string, Set<string>> {
  const metadata = subgraph.metadata();
  const directives: [AccessMark, { applications(): ReadonlySet<{ parent: unknown; arguments(): object }> } | undefined][] = [
    ['@inaccessible', metadata.inaccessibleDirective()],
    ['@authenticated', metadata.authenticatedDirective()],
    ['@requiresScopes', metadata.requiresScopesDirective()],
    ['@policy', metadata.policyDirective()],
    ['@deprecated', subgraph.schema.deprecatedDirective()],
  ];
  const marks = new Map<string, Set<string>>();
  for (const [mark, directive] of directives) {
    for (const application of directive?.applications() ?? []) {
      const coordinate = (application.parent as { coordinate?: string }).coordinate;
      if (coordinate === undefined) continue;
      const args = Object.keys(application.arguments()).length > 0 ? `(${JSON.stringify(application.arguments())})` : '';
      if (!marks.has(coordinate)) marks.set(coordinate, new Set());
      marks.get(coordinate)!.add(`${mark}${args}`);
    }
  }
  return marks;
}

/**
 * Access marks a subgraph puts on an element other subgraphs declare too (a shared value type's
 * field, a shared enum's value, a shared type) where none of those others puts the same mark.
 * Composition applies such a mark to every subgraph's element: one subgraph's `@inaccessible` on
 * `PageInfo.hasNextPage` took it out of every registry's lists for every client, and its
 * `@requiresScopes` there made the gateway refuse them to anyone without a scope it invented. A
 * subgraph may repeat the marks others put on what it shares with them, never add one; its own
 * elements are its own to mark. A subgraph whose schema does not build is left to composition,
 * which reports it. `ownGraph` (the directory, the gateway's own subgraph) marks what it serves as it likes
 * (`Person.nationalCode`), and what it declares only to read a registry's fields (`@external`) is
 * that registry's to mark; what it serves is no other subgraph's to mark either: until the audit of
 * 2026-12-07 a joining subgraph's `enum Registry { ... GUILDS @inaccessible }` took the guilds
 * registry out of every `person { registries }`, and `enum Registry @requiresScopes(...)` put every
 * field returning a registry behind a scope it made up, since only the registries were compared.
 */
export function accessMarksOnShared(subgraphs: readonly SubgraphTypeDefs[], ownGraph: string): GraphQLError[] {
  const built: { name: string; subgraph: Subgraph }[] = [];
  for (const { name, typeDefs } of subgraphs) {
    try {
      built.push({ name, subgraph: buildSubgraph(name, `http://${name}.invalid/graphql`, typeDefs) });
    } catch {
      continue;
    }
  }
  const marksOf = new Map(built.map(({ name, subgraph }) => [name, accessMarksOf(subgraph)] as const));
  // What the directory declares only to read a registry's fields (@external: a field, or a type all of whose fields are) is that registry's to mark; the rest it serves itself.
  const declares = ({ name, subgraph }: { name: string; subgraph: Subgraph }, coordinate: string): boolean => {
    const element = subgraph.schema.elementByCoordinate(coordinate);
    if (element === undefined || name !== ownGraph) return element !== undefined;
    const external = (field: Parameters<ReturnType<Subgraph['metadata']>['isFieldExternal']>[0]) => subgraph.metadata().isFieldExternal(field);
    if (element instanceof ObjectType || element instanceof InterfaceType) return element.fields().some((field) => !external(field));
    const field: unknown = element instanceof ArgumentDefinition ? element.parent : element;
    return !(field instanceof FieldDefinition && external(field as Parameters<typeof external>[0]));
  };
  const errors: GraphQLError[] = [];
  for (const { name } of built) {
    // The directory, the gateway's own subgraph, marks what it serves for all (`Person.nationalCode`).
    if (name === ownGraph) continue;
    for (const [coordinate, marks] of marksOf.get(name)!) {
      const others = built.filter((other) => other.name !== name && declares(other, coordinate));
      if (others.length === 0) continue;
      for (const mark of marks) {
        if (others.some((other) => marksOf.get(other.name)!.get(coordinate)?.has(mark))) continue;
        errors.push(
          takeover(
            `subgraph ${name} puts ${mark} on ${coordinate}, which ${others.map((other) => other.name).join(', ')} declare${others.length === 1 ? 's' : ''} too without it: composed, the mark would apply to theirs as well`,
          ),
        );
      }
    }
  }
  return errors;
}

/**
 * What a subgraph declares of an input object type (its fields, each with its type), an enum (its
 * values) or a field's arguments (each with its type, under the field's coordinate `Resolution.overdue`).
 */
interface InputShape {
  kind: 'input' | 'enum' | 'arguments';
  members: Map<string, string>;
}

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** A type's `!`s: `[ID!]!` is required twice over, `ID` not at all. */
const requiredness = (type: string): number => type.split('!').length - 1;

/**
 * The input object types and enums a schema declares or extends, definitions and extensions of one
 * name taken together, and the arguments of each field of its object and interface types.
 */
function inputShapesOf(typeDefs: DocumentNode): Map<string, InputShape> {
  const shapes = new Map<string, InputShape>();
  const shapeOf = (name: string, kind: InputShape['kind']): InputShape => {
    const shape = shapes.get(name) ?? { kind, members: new Map<string, string>() };
    shapes.set(name, shape);
    return shape;
  };
  for (const definition of typeDefs.definitions) {
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      const shape = shapeOf(definition.name.value, 'input');
      for (const field of definition.fields ?? []) shape.members.set(field.name.value, print(field.type));
    } else if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION) {
      const shape = shapeOf(definition.name.value, 'enum');
      for (const value of definition.values ?? []) shape.members.set(value.name.value, '');
    } else if (holdsOutputFields(definition)) {
      for (const field of definition.fields ?? []) {
        const shape = shapeOf(`${definition.name.value}.${field.name.value}`, 'arguments');
        for (const argument of field.arguments ?? []) shape.members.set(argument.name.value, print(argument.type));
      }
    }
  }
  return shapes;
}

/** The types a schema's object and interface fields return (its output positions). */
function outputTypesOf(typeDefs: DocumentNode): Set<string> {
  const output = new Set<string>();
  for (const definition of typeDefs.definitions.filter(holdsOutputFields)) {
    for (const field of definition.fields ?? []) output.add(namedTypeOf(field.type));
  }
  return output;
}

const listed = (names: readonly string[]): string => names.join(', ');

/**
 * Shared inputs a subgraph other than `ownGraph` (the directory) would narrow for all: an input
 * object type, or an enum used only as input, that other subgraphs declare too, where its
 * declaration lacks a field or value another declarer has, or makes a field required that another
 * takes as optional. Composition keeps of such a type only what every declarer accepts, for every
 * subgraph: a joining subgraph's `enum PersonOrder { NATIONAL_CODE }` took `NAME` out of every
 * registry's list orders, its `input MoveOrganisationInput { id: ID! }` took `parentId` out of
 * every registry's `move<Key>Organisation`, and `parentId: ID!` there left no way to move an
 * organisation to the top. So every declarer of a shared input declares it alike: a field or value
 * one adds is reported against those that lack it until they all have it (the gateway keeps the
 * supergraph it has meanwhile). An enum also returned by a field is composition's to refuse when
 * its declarations differ (ENUM_VALUE_MISMATCH). A field several subgraphs declare (an interface's,
 * a `@shareable` one's) keeps, composed, only the arguments every declarer gives it: a joining
 * subgraph's bare `interface Resolution { id: ID! overdue: Boolean! }` took `asOf` out of every
 * registry's `Resolution.overdue` (audit, 2026-12-07), so its arguments are declared alike too.
 */
export function narrowedSharedInputs(subgraphs: readonly SubgraphTypeDefs[], ownGraph: string): GraphQLError[] {
  const shapesBy = new Map(subgraphs.map(({ name, typeDefs }) => [name, inputShapesOf(typeDefs)] as const));
  const output = new Set(subgraphs.flatMap(({ typeDefs }) => [...outputTypesOf(typeDefs)]));
  const errors: GraphQLError[] = [];
  for (const [name, shapes] of shapesBy) {
    if (name === ownGraph) continue;
    for (const [type, shape] of shapes) {
      if (shape.kind === 'enum' && output.has(type)) continue;
      const others = [...shapesBy].flatMap(([other, otherShapes]) => {
        const otherShape = otherShapes.get(type);
        return other !== name && otherShape?.kind === shape.kind ? [{ other, members: otherShape.members }] : [];
      });
      if (others.length === 0) continue;
      const lacking = new Map<string, string[]>();
      const tightened = new Map<string, string[]>();
      for (const { other, members } of others) {
        for (const [member, memberType] of members) {
          const own = shape.members.get(member);
          const into = own === undefined ? lacking : requiredness(own) > requiredness(memberType) ? tightened : undefined;
          into?.set(member, [...(into.get(member) ?? []), other]);
        }
      }
      const what = { enum: 'value', input: 'field', arguments: 'argument' }[shape.kind];
      const coordinate = (member: string) => (shape.kind === 'arguments' ? `${type}(${member}:)` : `${type}.${member}`);
      for (const [member, declarers] of lacking)
        errors.push(
          takeover(
            `subgraph ${name} declares ${type} without its ${what} ${member}, which ${listed(declarers)} declare${declarers.length === 1 ? 's' : ''}: composed, ${type} would keep only what every subgraph declares, and ${member} would be gone for theirs too (every subgraph declares a shared input alike)`,
          ),
        );
      for (const [member, declarers] of tightened)
        errors.push(
          takeover(
            `subgraph ${name} makes ${coordinate(member)} ${shape.members.get(member)}, which ${listed(declarers)} take${declarers.length === 1 ? 's' : ''} as optional: composed, it would be required of their callers too (every subgraph declares a shared input alike)`,
          ),
        );
    }
  }
  return errors;
}

/** The names of the types a subgraph's schema declares or extends. */
function declaredTypesOf(typeDefs: DocumentNode): Set<string> {
  const declared = new Set<string>();
  for (const definition of typeDefs.definitions) {
    if (NAMED_TYPE_KINDS.has(definition.kind) && 'name' in definition && definition.name) declared.add(definition.name.value);
  }
  return declared;
}

export const stringArgument = (args: readonly ConstArgumentNode[] | undefined, name: string): string | undefined => {
  const value = args?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : value?.kind === Kind.ENUM ? value.value : undefined;
};

const keyOf = (fields: string): string => fields.trim().split(/\s+/).join(' ');

/** The fields a key selects at its top level (`id owner { code }` → id, owner). */
function topLevelFieldsOf(key: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  for (const token of key.match(/[{}]|[_A-Za-z][_0-9A-Za-z]*/g) ?? []) {
    if (token === '{') depth += 1;
    else if (token === '}') depth -= 1;
    else if (depth === 0) fields.push(token);
  }
  return fields;
}

/** Names the supergraph's `join__Graph` values stand for (`LABS` → `labs`). */
export function graphNamesOf(definitions: readonly DefinitionNode[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION) continue;
    for (const value of definition.values ?? []) {
      const joinGraph = value.directives?.find((directive) => directive.name.value === 'join__graph');
      const name = stringArgument(joinGraph?.arguments, 'name');
      if (name) names.set(value.name.value, name);
    }
  }
  return names;
}

const isTrue = (args: readonly ConstArgumentNode[] | undefined, name: string): boolean =>
  args?.some((argument) => argument.name.value === name && argument.value.kind === Kind.BOOLEAN && argument.value.value) ?? false;

/**
 * What a subgraph's fields reach for in others', read from the composed supergraph's
 * `@join__field`: a field taken over (`override`); fields of another subgraph it asks to be sent
 * (`requires`, `external`, `contextArguments`: the planner fetches them, personal ones included, and
 * sends them to it); fields it claims to answer for another (`provides`). Only the directory, the
 * gateway's own subgraph, reads across registries.
 */
function fieldReaches(args: readonly ConstArgumentNode[] | undefined, graph: string, field: string, keyField: boolean): string[] {
  const reaches: string[] = [];
  const from = stringArgument(args, 'override');
  if (from !== undefined && from !== graph) reaches.push(`takes ${field} over from ${from} (@override)`);
  const requires = stringArgument(args, 'requires');
  if (requires !== undefined) reaches.push(`asks to be sent ${keyOf(requires)} with ${field} (@requires)`);
  const provides = stringArgument(args, 'provides');
  if (provides !== undefined) reaches.push(`claims to answer ${keyOf(provides)} through ${field} (@provides)`);
  // A key field marked @external (as Federation 1 subgraphs mark them) is sent to it as the key anyway.
  if (isTrue(args, 'external') && !keyField) reaches.push(`declares ${field} @external`);
  if (args?.some((argument) => argument.name.value === 'contextArguments')) reaches.push(`reads arguments of ${field} from a context (@fromContext)`);
  return reaches;
}

/**
 * Where subgraphs other than `ownGraph` (the gateway's directory) reach into others' part of the
 * supergraph, each a SUBGRAPH_TAKEOVER: a field directive of {@link fieldReaches}, or an entity key
 * on a type another subgraph declares that is not one the directory gives that type (through a key
 * of its own choosing, `@key(fields: "holder { nationalCode }")`, the planner would send it whatever
 * that key selects). A type only one subgraph declares is its own to key as it likes.
 */
export function supergraphTakeovers(supergraphSdl: string, ownGraph: string): GraphQLError[] {
  // The supergraph's types and the join__Graph enum are all top-level definitions: one walk over them
  // (graphql-js's `visit` of the whole document twice cost more than composing from the cache).
  const definitions = parse(supergraphSdl, { noLocation: true }).definitions;
  const graphNames = graphNamesOf(definitions);
  const nameOf = (args: readonly ConstArgumentNode[] | undefined): string => {
    const graph = stringArgument(args, 'graph');
    return graph !== undefined ? (graphNames.get(graph) ?? graph) : 'a subgraph';
  };
  const errors: GraphQLError[] = [];
  for (const definition of definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const type = definition.name.value;
    const joins = (definition.directives ?? []).filter((directive) => directive.name.value === 'join__type').map((directive) => directive.arguments);
    const declarers = new Set(joins.map(nameOf));
    const ownKeys = new Set(
      joins
        .filter((args) => nameOf(args) === ownGraph)
        .flatMap((args) => stringArgument(args, 'key') ?? [])
        .map(keyOf),
    );
    for (const args of joins) {
      const graph = nameOf(args);
      const key = stringArgument(args, 'key');
      if (graph === ownGraph || key === undefined || declarers.size === 1 || ownKeys.has(keyOf(key))) continue;
      errors.push(takeover(`subgraph ${graph} keys ${type}, a type other subgraphs declare, by ${keyOf(key)}, a key the directory does not give it (@key)`));
    }
    // The top-level fields of each subgraph's keys of this type, read once per type.
    const keyFields = new Map<string, Set<string>>();
    for (const args of joins) {
      const graph = nameOf(args);
      const fields = keyFields.get(graph) ?? new Set<string>();
      for (const field of topLevelFieldsOf(stringArgument(args, 'key') ?? '')) fields.add(field);
      keyFields.set(graph, fields);
    }
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const graph = nameOf(directive.arguments);
        if (graph === ownGraph) continue;
        const reaches = fieldReaches(directive.arguments, graph, `${type}.${field.name.value}`, keyFields.get(graph)?.has(field.name.value) ?? false);
        for (const reach of reaches) errors.push(takeover(`subgraph ${graph} ${reach}`));
      }
    }
  }
  return errors;
}
