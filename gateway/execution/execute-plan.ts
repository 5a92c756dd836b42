import { errorCodeDef, ERRORS } from '@apollo/federation-internals';
import type { FetchNode, PlanNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import {
  GraphQLError,
  GraphQLErrorOptions,
  GraphQLFormattedError,
  GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
} from 'graphql';
import { message, messageExtensions } from '../../shared/messages/catalog';
import { AnswerShape, deepMerge, FetchSelections, fetchSelectionsOf, mergeAnswer, shapeHolds } from './answer-shape';
import { applyRewrites } from './data-rewrites';
import { noteSubgraphFailed, SUBGRAPH_UNAVAILABLE } from './outages';
import { CompiledShape, selectsPath } from './shape';
import { textOf } from '../../shared/text/text-of';
import { mergeEntityCalls } from './fetch-merging';
import { changeNulledBelow, changesOfFetch } from './mutation-chain';
import type { SubgraphClient, SubgraphRequest, SubgraphResponse } from './subgraph-client';

/**
 * Runs a query plan (Sequence, Parallel, Flatten, Fetch, Condition nodes) the way Apollo Gateway's
 * `executeQueryPlan` does (@apollo/gateway/src/executeQueryPlan.ts): the same cursors, the same
 * entity representations from each fetch's `requires`, the same data rewrites (`@interfaceObject`),
 * the same deep merge of `_entities` into the entities in place, and the same errors with the same
 * paths. What it leaves out is what the product does not use: Studio traces (ftv1), and context
 * rewrites (`@fromContext`; those plans run on Apollo Gateway's executor, see `unsupportedPlanFeature`).
 *
 * Where a fetch fails it deliberately answers otherwise than Apollo Gateway, which reports one error
 * without a path and leaves the fields the fetch was for missing (so a field computed from them
 * later is skipped, and a non-null one nulls its parents): a fetch that could not be made at all,
 * or an entity its subgraph answered null with an error, sets each field it was for to null (so
 * what is computed from it later still runs, and knows, through `noteSubgraphFailed`, that the
 * part is unknown), with one error at each such field the client asked for, naming the subgraph.
 * Null then propagates from those paths by GraphQL's rules.
 */

type ResultMap = Record<string, unknown>;
type ResponsePath = (string | number)[];

/** A fetch node with its operation text serialised once, for the request body. */
export interface PreparedFetch {
  queryJson: string;
  /** The fields the fetch merges into each entity it is for (or into the root), to set null when it fails. */
  fields: FetchedField[];
  /** What its answer may write (answer-shape.ts): what the fetch selected, and nothing else. */
  answer: AnswerShape;
}

/** A field a fetch merges into an entity (or the root): its response name, and the type it is asked on (none: any). */
export interface FetchedField {
  responseName: string;
  typeCondition: string | undefined;
}

export interface PlanContext {
  requestContext: GatewayGraphQLRequestContext;
  variables: Record<string, unknown> | undefined;
  /** Variable defaults of the operation, for Condition nodes. */
  defaults: Record<string, unknown>;
  clients: ReadonlyMap<string, SubgraphClient>;
  fetches: ReadonlyMap<FetchNode, PreparedFetch>;
  /** The supergraph schema (graphql-js): `requires` may name @inaccessible types and fields. */
  supergraphSchema: GraphQLSchema;
  /** The client's selections, to tell which fields of a failed fetch the client asked for. */
  shape: CompiledShape;
  /** The API schema `shape` was compiled on: what shapes the answer as the client gets it (mutation-chain.ts). */
  apiSchema: GraphQLSchema;
  errors: unknown[];
  /** Entity fetches to one subgraph that can go together sent as one request (fetch-merging.ts); else each fetch as the plan has it. */
  mergeFetches?: boolean;
  /** A mutation's root field left null though it cannot be (mutation-chain.ts): the root fetches after it are not sent. */
  failedChange?: string | undefined;
  /** The root fields of a mutation whose changes were made, while none has failed (mutation-chain.ts). */
  madeChanges?: string[];
}

interface Cursor {
  path: ResponsePath;
  data: ResultMap | ResultMap[];
  fullResult: ResultMap;
}

const tracer = trace.getTracer('@apollo/gateway');
const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
const isObject = (value: unknown): value is ResultMap => value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);

