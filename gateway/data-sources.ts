import {
  GraphQLDataSource,
  GraphQLDataSourceProcessOptions,
  LocalGraphQLDataSource,
  RemoteGraphQLDataSource,
  ServiceEndpointDefinition,
} from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { graphql, GraphQLError, GraphQLSchema } from 'graphql';
import { ANONYMOUS, Caller } from '../shared/auth/caller';
import { CALLER_HEADER, CALLER_TOKEN_SECONDS, CallerSigner, SIGNING_SECRET_VARIABLE } from '../shared/auth/subgraph-trust';
import { REQUEST_ID_HEADER } from '../shared/server/request-id';
import { injectTraceHeaders } from '../shared/server/tracing';
import { DIRECTORY_SUBGRAPH } from './directory';
import { AddedErrors, withAddedErrors } from './execution/added-errors';
import { SUBGRAPH_UNAVAILABLE } from './execution/outages';
import type { SubgraphFetch } from './observability';

/** Told of every fetch made for a client's operation (not the gateway's own schema requests): metrics and debug logs. */
export type FetchObserver = (fetch: SubgraphFetch) => void;

type ProcessOptions = GraphQLDataSourceProcessOptions<{ caller?: Caller }>;

/** The client request's id (checked by the HTTP layer), for a fetch made for a client's operation. */
const requestIdOf = (options: ProcessOptions): string | undefined =>
  'incomingRequestContext' in options ? (options.incomingRequestContext.request.http?.headers.get(REQUEST_ID_HEADER) ?? undefined) : undefined;

/** Runs one fetch and tells `observe` how long it took and whether it went well (no error, no `errors` in the answer). */
async function observed<R extends { errors?: readonly unknown[] | undefined }>(
  subgraph: string,
  options: ProcessOptions,
  observe: FetchObserver | undefined,
  fetch: () => Promise<R>,
): Promise<R> {
  if (!observe || !('incomingRequestContext' in options)) return fetch();
  const started = performance.now();
  const requestId = requestIdOf(options);
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

export interface SubgraphTimeouts {
  /** Milliseconds a subgraph has to answer one fetch. */
  defaultMs: number;
  /** Per subgraph name, where it differs from the default. */
  bySubgraph: Record<string, number>;
}

/** Node's fetch, given up on after `timeoutMs`. */
function fetcherWithTimeout(timeoutMs: number): Fetcher {
  return ((url: string, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

/** A signed caller header is reused while younger than this, then signed afresh (well inside its lifetime). */
const REUSE_CALLER_TOKEN_MS = (CALLER_TOKEN_SECONDS * 1000) / 2;

/**
 * A registry subgraph over HTTP, with a deadline. When it fails to answer, the fields it serves come
 * back null with an error that names it; the other subgraphs' fields are still returned. The error
 * says what happened in the client's terms (could not be reached, did not answer in time), never
 * the network's (no address, no system error text).
 *
 * Every request carries the caller, as the gateway verified it, in the `x-registry-caller` header
 * signed for this subgraph (with a signer; without one, no header, which only a subgraph in
 * development mode accepts). One client request signs once per subgraph, however many fetches it
 * makes there; schema and health requests go as the anonymous caller.
 */
export class RegistryDataSource extends RemoteGraphQLDataSource<{ caller?: Caller }> {
  /** The caller header of each client request in flight (keyed by its context), and the anonymous one. */
  private readonly signed = new WeakMap<object, { token: Promise<string>; at: number }>();
  private readonly anonymous = {};

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly signer?: CallerSigner,
    private readonly observe?: FetchObserver,
  ) {
    super({ url, fetcher: fetcherWithTimeout(timeoutMs) });
  }

  override process(options: ProcessOptions) {
    return observed(this.subgraph, options, this.observe, () => super.process(options));
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<{ caller?: Caller }>): Promise<void> {
    // The client request's id, so the subgraph's log lines can be matched with the gateway's, and the trace.
    const headers = options.request.http?.headers;
    const requestId = requestIdOf(options);
    if (headers && requestId) headers.set(REQUEST_ID_HEADER, requestId);
    if (headers) injectTraceHeaders((name, value) => headers.set(name, value));
    if (!this.signer) return;
    // A client's operation (the only kind with an incoming request); else the gateway's own schema or health request.
    const incoming = 'incomingRequestContext' in options;
    const key: object = incoming && options.context ? options.context : this.anonymous;
    const caller = incoming ? (options.context?.caller ?? ANONYMOUS) : ANONYMOUS;
    let entry = this.signed.get(key);
    if (!entry || Date.now() - entry.at > REUSE_CALLER_TOKEN_MS) {
      entry = { token: this.signer.sign(caller, this.subgraph), at: Date.now() };
      this.signed.set(key, entry);
    }
    options.request.http?.headers.set(CALLER_HEADER, await entry.token);
  }

  override didEncounterError(error: Error): void {
    const response = (error as GraphQLError).extensions?.response as { status?: number } | undefined;
    if (response?.status === 401) {
      // The subgraph refused the gateway's signature: a configuration mistake, said as one.
      throw new GraphQLError(`The ${this.subgraph} subgraph refused the gateway's caller signature; give the gateway and the subgraph the same ${SIGNING_SECRET_VARIABLE}`, {
        extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
      });
    }
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const message = timedOut ? `The ${this.subgraph} subgraph did not answer within ${this.timeoutMs} ms` : `The ${this.subgraph} subgraph could not be reached`;
    throw new GraphQLError(message, { originalError: error, extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph } });
  }
}

/**
 * The directory, served in process, its fetches observed like the registries', and the errors its
 * resolvers add beside their values (execution/added-errors.ts) appended to its answers.
 */
class DirectoryDataSource extends LocalGraphQLDataSource<{ caller?: Caller }> {
  constructor(
    schema: GraphQLSchema,
    private readonly observe?: FetchObserver,
  ) {
    super(schema);
  }

  override process(options: ProcessOptions) {
    return observed(DIRECTORY_SUBGRAPH, options, this.observe, async () => {
      const added = new AddedErrors();
      const { request, context } = options;
      const result = await graphql({
        schema: this.schema,
        source: request.query!,
        rootValue: added,
        variableValues: request.variables ?? null,
        operationName: request.operationName ?? null,
        contextValue: context,
      });
      return withAddedErrors(result, added);
    });
  }
}

/**
 * The gateway's `buildService`: the directory in process, every registry over HTTP with its
 * deadline, its requests signed with `signer` (see RegistryDataSource); `observe` hears of every
 * fetch made for a client's operation.
 */
export function dataSourceFactory(directorySchema: GraphQLSchema, timeouts: SubgraphTimeouts, signer?: CallerSigner, observe?: FetchObserver) {
  return ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource =>
    name === DIRECTORY_SUBGRAPH
      ? new DirectoryDataSource(directorySchema, observe)
      : new RegistryDataSource(name, url!, timeouts.bySubgraph[name] ?? timeouts.defaultMs, signer, observe);
}
