import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
// The request kinds are not exported by @apollo/gateway's index.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { FetcherHeaders } from '@apollo/utils.fetcher';
import { DocumentNode, execute, GraphQLError, GraphQLFormattedError, GraphQLSchema, OperationTypeNode, parse } from 'graphql';
import type { Caller } from '../../shared/auth/caller';
import { fetcherResponseOf, isTransportFetcher, SubgraphReply, SubgraphTransport } from '../transport';
import { AddedErrors, withAddedErrors } from './added-errors';
import { remoteAnswerErrors } from './remote-errors';
import { restrictCachePolicy } from './cache-policy';

/** One request to a subgraph, as the plan's fetch node makes it. */
export interface SubgraphRequest {
  /** The fetch's operation text, and the same already as a JSON string (serialised once per plan). */
  query: string;
  queryJson: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Where in the client's answer the fetch's data goes (for the data sources' hooks). */
  path: (string | number)[];
  /** The fetch's operation as a document, when the planner keeps it (`exposeDocumentNodeInFetchNode`), for the hooks. */
  document?: DocumentNode | undefined;
}

/** A subgraph's answer: GraphQL's `data` and `errors`, nothing else is read. */
export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** How the executor reaches one subgraph. */
export interface SubgraphClient {
  send(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse>;
  close(): Promise<void>;
}

/** Headers as `willSendRequest` hooks see them (fetch's `Headers` interface), kept in a plain object. */
export class HeaderBag implements FetcherHeaders {
  /** The headers by lower-case name. */
  readonly byName = Object.create(null) as Record<string, string>;
  set(name: string, value: string): void {
    this.byName[name.toLowerCase()] = value;
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    this.byName[key] = this.byName[key] === undefined ? value : `${this.byName[key]}, ${value}`;
  }
  get(name: string): string | null {
    return this.byName[name.toLowerCase()] ?? null;
  }
  has(name: string): boolean {
    return this.byName[name.toLowerCase()] !== undefined;
  }
  delete(name: string): void {
    delete this.byName[name.toLowerCase()];
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.byName)) callback(value, name);
  }
  *entries(): IterableIterator<[string, string]> {
    yield* Object.entries(this.byName);
  }
  *keys(): IterableIterator<string> {
    yield* Object.keys(this.byName);
  }
  *values(): IterableIterator<string> {
    yield* Object.values(this.byName);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** The data source's `process` options for one fetch of a client's operation, as Apollo Gateway's executor gives them. */
type ProcessOptions = Extract<GraphQLDataSourceProcessOptions<Record<string, unknown>>, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;
type OutgoingRequest = ProcessOptions['request'];

/** The error RemoteGraphQLDataSource makes of a non-2xx answer (`errorFromResponse`). */
function errorFromResponse(reply: SubgraphReply): GraphQLError {
  const extensions: Record<string, unknown> = { response: { url: reply.url, status: reply.status, statusText: reply.statusText, body: bodyOrText(reply) } };
  if (reply.status === 401) extensions.code = 'UNAUTHENTICATED';
  else if (reply.status === 403) extensions.code = 'FORBIDDEN';
  return new GraphQLError(`${reply.status}: ${reply.statusText}`, { extensions });
}

/** The body as `parseBody` reads it, or its text where it is not the JSON it claims to be. */
function bodyOrText(reply: SubgraphReply): unknown {
  try {
    return reply.body();
  } catch {
    return reply.text;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Whether a data source's fetches may go straight to the transport, this client doing what its
 * `process` would (hooks included): it fetches through the transport, without APQ, and reads
 * answers as RemoteGraphQLDataSource does. Anything else is left its own `process`.
 */
export function sendsThroughTransport(dataSource: RemoteGraphQLDataSource<Record<string, unknown>>): boolean {
  const base = RemoteGraphQLDataSource.prototype;
  return isTransportFetcher(dataSource.fetcher) && !dataSource.apq && dataSource.parseBody === base.parseBody && dataSource.errorFromResponse === base.errorFromResponse;
}

/**
 * A registry subgraph's fetches, sent through the gateway's transport (gateway/transport: pools,
 * request id, trace, caller assertion, deadline, metrics) as its RemoteGraphQLDataSource's `process`
 * sends them (@apollo/gateway/src/datasources/RemoteGraphQLDataSource.ts), step for step: the
 * request's headers (`content-type`, then `willSendRequest`), the same body (`query`, `variables`,
 * `operationName`, in that order; written from the fetch's pre-serialised query unless the hook
 * changed the request), a non-2xx answer made an error as `errorFromResponse` does,
 * `didEncounterError` with every failure, `didReceiveResponse`, and the answer's `cache-control`
 * restricting the operation's cache policy (`honorSubgraphCacheControlHeader`).
 */
export class HttpSubgraphClient implements SubgraphClient {
  constructor(
    private readonly subgraph: string,
    private readonly dataSource: RemoteGraphQLDataSource<Record<string, unknown>>,
    private readonly transport: SubgraphTransport,
  ) {}

  async send(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse> {
    const dataSource = this.dataSource;
    const headers = new HeaderBag();
    headers.set('content-type', 'application/json');
    const outgoing: OutgoingRequest = {
      query: request.query,
      variables: request.variables,
      ...(request.operationName === undefined ? {} : { operationName: request.operationName }),
      http: { method: 'POST', url: dataSource.url, headers },
    };
    const context = requestContext.context as Record<string, unknown>;
    const options: ProcessOptions = {
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: outgoing,
      incomingRequestContext: requestContext as GatewayGraphQLRequestContext<Record<string, unknown>>,
      context,
      ...(request.document ? { document: request.document } : {}),
      pathInIncomingRequest: request.path,
    };
    if (dataSource.willSendRequest) await dataSource.willSendRequest(options);
    const http = outgoing.http!;
    const body = bodyOf(request, outgoing);
    let reply: SubgraphReply | undefined;
    let response: SubgraphResponse;
    try {
      reply = await this.transport.send({ subgraph: this.subgraph, url: http.url, body, headers: headers.byName, caller: callerOf(context), shareable: isQuery(requestContext) });
      if (reply.status < 200 || reply.status > 299) throw errorFromResponse(reply);
      const parsed = reply.body();
      if (!isObject(parsed)) throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
      response = remoteAnswerErrors(parsed, this.subgraph);
    } catch (error) {
      dataSource.didEncounterError(error as Error, fetchRequestOf(http.url, headers, body), reply ? fetcherResponseOf(reply) : undefined, context, outgoing);
      throw error;
    }
    if (!dataSource.didReceiveResponse) {
      if (dataSource.honorSubgraphCacheControlHeader) restrictCachePolicy(requestContext, reply.headers['cache-control']);
      return response;
    }
    // The hook sees the answer with its `http` response (whose headers it may change before the cache policy reads them).
    const received = { ...response, http: fetcherResponseOf(reply) };
    const processed = await dataSource.didReceiveResponse({ response: received, request: outgoing, context, pathInIncomingRequest: request.path });
    if (dataSource.honorSubgraphCacheControlHeader) restrictCachePolicy(requestContext, received.http.headers.get('cache-control'));
    return processed;
  }

  async close(): Promise<void> {}
}

/**
 * What `didEncounterError` is given as the fetch's request: a WHATWG Request with the URL, method,
 * headers and body RemoteGraphQLDataSource's node-fetch Request would have (the type names node-fetch's).
 */
const fetchRequestOf = (url: string, headers: HeaderBag, body: string) => new Request(url, { method: 'POST', headers: headers.byName, body }) as never;

/** Whether the client's operation is a query (its fetches may share a request with identical ones in flight; a mutation's never do). */
const isQuery = (requestContext: GatewayGraphQLRequestContext): boolean => requestContext.operation?.operation === OperationTypeNode.QUERY;

/** The caller the gateway verified for the client request (signed into the caller assertion). */
const callerOf = (context: Record<string, unknown> | undefined): Caller | undefined => {
  const caller = context?.caller;
  return typeof caller === 'object' && caller !== null && 'authenticated' in caller ? (caller as Caller) : undefined;
};

/** The body `process` would send: `{"query":...,"variables":...,"operationName":...}`, from the pre-serialised query when the request is as the plan made it. */
function bodyOf(request: SubgraphRequest, outgoing: OutgoingRequest): string {
  const { http: _http, ...fields } = outgoing;
  const unchanged =
    outgoing.query === request.query &&
    outgoing.variables === request.variables &&
    outgoing.operationName === request.operationName &&
    Object.keys(fields).every((key) => key === 'query' || key === 'variables' || key === 'operationName');
  if (!unchanged) {
    const { query, ...rest } = fields;
    return JSON.stringify({ query, ...rest });
  }
  return (
    `{"query":${request.queryJson},"variables":${JSON.stringify(request.variables)}` +
    (request.operationName === undefined ? '}' : `,"operationName":${JSON.stringify(request.operationName)}}`)
  );
}

/**
 * A subgraph served in this process (the directory): its schema executed directly, each fetch's
 * document parsed once. Like LocalGraphQLDataSource, the resolvers get the client request's context;
 * the errors they add beside their values (added-errors.ts) are appended to the answer's.
 */
export class LocalSubgraphClient implements SubgraphClient {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly observe?: (durationMs: number, ok: boolean, requestContext: GatewayGraphQLRequestContext) => void,
  ) {}

  async send(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse> {
    const started = performance.now();
    let document = this.documents.get(request.query);
    if (!document) {
      document = parse(request.query);
      if (this.documents.size > 1000) this.documents.clear();
      this.documents.set(request.query, document);
    }
    try {
      const added = new AddedErrors();
      const executed = await execute({
        schema: this.schema,
        document,
        rootValue: added,
        variableValues: request.variables,
        operationName: request.operationName,
        contextValue: requestContext.context,
      });
      const result = withAddedErrors(executed, added);
      this.observe?.(performance.now() - started, !result.errors?.length, requestContext);
      return result as SubgraphResponse;
    } catch (error) {
      this.observe?.(performance.now() - started, false, requestContext);
      throw error;
    }
  }

  async close(): Promise<void> {}
}