/** Why a plan cannot run here (and so runs on Apollo Gateway's executor), or undefined when it can. */
export function unsupportedPlanFeature(node: PlanNode | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) {
        const reason = unsupportedPlanFeature(child);
        if (reason) return reason;
      }
      return undefined;
    case 'Flatten':
      return unsupportedPlanFeature(node.node);
    case 'Condition':
      return unsupportedPlanFeature(node.ifClause) ?? unsupportedPlanFeature(node.elseClause);
    case 'Fetch':
      // Apollo Gateway's executor does not read context rewrites (@fromContext) either; it answers those plans itself.
      if (node.contextRewrites?.length) return 'context rewrites';
      if (node.hasDefers) return '@defer';
      return undefined;
    default:
      return (node as { kind: string }).kind;
  }
}

/** Every fetch node of a plan, to prepare each once. */
export function fetchNodesOf(node: PlanNode | undefined, into: FetchNode[] = []): FetchNode[] {
  if (!node) return into;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) fetchNodesOf(child, into);
      break;
    case 'Flatten':
      fetchNodesOf(node.node, into);
      break;
    case 'Condition':
      fetchNodesOf(node.ifClause, into);
      fetchNodesOf(node.elseClause, into);
      break;
    case 'Fetch':
      into.push(node);
      break;
    default:
      break;
  }
  return into;
}

/** The fetches a plan makes at the root of the answer (not under a Flatten): those that fetch the root fields. */
export function rootFetchesOf(node: PlanNode | undefined, into: FetchNode[] = []): FetchNode[] {
  if (!node) return into;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      for (const child of node.nodes) rootFetchesOf(child, into);
      break;
    case 'Condition':
      rootFetchesOf(node.ifClause, into);
      rootFetchesOf(node.elseClause, into);
      break;
    case 'Fetch':
      if (!node.requires) into.push(node);
      break;
    default:
      break;
  }
  return into;
}

/**
 * The fields a fetch's operation merges into each entity it is for: the selections inside
 * `_entities` for an entity fetch, the root fields otherwise (named fragments followed).
 */
export function fetchedFieldsOf(fetch: FetchNode, selections: FetchSelections = fetchSelectionsOf(fetch)): FetchedField[] {
  const { selectionSet, fragments } = selections;
  const fields: FetchedField[] = [];
  const visit = (set: SelectionSetNode, typeCondition: string | undefined): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') fields.push({ responseName: selection.alias?.value ?? selection.name.value, typeCondition });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, selection.typeCondition?.name.value ?? typeCondition);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, fragment.typeCondition.name.value);
      }
    }
  };
  if (selectionSet) visit(selectionSet, undefined);
  return fields;
}

function flattenResultsAtPath(value: unknown, path: ResponsePath, from: number): unknown {
  if (from === path.length) return value;
  if (value === undefined || value === null) return value;
  const current = path[from];
  if (current === '@') {
    const list = value as unknown[];
    const out: unknown[] = [];
    for (const element of list) {
      const flattened = flattenResultsAtPath(element, path, from + 1);
      if (Array.isArray(flattened)) for (const item of flattened) out.push(item);
      else out.push(flattened);
    }
    return out;
  }
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  const object = value as ResultMap;
  return flattenResultsAtPath(hasOwn(object, current) ? object[current] : undefined, path, from + 1);
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path, 0) as Cursor['data'] | null | undefined;
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/** Apollo Gateway's `isObjectOfType`, on the supergraph schema. */
function isObjectOfType(schema: GraphQLSchema, object: ResultMap, typeCondition: string): boolean {
  const typename = object.__typename as string | undefined;
  if (!typename) return false;
  if (typeCondition === typename) return true;
  const type = schema.getType(typename);
  if (!type) return false;
  const condition = schema.getType(typeCondition);
  if (!condition) return false;
  if (isAbstractType(condition)) return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
  return false;
}

