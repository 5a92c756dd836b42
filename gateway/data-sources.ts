import { GraphQLDataSource, GraphQLDataSourceProcessOptions, LocalGraphQLDataSource, RemoteGraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import { AsyncLocalStorage } from 'node:async_hooks';
import { buildSchema, graphql, GraphQLError, GraphQLSchema, parse } from 'graphql';
import { ANONYMOUS, Caller } from '../shared/auth/caller';
import { GATEWAY_JWKS_PATH } from '../shared/auth/caller-assertion';
import { JWKS_URL_VARIABLE } from '../shared/auth/subgraph-trust';
import { currentRequestId } from '../shared/server/request-id';
import { DIRECTORY_SUBGRAPH } from './directory';
import { AddedErrors, withAddedErrors } from './execution/added-errors';
import { SUBGRAPH_OUTCOME_UNKNOWN, SUBGRAPH_UNAVAILABLE } from './execution/outages';
import { AnswerShape, pruned, selectedNamesOf } from './execution/answer-shape';
import { BoundedCache } from './execution/bounded-cache';
import { remoteAnswerErrors } from './execution/remote-errors';
import type { SubgraphFetch } from './observability';
import { SubgraphTransport, transportFetcher } from './transport';

/** Told of every fetch made for a client's operation (not the gateway's own schema requests): metrics and debug logs. */
export type FetchObserver = (fetch: SubgraphFetch) => void;

type ProcessOptions = GraphQLDataSourceProcessOptions<{ caller?: Caller }>;

/** Runs one fetch and tells `observe` how long it took and whether it went well (no error, no `errors` in the answer). */
async function observed<R extends { errors?: readonly unknown[] | undefined }>(
  subgraph: string,
  options: ProcessOptions,
  observe: FetchObserver | undefined,
  fetch: () => Promise<R>,
): Promise<R> {
  if (!observe || !('incomingRequestContext' in options)) return fetch();
  const started = performance.now();
  const requestId = currentRequestId();
  const report = (ok: boolean) => observe({ subgraph, ...(requestId ? { requestId } : {}), durationMs: performance.now() - started, ok });
  try {
    const response = await fetch();
    report(!response.errors?.length);
    return response;
  } catch (error) {
    report(false);
    throw error;
  }
}

/**
 * A registry subgraph over HTTP, through the gateway's one transport (gateway/transport: keep-alive
 * pools, the request id and trace, a caller assertion signed for this subgraph and each body, the
 * deadline, the metrics). When it fails to answer, the fields it serves come back null with an error
 * that names it; the other subgraphs' fields are still returned. The error says what happened in the
 * client's terms (could not be reached, did not answer in time), never the network's (no address,
 * no system error text).
 *
 * Apollo Gateway's executor (where it runs) fetches through `fetcher`, which signs for the caller of
 * the request being processed (carried with the request's async context); the plan executor sends
 * straight to the transport with the caller of its request, calling this data source's hooks as
 * Apollo Gateway would (gateway/execution/clients.ts). Requests of the gateway's own go as the
 * anonymous caller.
 */
export class RegistryDataSource extends RemoteGraphQLDataSource<{ caller?: Caller }> {
  /** The caller of the request being processed, for the fetcher. */
  private readonly callers = new AsyncLocalStorage<Caller>();
  /** What each fetch's operation selects: of an answer only that is passed on to Apollo Gateway's executor, which merges whatever it is given. */
  private readonly selections = new BoundedCache<string, AnswerShape>(500);

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly timeoutMs: number,
    transport: SubgraphTransport,
  ) {
    super({ url });
    this.fetcher = transportFetcher(transport, subgraph, () => this.callers.getStore());
  }

  /**
   * The fetches Apollo Gateway's executor makes (the plans the product's executor leaves it: schema
   * introspection beside registry fields, anything it cannot prepare, `GATEWAY_EXECUTOR=apollo`),
   * their answers' errors taken as the plan executor takes them (remoteAnswerErrors): until
   * 2026-12-07 a query asking `__schema` beside any field let a registry's error with
   * `extensions.http` set the client answer's HTTP status (401 for labs data too), under another
   * registry's name, in any number (audit). Their data is cut to what the fetch selected: that
   * executor merges whatever an answer holds, and a guilds answer carrying `labsMembers` wrote
   * the labs part of such a query (audit, 2026-12-07).
   */
  override async process(options: ProcessOptions) {
    // A client's operation (the only kind with an incoming request); else the gateway's own schema or health request.
    const caller = 'incomingRequestContext' in options ? (options.context?.caller ?? ANONYMOUS) : ANONYMOUS;
    const answer = remoteAnswerErrors(await this.callers.run(caller, () => super.process(options)), this.subgraph);
    const query = options.request.query;
    if (answer.data && query) answer.data = pruned(answer.data, this.selectionsOf(query)) as typeof answer.data;
    return answer;
  }

  private selectionsOf(operation: string): AnswerShape {
    let shape = this.selections.get(operation);
    if (!shape) this.selections.set(operation, (shape = selectedNamesOf(parse(operation))));
    return shape;
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, _fetchResponse?: unknown, _context?: unknown, request?: { query?: string }): void {
    const response = (error as GraphQLError).extensions?.response as { status?: number; body?: { errors?: { message?: unknown }[] } } | undefined;
    if (response?.status === 401) {
      // The subgraph refused the gateway's assertion: a configuration mistake (or a key rotated too fast), said as one.
      const reason = response.body?.errors?.[0]?.message;
      throw new GraphQLError(
        `The ${this.subgraph} subgraph refused the gateway's caller assertion${typeof reason === 'string' ? ` (${reason})` : ''}; ` +
          `give it the gateway's public key set (${JWKS_URL_VARIABLE}=<gateway>${GATEWAY_JWKS_PATH})`,
        { extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph } },
      );
    }
    const tooLarge = error.name === 'ResponseTooLargeError';
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    if (isMutation(request) && (tooLarge || timedOut || !neverReached(error))) {
      // Sent, and its answer not read: the change may have been made.
      throw new GraphQLError(
        `The ${this.subgraph} subgraph ${unreadAnswer(error, this.timeoutMs, response?.status)}, so whether it was made is not known; look at the record before sending it again`,
        {
          originalError: error,
          extensions: { code: SUBGRAPH_OUTCOME_UNKNOWN, subgraph: this.subgraph },
        },
      );
    }
    if (tooLarge) {
      throw new GraphQLError(`The ${this.subgraph} subgraph ${error.message}, more than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES)`, {
        originalError: error,
        extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
      });
    }
    const message = timedOut ? `The ${this.subgraph} subgraph did not answer within ${this.timeoutMs} ms` : `The ${this.subgraph} subgraph could not be reached`;
    throw new GraphQLError(message, { originalError: error, extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph } });
  }
}

