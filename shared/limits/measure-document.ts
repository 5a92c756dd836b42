import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNullableType,
  GraphQLSchema,
  isListType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  TypeInfo,
  ValueNode,
} from 'graphql';

/** How many items the cost estimate assumes a list holds when the query does not say. */
export const LIST_SIZE_GUESS = {
  /** A paginated field (one with a `first` argument) whose `first` is not given and has no default. */
  connection: 20,
  /** A plain list, such as a member's roles or a project's cooperating organisations. */
  plain: 10,
};

/** Federation's entity batch: a subgraph resolves one entity per representation it is given. */
const ENTITIES_FIELD = '_entities';

/** What one operation measures, its fragments expanded. */
export interface OperationMeasures {
  /** The operation's name, or `anonymous`. */
  name: string;
  /** The deepest field nesting: `{ a { b } }` is 2. Inside introspection, `ofType` does not add a level. */
  depth: number;
  /** How many fields carry an alias, each fragment counted as often as it is spread. */
  aliases: number;
  /** How many fields the operation's top level selects. */
  rootFields: number;
  /** Every field costs 1 for each item of the lists above it (see `LIST_SIZE_GUESS`; `_entities` counts its representations); `__schema` and `__type` cost 1 in all. */
  cost: number;
  /** The first introspection field met (`__schema` or `__type`), if any. */
  introspection?: string;
  /** Whether a fragment spreads itself, directly or not (validation refuses it; the walk stops there). */
  fragmentCycle: boolean;
}

interface Measure {
  depth: number;
  aliases: number;
  /** Fields at this selection set's own level, inline fragments and spreads expanded. */
  fields: number;
  /** The cost of one copy of this selection set. */
  cost: number;
  introspection?: string | undefined;
}

const EMPTY: Measure = { depth: 0, aliases: 0, fields: 0, cost: 0 };

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * Measures every operation of a parsed (not yet validated) document against the schema it is
 * sent to (the gateway's API schema, or a subgraph's), in one walk. A list costs its `first`, or,
 * for a subgraph's `_entities`, the number of representations it is given. Fragments are expanded by reference: each fragment is measured once per list size it is
 * spread under and the result reused, so fragments spread many times cost no more than once, and a
 * fragment that spreads itself (which validation refuses later) stops the walk there instead of
 * looping. Unknown fields and types (which validation also refuses later) count as plain fields.
 */
export function measureDocument(document: DocumentNode, schema: GraphQLSchema, variables: Record<string, unknown> = {}): OperationMeasures[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measures: OperationMeasures[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) measures.push(measureOperation(definition, fragments, schema, variables));
  }
  return measures;
}

function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  schema: GraphQLSchema,
  variables: Record<string, unknown>,
): OperationMeasures {
  const typeInfo = new TypeInfo(schema);
  const memo = new Map<string, Measure>();
  const expanding = new Set<string>();
  let fragmentCycle = false;

  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }

  /** An integer argument value as the request gives it (literal or variable), else undefined. */
  const intValue = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      const given = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
      if (typeof given === 'number' && Number.isInteger(given)) return given;
      return given === undefined ? intValue(defaults.get(name)) : undefined;
    }
    return undefined;
  };

  /** How many representations an `_entities` batch is given (a list literal or a variable's array), else undefined. */
  const representationCount = (field: FieldNode): number | undefined => {
    if (field.name.value !== ENTITIES_FIELD) return undefined;
    const value = field.arguments?.find((a) => a.name.value === 'representations')?.value;
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind === Kind.VARIABLE) {
      const given = Object.prototype.hasOwnProperty.call(variables, value.name.value) ? variables[value.name.value] : undefined;
      if (Array.isArray(given)) return given.length;
    }
    return undefined;
  };

  /** `first` as given on the field, else its schema default; undefined when the field takes no `first`. */
  const pageSize = (field: FieldNode): number | undefined => {
    const argument = field.arguments?.find((a) => a.name.value === 'first');
    const given = intValue(argument?.value);
    if (given !== undefined) return Math.max(1, given);
    const definition = typeInfo.getFieldDef()?.args.find((a) => a.name === 'first');
    if (!definition) return argument ? LIST_SIZE_GUESS.connection : undefined;
    const fallback = definition.defaultValue;
    return typeof fallback === 'number' && Number.isInteger(fallback) ? Math.max(1, fallback) : LIST_SIZE_GUESS.connection;
  };

  /**
   * `pending`: the page size of the field above when it was a paginated non-list (a connection),
   * which its list children (`nodes`) take as their size.
   */
  function selectionSet(set: SelectionSetNode, pending: number | undefined): Measure {
    typeInfo.enter(set);
    const total: Measure = { depth: 0, aliases: 0, fields: 0, cost: 0 };
    for (const selection of set.selections) {
      let part: Measure;
      if (selection.kind === Kind.FIELD) part = field(selection, pending);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        typeInfo.enter(selection);
        part = selectionSet(selection.selectionSet, pending);
        typeInfo.leave(selection);
      } else part = spread(selection.name.value, pending);
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.fields += part.fields;
      total.cost += part.cost;
      total.introspection ??= part.introspection;
    }
    typeInfo.leave(set);
    return total;
  }

  function field(node: FieldNode, pending: number | undefined): Measure {
    const parent = typeInfo.getParentType();
    typeInfo.enter(node);
    const name = node.name.value;
    const returns = typeInfo.getType();
    const isList = returns !== null && returns !== undefined && isListType(getNullableType(returns));
    const first = pageSize(node);
    const size = isList ? (representationCount(node) ?? first ?? pending ?? LIST_SIZE_GUESS.plain) : 1;
    const below = node.selectionSet ? selectionSet(node.selectionSet, isList ? undefined : first) : EMPTY;
    typeInfo.leave(node);
    // A type reference's `ofType` chain (`NON_NULL` of `LIST` of ...) is one type, not nesting.
    const flat = name === 'ofType' && parent?.name === '__Type';
    return {
      depth: below.depth + (flat ? 0 : 1),
      aliases: below.aliases + (node.alias ? 1 : 0),
      fields: 1,
      // Introspection is answered by the gateway from the schema in memory, never by a subgraph, and
      // validation bounds it (graphql-js's MaxIntrospectionDepthRule), so its subtree costs nothing more.
      cost: INTROSPECTION_FIELDS.has(name) ? 1 : 1 + size * below.cost,
      introspection: INTROSPECTION_FIELDS.has(name) ? name : below.introspection,
    };
  }

  function spread(name: string, pending: number | undefined): Measure {
    const definition = fragments.get(name);
    if (!definition) return EMPTY;
    if (expanding.has(name)) {
      fragmentCycle = true;
      return EMPTY;
    }
    const key = `${name}|${pending ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    expanding.add(name);
    typeInfo.enter(definition);
    const measure = selectionSet(definition.selectionSet, pending);
    typeInfo.leave(definition);
    expanding.delete(name);
    memo.set(key, measure);
    return measure;
  }

  typeInfo.enter(operation);
  const root = selectionSet(operation.selectionSet, undefined);
  typeInfo.leave(operation);
  return {
    name: operation.name?.value ?? 'anonymous',
    depth: root.depth,
    aliases: root.aliases,
    rootFields: root.fields,
    cost: root.cost,
    ...(root.introspection ? { introspection: root.introspection } : {}),
    fragmentCycle,
  };
}