/** A representation of `source` for an `_entities` fetch: the fields its `requires` selects, or null when one is missing. */
function representationOf(schema: GraphQLSchema, source: ResultMap | null, selections: QueryPlanSelectionNode[]): ResultMap | null {
  if (source === null) return null;
  // A plain object, which JSON.stringify writes twice as fast as one without a prototype: its keys are
  // the plan's response names, and no GraphQL name but `__typename` may start with `__` (not `__proto__`).
  const result: ResultMap = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const responseName = selection.alias ?? selection.name;
      const value = hasOwn(source, responseName) ? source[responseName] : undefined;
      if (value === undefined) return null;
      const sub = selection.selections;
      if (Array.isArray(value)) result[responseName] = value.map((item: unknown) => (sub ? representationOf(schema, item as ResultMap | null, sub) : item));
      else if (sub) result[responseName] = representationOf(schema, value as ResultMap | null, sub);
      else result[responseName] = value;
    } else {
      if (!selection.typeCondition) continue;
      if (isObjectOfType(schema, source, selection.typeCondition)) deepMerge(result, representationOf(schema, source, selection.selections));
    }
  }
  return result;
}

function generateHydratedPaths(parent: ResponsePath, path: ResponsePath, data: unknown, result: ResponsePath[]): void {
  if (data === null || data === undefined) return;
  const head = path[0];
  if (head === undefined) {
    result.push(parent.slice());
  } else if (head === '@') {
    (data as unknown[]).forEach((value, i) => {
      parent.push(i);
      generateHydratedPaths(parent, path.slice(1), value, result);
      parent.pop();
    });
  } else if (Array.isArray(data)) {
    data.forEach((value, i) => {
      parent.push(i);
      generateHydratedPaths(parent, path, value, result);
      parent.pop();
    });
  } else if (hasOwn(data, head as string)) {
    parent.push(head);
    generateHydratedPaths(parent, path.slice(1), (data as ResultMap)[head as string], result);
    parent.pop();
  }
}

/**
 * Apollo Gateway's `downstreamServiceError`, with its lazily hydrated error paths, and a check of
 * its own: an error keeps its path only when the path lies in what the fetch selected (`shape`). A
 * subgraph is run by an association the others do not control; an error pointing into another
 * registry's part of the answer would be shown against that registry's data (integrity audit,
 * 2026-12-06). The name a remote subgraph's error gives is checked as it arrives (remote-errors.ts).
 */
function downstreamErrors(errors: readonly GraphQLFormattedError[], fetch: FetchNode, cursor: Cursor, shape: AnswerShape): GraphQLError[] {
  let hydrated: ResponsePath[] | undefined;
  const pathOf = (errorPath: GraphQLFormattedError['path']): ResponsePath | undefined => {
    if (!errorPath) return undefined;
    if (fetch.requires && errorPath[0] !== '_entities') return undefined;
    if (fetch.requires && typeof errorPath[1] === 'number') {
      const inEntity = errorPath.slice(2);
      if (!shapeHolds(shape, inEntity)) return undefined;
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...inEntity];
    }
    if (!fetch.requires && !shapeHolds(shape, errorPath)) return undefined;
    return [...cursor.path, ...errorPath];
  };
  return errors.map((original) => {
    const message = original.message || `Error while fetching subquery from service "${fetch.serviceName}"`;
    const path = pathOf(original.path);
    const options: GraphQLErrorOptions = {
      originalError: original as unknown as Error,
      ...(path ? { path } : {}),
      extensions: { ...original.extensions, serviceName: fetch.serviceName },
    };
    const codeDef = errorCodeDef(original);
    if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
    return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
  });
}

