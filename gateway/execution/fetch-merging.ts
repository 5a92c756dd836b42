import type { FetchNode } from '@apollo/query-planner';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLFormattedError,
  Kind,
  OperationDefinitionNode,
  parse,
  print,
  stripIgnoredCharacters,
  VariableDefinitionNode,
  visit,
} from 'graphql';
import { BoundedCache } from './bounded-cache';
import type { SubgraphRequest, SubgraphResponse } from './subgraph-client';
import { UniqueRepresentations } from './unique-representations';

/**
 * Several entity fetches of one plan to one subgraph, sent as one request: each distinct entity
 * selection becomes one aliased `_entities` field (`_e0: _entities(representations: $_r0) {...}`),
 * fetches with the same selection share it, and a representation asked more than once is sent once.
 * The answer is split back into what each fetch would have received alone: its `_entities` list in
 * its own order (an entity asked twice is a copy of its own), and the errors under its place, with
 * the paths (`["_entities", i, ...]`) and the order (by representation) each would have had.
 *
 * A single fetch without a repeated representation is sent exactly as the plan has it.
 */

type ResultMap = Record<string, unknown>;

/** One entity fetch ready to go: its representations and the client's variables it uses. */
export interface EntityCall {
  fetch: FetchNode;
  queryJson: string;
  representations: ResultMap[];
  variables: ResultMap;
}

/** The one request for `calls`, and how to split its answer into one per call (in the order of `calls`). */
export interface MergedRequest {
  request: Omit<SubgraphRequest, 'path'>;
  split(response: SubgraphResponse): SubgraphResponse[];
}

/** The fetch's operation without its name: fetches with the same text select the same of the same entities. */
const selectionKeyOf = (fetch: FetchNode): string => fetch.operation.replace(/^query\s+[_A-Za-z][_0-9A-Za-z]*/, 'query');

interface Group {
  /** Where its answer is: the response name of its `_entities` field. */
  responseName: string;
  /** The representations sent, each once. */
  unique: ResultMap[];
}

/** For each call: its group, and the index in the group's `unique` list of each of its representations. */
interface Placement {
  group: number;
  indexes: number[];
}

interface MergedOperation {
  query: string;
  queryJson: string;
  operationName: string | undefined;
  document: DocumentNode;
}

/** The merged operations built, by the selection keys of their groups. */
const built = new BoundedCache<string, MergedOperation>(1_000);

export function mergeEntityCalls(calls: readonly EntityCall[]): MergedRequest {
  const groups: Group[] = [];
  const groupByKey = new Map<string, { group: number; seen: UniqueRepresentations }>();
  const placements: Placement[] = calls.map((call) => {
    const key = selectionKeyOf(call.fetch);
    let entry = groupByKey.get(key);
    if (!entry) {
      entry = { group: groups.length, seen: new UniqueRepresentations() };
      groupByKey.set(key, entry);
      groups.push({ responseName: '', unique: entry.seen.unique });
    }
    const seen = entry.seen;
    return { group: entry.group, indexes: call.representations.map((representation) => seen.indexOf(representation)) };
  });
  const firstOfGroup = groups.map((_, g) => calls[placements.findIndex((p) => p.group === g)]!);

  let request: Omit<SubgraphRequest, 'path'>;
  if (groups.length === 1) {
    // One selection: the plan's own operation, with each representation once.
    const first = firstOfGroup[0]!;
    groups[0]!.responseName = '_entities';
    request = {
      query: first.fetch.operation,
      queryJson: first.queryJson,
      operationName: first.fetch.operationName,
      variables: { ...mergedClientVariables(calls), representations: groups[0]!.unique },
      document: first.fetch.operationDocumentNode,
    };
  } else {
    const cacheKey = firstOfGroup.map((call) => selectionKeyOf(call.fetch)).join('\u0000');
    let operation = built.get(cacheKey);
    if (!operation) {
      operation = mergedOperation(firstOfGroup.map((call) => call.fetch));
      built.set(cacheKey, operation);
    }
    const variables: ResultMap = mergedClientVariables(calls);
    groups.forEach((group, g) => {
      group.responseName = `_e${g}`;
      variables[`_r${g}`] = group.unique;
    });
    request = { query: operation.query, queryJson: operation.queryJson, operationName: operation.operationName, variables, document: operation.document };
  }
  return { request, split: (response) => splitAnswer(response, calls, groups, placements) };
}

/** The client's variables the calls use (one operation's: a name has one value). */
function mergedClientVariables(calls: readonly EntityCall[]): ResultMap {
  const variables = Object.create(null) as ResultMap;
  for (const call of calls) Object.assign(variables, call.variables);
  return variables;
}