/**
 * What became of the answer to a change whose answer was not read, in the client's terms: past the
 * deadline, too long to read, answered with an HTTP error (`status`: it may have been made before
 * the subgraph failed), or the connection closed.
 */
function unreadAnswer(error: Error, timeoutMs: number, status: number | undefined): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `did not answer this change within ${timeoutMs} ms`;
  if (error.name === 'ResponseTooLargeError') return 'answered this change at more length than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES)';
  if (status !== undefined) return `answered this change with HTTP ${status}`;
  return 'closed the connection before answering this change';
}

/** Whether a subgraph request is a client's change (a mutation's fetch). */
const isMutation = (request: { query?: string } | undefined): boolean => /^\s*mutation\b/.test(request?.query ?? '');

/** System errors that mean the request never left: no connection was made. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether `error` (or what caused it) says the request was never sent. */
function neverReached(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (NOT_SENT.has(String((cause as { code?: unknown }).code))) return true;
  }
  return false;
}

type DataSourceResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** What answers in the directory's place before it is built: nothing (a supergraph without a directory never asks it). */
const NO_DIRECTORY = buildSchema('type Query { _directory: String }');

/**
 * The directory, served in process, its fetches observed like the registries', and the errors its
 * resolvers add beside their values (execution/added-errors.ts) appended to its answers.
 */
export class DirectoryDataSource extends LocalGraphQLDataSource<{ caller?: Caller }> {
  constructor(
    private readonly currentSchema: () => GraphQLSchema | undefined,
    private readonly observe?: FetchObserver,
  ) {
    super(currentSchema() ?? NO_DIRECTORY);
    // `schema` is read by the plan executor's client at each supergraph change: the directory of that moment.
    Object.defineProperty(this, 'schema', { get: () => this.currentSchema() ?? NO_DIRECTORY, configurable: true, enumerable: true });
  }

  override process(options: ProcessOptions) {
    return observed(DIRECTORY_SUBGRAPH, options, this.observe, async () => {
      const added = new AddedErrors();
      const { request, context } = options;
      const result = await graphql({
        // The directory built for the registries of the supergraph being served (it changes with the configuration).
        schema: this.currentSchema() ?? NO_DIRECTORY,
        source: request.query!,
        rootValue: added,
        variableValues: request.variables ?? null,
        operationName: request.operationName ?? null,
        contextValue: context,
      });
      // graphql-js's errors hold their unset fields as `undefined` where Apollo's response type leaves them out (exactOptionalPropertyTypes); Apollo's own LocalGraphQLDataSource returns them as they are too.
      return withAddedErrors(result, added) as DataSourceResponse;
    });
  }
}

/**
 * The gateway's `buildService`: the directory in process (`directorySchema`: the one built for the
 * supergraph being served), every registry over HTTP through
 * `transport` (see RegistryDataSource); `observe` hears of the directory's fetches (the transport
 * tells it of the others).
 */
export function dataSourceFactory(directorySchema: () => GraphQLSchema | undefined, transport: SubgraphTransport, observe?: FetchObserver) {
  return ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource =>
    name === DIRECTORY_SUBGRAPH ? new DirectoryDataSource(directorySchema, observe) : new RegistryDataSource(name, url!, transport.timeoutOf(name), transport);
}