/** Whether the client asked for the field at `path`. */
const asked = (context: PlanContext, path: readonly (string | number)[]): boolean =>
  selectsPath(context.shape, path, { variables: context.variables ?? {}, defaults: context.defaults });

/**
 * A subgraph's errors as the client gets them (`downstreamErrors`), without the failures (a
 * subgraph unavailable, or a field of an entity that failed) at fields the client did not ask for:
 * fields the plan fetched only for a later fetch, whose failure that fetch reports where it
 * matters, or that the result shaping leaves out (@skip/@include).
 */
function reportedErrors(
  context: PlanContext,
  errors: readonly GraphQLFormattedError[],
  fetch: FetchNode,
  cursor: Cursor,
  failedFields: ReadonlySet<GraphQLFormattedError> = new Set(),
): GraphQLError[] {
  return downstreamErrors(errors, fetch, cursor, context.fetches.get(fetch)!.answer).filter((error, i) => {
    const failure = error.extensions.code === SUBGRAPH_UNAVAILABLE || failedFields.has(errors[i]!);
    return !failure || !error.path || asked(context, error.path);
  });
}

/** The code of a change of a mutation not sent because one before it failed (mutation-chain.ts). */
export const MUTATION_NOT_SENT = 'MUTATION_NOT_SENT';
/** The code of a change of a mutation made whose answer is lost: one after it failed and nulled the whole answer. */
export const MUTATION_ANSWER_LOST = 'MUTATION_ANSWER_LOST';
/** The code of a change its subgraph did not run: one before it in the same fetch failed (graphql-js runs none after it). */
export const MUTATION_NOT_RUN = 'MUTATION_NOT_RUN';

/** What the client is told about a fetch that failed: the subgraph's own words when they are a coded GraphQL error, never network text. */
function failureOf(serviceName: string, cause: unknown): { message: string; extensions: Record<string, unknown> } {
  if (cause instanceof GraphQLError && typeof cause.extensions.code === 'string') {
    const { messageId, params } = cause.extensions;
    return { message: cause.message, extensions: { code: cause.extensions.code, subgraph: cause.extensions.subgraph ?? serviceName, ...(messageId ? { messageId, params } : {}) } };
  }
  const unreachable = message('SUBGRAPH_UNREACHABLE', { subgraph: serviceName });
  return { message: unreachable.text, extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: serviceName, ...messageExtensions(unreachable) } };
}

/**
 * An entity (or the root) the fetch could not fill: each field the fetch was for that it does not
 * have yet becomes null, with an error at each one the client asked for.
 */
function markUnfilled(context: PlanContext, fetch: FetchNode, entity: ResultMap, path: ResponsePath, failure: { message: string; extensions: Record<string, unknown> }): void {
  for (const field of context.fetches.get(fetch)!.fields) {
    if (field.typeCondition && typeof entity.__typename === 'string' && !isObjectOfType(context.supergraphSchema, entity, field.typeCondition)) continue;
    if (hasOwn(entity, field.responseName)) continue;
    entity[field.responseName] = null;
    const fieldPath = [...path, field.responseName];
    if (asked(context, fieldPath)) {
      context.errors.push(new GraphQLError(failure.message, { path: fieldPath, extensions: { ...failure.extensions, serviceName: fetch.serviceName } }));
    }
  }
}

/** The response path of each entity of `cursor`, in the order of its non-null entities. */
function entityPaths(cursor: Cursor): ResponsePath[] {
  const paths: ResponsePath[] = [];
  generateHydratedPaths([], cursor.path, cursor.fullResult, paths);
  return paths;
}

/** The fetch could not be made (or its subgraph did not answer): every entity it was for is left unfilled. */
function failFetch(context: PlanContext, fetch: FetchNode, cursor: Cursor, entityIndexes: number[], cause: unknown, entities: ResultMap[]): void {
  noteSubgraphFailed(context.requestContext.context, fetch.serviceName);
  const failure = failureOf(fetch.serviceName, cause);
  const paths = entityPaths(cursor);
  for (const index of entityIndexes) markUnfilled(context, fetch, entities[index]!, paths[index] ?? cursor.path, failure);
}