/** One operation with an aliased `_entities` field per fetch (each fetch a different selection), fragments kept apart where names clash. */
function mergedOperation(fetches: readonly FetchNode[]): MergedOperation {
  const variableDefinitions = new Map<string, VariableDefinitionNode>();
  const fields: FieldNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  fetches.forEach((fetch, g) => {
    const document = fetch.operationDocumentNode ?? parse(fetch.operation);
    // A fragment of the same name but another text in an earlier fetch: this fetch's gets its own name.
    const renamed = new Map<string, string>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const existing = fragments.get(definition.name.value);
      if (existing && print(existing) !== print(definition)) renamed.set(definition.name.value, `${definition.name.value}_m${g}`);
    }
    const representations = `_r${g}`;
    const rewritten = visit(document, {
      Variable: (node) => (node.name.value === 'representations' ? { ...node, name: { ...node.name, value: representations } } : undefined),
      FragmentSpread: (node) => (renamed.has(node.name.value) ? { ...node, name: { ...node.name, value: renamed.get(node.name.value)! } } : undefined),
      FragmentDefinition: (node) => (renamed.has(node.name.value) ? { ...node, name: { ...node.name, value: renamed.get(node.name.value)! } } : undefined),
    });
    for (const definition of rewritten.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        if (!fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        for (const variable of definition.variableDefinitions ?? []) {
          if (!variableDefinitions.has(variable.variable.name.value)) variableDefinitions.set(variable.variable.name.value, variable);
        }
        const entities = entitiesFieldOf(definition);
        fields.push({ ...entities, alias: { kind: Kind.NAME, value: `_e${g}` } });
      }
    }
  });
  const operationName = fetches[0]!.operationName;
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    ...(operationName ? { name: { kind: Kind.NAME, value: operationName } } : {}),
    variableDefinitions: [...variableDefinitions.values()],
    directives: [],
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments.values()] };
  const query = stripIgnoredCharacters(print(document));
  return { query, queryJson: JSON.stringify(query), operationName, document };
}

function entitiesFieldOf(operation: OperationDefinitionNode): FieldNode {
  const field = operation.selectionSet.selections.find((selection): selection is FieldNode => selection.kind === Kind.FIELD && selection.name.value === '_entities');
  if (!field) throw new Error('an entity fetch without `_entities`');
  return field;
}

/** A copy of a JSON value (an entity answered once for two places gets one object per place). */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value !== null && typeof value === 'object') {
    const copy: ResultMap = {};
    for (const key of Object.keys(value)) copy[key] = copyOf((value as ResultMap)[key]);
    return copy;
  }
  return value;
}

/** The answer each call would have had alone. */
function splitAnswer(response: SubgraphResponse, calls: readonly EntityCall[], groups: readonly Group[], placements: readonly Placement[]): SubgraphResponse[] {
  const data = response.data;
  const errors = response.errors ?? [];
  /** The errors under each group's field, by the index of the representation they are at (-1: at the field itself or deeper without an index). */
  const byGroup = groups.map(() => new Map<number, GraphQLFormattedError[]>());
  const elsewhere: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const g = error.path ? groups.findIndex((group) => group.responseName === error.path![0]) : -1;
    if (g < 0) {
      elsewhere.push(error);
      continue;
    }
    const index = typeof error.path![1] === 'number' ? error.path![1] : -1;
    const at = byGroup[g]!;
    at.set(index, [...(at.get(index) ?? []), error]);
  }
  const used = groups.map(() => new Set<number>());
  return calls.map((_, c) => {
    const { group: g, indexes } = placements[c]!;
    const group = groups[g]!;
    const errorsOf: GraphQLFormattedError[] = [...elsewhere];
    for (const error of byGroup[g]!.get(-1) ?? []) errorsOf.push({ ...error, path: ['_entities', ...error.path!.slice(1)] });
    indexes.forEach((k, i) => {
      for (const error of byGroup[g]!.get(k) ?? []) errorsOf.push({ ...error, path: ['_entities', i, ...error.path!.slice(2)] });
    });
    const answer: SubgraphResponse = errorsOf.length > 0 ? { errors: errorsOf } : {};
    if (data === null) return { ...answer, data: null };
    if (data === undefined) return answer;
    const list: unknown = data[group.responseName];
    if (!Array.isArray(list)) return { ...answer, data: { _entities: list } };
    const entities = indexes.map((k): unknown => {
      if (!used[g]!.has(k)) {
        used[g]!.add(k);
        return list[k];
      }
      return copyOf(list[k]);
    });
    return { ...answer, data: { _entities: entities } };
  });
}
