import {
  GraphQLDataSource,
  GraphQLDataSourceProcessOptions,
  LocalGraphQLDataSource,
  RemoteGraphQLDataSource,
  ServiceEndpointDefinition,
} from '@apollo/gateway';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Fetcher, FetcherRequestInit } from '@apollo/utils.fetcher';
import { buildSchema, graphql, GraphQLError, GraphQLSchema } from 'graphql';
import { ANONYMOUS, Caller } from '../shared/auth/caller';
import { GATEWAY_JWKS_PATH } from '../shared/auth/caller-assertion';
import { JWKS_URL_VARIABLE } from '../shared/auth/subgraph-trust';
import { REQUEST_ID_HEADER } from '../shared/server/request-id';
import { injectTraceHeaders } from '../shared/server/tracing';
import { DIRECTORY_SUBGRAPH } from './directory';
import { AddedErrors, withAddedErrors } from './execution/added-errors';
import { SUBGRAPH_UNAVAILABLE } from './execution/outages';
import type { SubgraphFetch } from './observability';
import { CallerSigner } from './trust';

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

/** A data source that signs each request body it sends to its subgraph (RegistryDataSource): the plan executor's clients ask it. */
export interface SignsRequestBodies {
  /** The headers that carry the caller assertion for exactly `body`, sent for the client request of `context`. */
  callerHeadersFor(body: string, context: { caller?: Caller } | undefined): Record<string, string>;
}

export const signsRequestBodies = (dataSource: unknown): dataSource is SignsRequestBodies =>
  typeof (dataSource as Partial<SignsRequestBodies> | undefined)?.callerHeadersFor === 'function';

/**
 * A registry subgraph over HTTP, with a deadline. When it fails to answer, the fields it serves come
 * back null with an error that names it; the other subgraphs' fields are still returned. The error
 * says what happened in the client's terms (could not be reached, did not answer in time), never
 * the network's (no address, no system error text).
 *
 * Every request carries the caller, as the gateway verified it, in a caller assertion signed for
 * this subgraph and the exact body of that request (with a signer; without one, no header, which
 * only a subgraph in development mode accepts): a fresh one per request, since each binds its body.
 * Requests of the gateway's own (schema, health) go as the anonymous caller. Apollo Gateway's
 * executor reaches the body only in the fetcher, so the caller travels there with the request's
 * async context; the plan executor's clients call `callerHeadersFor` with the body they send.
 */
export class RegistryDataSource extends RemoteGraphQLDataSource<{ caller?: Caller }> implements SignsRequestBodies {
  /** The caller of the request being processed, for the fetcher. */
  private readonly callers = new AsyncLocalStorage<Caller>();

  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly signer?: CallerSigner,
    private readonly observe?: FetchObserver,
  ) {
    super({ url });
    this.fetcher = ((fetchUrl: string, init: FetcherRequestInit = {}) => {
      // Apollo sends the body as a string; the assertion binds exactly these bytes.
      const body = typeof init.body === 'string' ? init.body : new Uint8Array(init.body ?? []);
      return fetch(fetchUrl, {
        ...(init.method ? { method: init.method } : {}),
        headers: { ...init.headers, ...this.callerHeaders(body, this.callers.getStore() ?? ANONYMOUS) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    }) as unknown as Fetcher;
  }

  callerHeadersFor(body: string, context: { caller?: Caller } | undefined): Record<string, string> {
    return this.callerHeaders(body, context?.caller ?? ANONYMOUS);
  }

  private callerHeaders(body: string | Uint8Array, caller: Caller): Record<string, string> {
    return this.signer ? this.signer.headers(caller, this.subgraph, body) : {};
  }

  override process(options: ProcessOptions) {
    // A client's operation (the only kind with an incoming request); else the gateway's own schema or health request.
    const caller = 'incomingRequestContext' in options ? (options.context?.caller ?? ANONYMOUS) : ANONYMOUS;
    return this.callers.run(caller, () => observed(this.subgraph, options, this.observe, () => super.process(options)));
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<{ caller?: Caller }>): void {
    // The client request's id, so the subgraph's log lines can be matched with the gateway's, and the trace.
    const headers = options.request.http?.headers;
    const requestId = requestIdOf(options);
    if (headers && requestId) headers.set(REQUEST_ID_HEADER, requestId);
    if (headers) injectTraceHeaders((name, value) => headers.set(name, value));
  }

  override didEncounterError(error: Error): void {
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
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const message = timedOut ? `The ${this.subgraph} subgraph did not answer within ${this.timeoutMs} ms` : `The ${this.subgraph} subgraph could not be reached`;
    throw new GraphQLError(message, { originalError: error, extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph } });
  }
}

/** What answers in the directory's place before it is built: nothing (a supergraph without a directory never asks it). */
const NO_DIRECTORY = buildSchema('type Query { _directory: String }');

/**
 * The directory, served in process, its fetches observed like the registries', and the errors its
 * resolvers add beside their values (execution/added-errors.ts) appended to its answers.
 */
class DirectoryDataSource extends LocalGraphQLDataSource<{ caller?: Caller }> {
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
      return withAddedErrors(result, added);
    });
  }
}

/**
 * The gateway's `buildService`: the directory in process (`directorySchema`: the one built for the
 * supergraph being served), every registry over HTTP with its
 * deadline, its requests signed with `signer` (see RegistryDataSource); `observe` hears of every
 * fetch made for a client's operation.
 */
export function dataSourceFactory(directorySchema: () => GraphQLSchema | undefined, timeouts: SubgraphTimeouts, signer?: CallerSigner, observe?: FetchObserver) {
  return ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource =>
    name === DIRECTORY_SUBGRAPH
      ? new DirectoryDataSource(directorySchema, observe)
      : new RegistryDataSource(name, url!, timeouts.bySubgraph[name] ?? timeouts.defaultMs, signer, observe);
}