/** How an `_entities` answer went wrong for some of its entities. */
interface EntityFailures {
  /** The entities it answered null with an error under their place, by representation index, with the first such error. */
  entities: Map<number, GraphQLFormattedError>;
  /** Those errors, all of them: the errors at the fields the fetch was for replace them. */
  replaced: Set<GraphQLFormattedError>;
  /** Errors that left a field the fetch was for null on an entity it did answer. */
  failedFields: Set<GraphQLFormattedError>;
}

function entityFailuresOf(errors: readonly GraphQLFormattedError[], list: unknown): EntityFailures {
  const failures: EntityFailures = { entities: new Map(), replaced: new Set(), failedFields: new Set() };
  if (!Array.isArray(list)) return failures;
  for (const error of errors) {
    const path = error.path;
    if (path?.[0] !== '_entities' || typeof path[1] !== 'number') continue;
    const entity: unknown = list[path[1]];
    if (entity === null) {
      if (!failures.entities.has(path[1])) failures.entities.set(path[1], error);
      failures.replaced.add(error);
    } else if (path.length > 2 && isObject(entity) && entity[path[2] as string] === null) {
      failures.failedFields.add(error);
    }
  }
  return failures;
}

/** A fetch ready to send: the entities it is for, its variables, and (for an entity fetch) their representations. */
interface PreparedCall {
  fetch: FetchNode;
  cursor: Cursor;
  entities: ResultMap[];
  variables: ResultMap;
  /** An entity fetch's representations, and the index in `entities` of the entity of each. */
  representations?: ResultMap[];
  owners?: number[];
}

/** The fetch as it will be sent, or undefined when there is nothing to fetch (no entity, or none with a representation). */
function prepareCall(context: PlanContext, fetch: FetchNode, cursor: Cursor): PreparedCall | undefined {
  if (!context.clients.has(fetch.serviceName)) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities: ResultMap[] = Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data];
  if (entities.length < 1) return undefined;

  const variables = Object.create(null) as ResultMap;
  const provided = context.variables;
  if (fetch.variableUsages && provided) {
    for (const name of fetch.variableUsages) {
      if (hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
  }
  if (!fetch.requires) return { fetch, cursor, entities, variables };

  const representations: ResultMap[] = [];
  const owners: number[] = [];
  entities.forEach((entity, index) => {
    const representation = representationOf(context.supergraphSchema, entity, fetch.requires!);
    if (representation && representation.__typename) {
      applyRewrites(context.supergraphSchema, fetch.inputRewrites, representation);
      representations.push(representation);
      owners.push(index);
    }
  });
  if (representations.length < 1) return undefined;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  return { fetch, cursor, entities, variables, representations, owners };
}

/** The indexes of the entities a call was to fill (all of them for a root fetch). */
const ownersOf = (call: PreparedCall): number[] => call.owners ?? call.entities.map((_, i) => i);

/** The subgraph's answer, or undefined when there was none (every entity of every call is then left unfilled). */
async function sendRequest(context: PlanContext, calls: readonly PreparedCall[], request: SubgraphRequest): Promise<SubgraphResponse | undefined> {
  try {
    return await context.clients.get(calls[0]!.fetch.serviceName)!.send(request, context.requestContext);
  } catch (error) {
    for (const call of calls) failFetch(context, call.fetch, call.cursor, ownersOf(call), error, call.entities);
    return undefined;
  }
}

/** Whether `call` fetches root fields of a mutation: changes, made one after another. */
const isChange = (context: PlanContext, call: PreparedCall): boolean => !call.representations && context.requestContext.operation?.operation === OperationTypeNode.MUTATION;

/** A change not sent because one before it failed (mutation-chain.ts): its fields null, with an error at each saying it was not made. */
function skipChange(context: PlanContext, call: PreparedCall, failed: string): void {
  const notSent = message('MUTATION_NOT_SENT', { failed });
  const failure = { message: notSent.text, extensions: { code: MUTATION_NOT_SENT, ...messageExtensions(notSent) } };
  for (const entity of call.entities) markUnfilled(context, call.fetch, entity, call.cursor.path, failure);
}

/** One fetch, sent as the plan has it; a mutation's root fetch only while every change before it was answered (mutation-chain.ts). */
async function executeCall(context: PlanContext, call: PreparedCall): Promise<void> {
  const { fetch, cursor } = call;
  const change = isChange(context, call);
  if (change && context.failedChange === undefined) noteChangeNulledBelow(context, cursor);
  if (change && context.failedChange !== undefined) return skipChange(context, call, context.failedChange);
  const variables = call.representations ? { ...call.variables, representations: call.representations } : call.variables;
  const response = await sendRequest(context, [call], {
    query: fetch.operation,
    queryJson: context.fetches.get(fetch)!.queryJson,
    operationName: fetch.operationName,
    variables,
    path: cursor.path,
    document: fetch.operationDocumentNode,
  });
  if (response) receive(context, call, response);
  if (change && context.failedChange === undefined) noteChanges(context, call, response);
}

/**
 * What became of a mutation's root fetch (mutation-chain.ts): its changes made are remembered; once
 * one fails and nulls the whole answer, each change made before it is said to be made (its answer
 * lost), and each its subgraph did not run after it is said not to be made.
 */
function noteChanges(context: PlanContext, call: PreparedCall, response: SubgraphResponse | undefined): void {
  const variables = { ...context.defaults, ...call.variables };
  const outcome = changesOfFetch(context.supergraphSchema, call.fetch, call.cursor.data as ResultMap, response !== undefined, response?.errors, variables);
  const made = [...(context.madeChanges ?? []), ...outcome.made];
  if (outcome.failed === undefined) {
    context.madeChanges = made;
    return;
  }
  context.failedChange = outcome.failed;
  tellChanges(context, made, MUTATION_ANSWER_LOST, 'MUTATION_ANSWER_LOST', outcome.failed);
  tellChanges(context, outcome.notRun, MUTATION_NOT_RUN, 'MUTATION_NOT_RUN', outcome.failed);
}

/** Tells, at the path of each change of `names` the client asked for, what became of it once `failed` failed. */
function tellChanges(context: PlanContext, names: readonly string[], code: string, id: string, failed: string): void {
  const told = message(id, { failed });
  for (const name of names) if (asked(context, [name])) context.errors.push(new GraphQLError(told.text, { path: [name], extensions: { code, ...messageExtensions(told) } }));
}

/**
 * Before a root fetch of a mutation: a change made whose answer a later fetch nulled (a non-null
 * field under it failed, and the null rose to its root field, so to `data`) fails the chain as one
 * its own subgraph left null would (mutation-chain.ts). It was made, its answer lost; so was each
 * change made before it, and each one its registry made after it in the same fetch (consecutive
 * root fields of one registry go in one request, which runs them all before the fields under them
 * are filled); the root fetches after it are not sent.
 */
function noteChangeNulledBelow(context: PlanContext, cursor: Cursor): void {
  const made = context.madeChanges ?? [];
  const nulled = changeNulledBelow(context.apiSchema, context.shape, cursor.fullResult, made, context.variables);
  if (nulled === undefined) return;
  context.failedChange = nulled;
  tellChanges(context, made.slice(0, made.indexOf(nulled)), MUTATION_ANSWER_LOST, 'MUTATION_ANSWER_LOST', nulled);
  tellChanges(context, [nulled], MUTATION_ANSWER_LOST, 'MUTATION_ANSWER_NULLED', nulled);
  tellChanges(context, made.slice(made.indexOf(nulled) + 1), MUTATION_ANSWER_LOST, 'MUTATION_ANSWER_LOST_AFTER_NULLED', nulled);
}

async function executeFetch(context: PlanContext, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const call = prepareCall(context, fetch, cursor);
  if (call) await executeCall(context, call);
}

/** Merges a fetch's answer into the entities (or the root) it is for, and reports its errors. */
function receive(context: PlanContext, call: PreparedCall, response: SubgraphResponse): void {
  const { fetch, cursor, entities } = call;
  if (!call.representations) {
    if (response.errors) for (const error of reportedErrors(context, response.errors, fetch, cursor)) context.errors.push(error);
    applyRewrites(context.supergraphSchema, fetch.outputRewrites, response.data);
    if (!isObject(response.data)) return;
    const shape = context.fetches.get(fetch)!.answer;
    for (const entity of entities) mergeAnswer(context.supergraphSchema, entity, response.data, shape);
    return;
  }
  const representations = call.representations;
  const owners = call.owners!;
  const received = response.data;
  const errors = response.errors ?? [];
  const failures = entityFailuresOf(errors, received?._entities);
  const others = errors.filter((error) => !failures.replaced.has(error));
  for (const error of reportedErrors(context, others, fetch, cursor, failures.failedFields)) context.errors.push(error);
  if (failures.entities.size > 0 || failures.failedFields.size > 0) noteSubgraphFailed(context.requestContext.context, fetch.serviceName);
  if (failures.entities.size > 0) {
    const paths = entityPaths(cursor);
    for (const [i, error] of failures.entities) {
      const owner = owners[i]!;
      markUnfilled(context, fetch, entities[owner]!, paths[owner] ?? cursor.path, { message: error.message, extensions: { ...error.extensions } });
    }
  }
  if (!received) return;
  const list = received._entities;
  if (!Array.isArray(list)) throw new Error('Expected "data._entities" in response to be an array');
  if (list.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  const shape = context.fetches.get(fetch)!.answer;
  for (let i = 0; i < list.length; i++) {
    const entity = list[i] as ResultMap | null;
    const owner = entities[owners[i]!]!;
    if (entity && !entity.__typename) entity.__typename = owner.__typename;
    applyRewrites(context.supergraphSchema, fetch.outputRewrites, entity);
    if (isObject(entity)) mergeAnswer(context.supergraphSchema, owner, entity, shape);
  }
}

/** Runs `work` for a fetch in its span; what it throws becomes an error of the operation, as for a fetch alone. */
function inFetchSpan(context: PlanContext, serviceName: string, work: () => Promise<void>): Promise<void> {
  return tracer.startActiveSpan('gateway.fetch', { attributes: { service: serviceName } }, async (span) => {
    try {
      await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      context.errors.push(error);
    } finally {
      span.end();
    }
  });
}

/** A fetch of the plan with where it runs (its Flatten paths) and the wave it runs in. */
interface ScheduledFetch {
  fetch: FetchNode;
  paths: ResponsePath[];
  wave: number;
}

/**
 * Places each fetch the plan makes (its conditions decided) in a wave: the first wave after every
 * fetch that must come before it (its predecessors in each Sequence above it). Answers the wave
 * after the node's last.
 */
function schedule(context: PlanContext, node: PlanNode, paths: ResponsePath[], start: number, into: ScheduledFetch[]): number {
  switch (node.kind) {
    case 'Sequence': {
      let wave = start;
      for (const child of node.nodes) wave = schedule(context, child, paths, wave, into);
      return wave;
    }
    case 'Parallel':
      return node.nodes.reduce((end, child) => Math.max(end, schedule(context, child, paths, start, into)), start);
    case 'Flatten':
      return schedule(context, node.node, [...paths, node.path], start, into);
    case 'Fetch':
      into.push({ fetch: node, paths, wave: start });
      return start + 1;
    case 'Condition': {
      const branch = conditionHolds(context, node.condition) ? node.ifClause : node.elseClause;
      return branch ? schedule(context, branch, paths, start, into) : start;
    }
    default:
      throw new Error(`${(node as { kind: string }).kind} nodes are not supported by this executor`);
  }
}

/** The cursor a scheduled fetch runs at, from the root: undefined when there is nothing there. */
function cursorOf(root: Cursor, paths: readonly ResponsePath[]): Cursor | undefined {
  let cursor: Cursor | undefined = root;
  for (const path of paths) {
    if (!cursor) return undefined;
    cursor = moveIntoCursor(cursor, path);
  }
  return cursor;
}

/**
 * The plan run wave by wave, the entity fetches of one wave to one subgraph sent as one request
 * (fetch-merging.ts). A fetch runs after all of the previous wave, so after everything the plan
 * orders before it, as in the plan; what runs side by side in the plan still does.
 */
async function executeMerged(context: PlanContext, node: PlanNode, root: Cursor): Promise<void> {
  const scheduled: ScheduledFetch[] = [];
  const waves = schedule(context, node, [], 0, scheduled);
  for (let wave = 0; wave < waves; wave++) {
    const bySubgraph = new Map<string, PreparedCall[]>();
    const work: Promise<void>[] = [];
    for (const item of scheduled) {
      if (item.wave !== wave) continue;
      const cursor = cursorOf(root, item.paths);
      if (!cursor) continue;
      let call: PreparedCall | undefined;
      try {
        call = prepareCall(context, item.fetch, cursor);
      } catch (error) {
        context.errors.push(error);
        continue;
      }
      if (!call) continue;
      if (!call.representations) {
        const alone = call;
        work.push(inFetchSpan(context, item.fetch.serviceName, () => executeCall(context, alone)));
        continue;
      }
      const calls = bySubgraph.get(item.fetch.serviceName);
      if (calls) calls.push(call);
      else bySubgraph.set(item.fetch.serviceName, [call]);
    }
    for (const [serviceName, calls] of bySubgraph) work.push(inFetchSpan(context, serviceName, () => executeEntityCalls(context, calls)));
    await Promise.all(work);
  }
}

/** Entity fetches to one subgraph, as one request; each answer merged as its fetch's alone would be. */
async function executeEntityCalls(context: PlanContext, calls: readonly PreparedCall[]): Promise<void> {
  const merged = mergeEntityCalls(
    calls.map((call) => ({ fetch: call.fetch, queryJson: context.fetches.get(call.fetch)!.queryJson, representations: call.representations!, variables: call.variables })),
  );
  const response = await sendRequest(context, calls, { ...merged.request, path: calls[0]!.cursor.path });
  if (!response) return;
  const answers = merged.split(response);
  calls.forEach((call, i) => {
    try {
      receive(context, call, answers[i]!);
    } catch (error) {
      context.errors.push(error);
    }
  });
}

function conditionHolds(context: PlanContext, variable: string): boolean {
  let value = context.variables && hasOwn(context.variables, variable) ? context.variables[variable] : undefined;
  if (value === undefined) value = context.defaults[variable];
  if (value === undefined) throw new Error(`Missing value for variable $${variable} (and no default found)`);
  if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value ${textOf(value)} for Boolean! variable $${variable}`);
  return value;
}

async function executeNode(context: PlanContext, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(context, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(context, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(context, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      return inFetchSpan(context, node.serviceName, () => executeFetch(context, node, cursor));
    case 'Condition': {
      const branch = conditionHolds(context, node.condition) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(context, branch, cursor);
      return;
    }
    default:
      throw new Error(`${(node as { kind: string }).kind} nodes are not supported by this executor`);
  }
}

/** Runs `node` against an empty result, filling it in place; errors go to `context.errors`. */
export async function executePlanNode(context: PlanContext, node: PlanNode | undefined, data: ResultMap): Promise<void> {
  if (!node) return;
  const root: Cursor = { path: [], data, fullResult: data };
  if (context.mergeFetches) await executeMerged(context, node, root);
  else await executeNode(context, node, root);
  // The last change's answer, too, may be nulled by a field under it: said of it, and of those before it.
  if (context.requestContext.operation?.operation === OperationTypeNode.MUTATION && context.failedChange === undefined) noteChangeNulledBelow(context, root);
}
