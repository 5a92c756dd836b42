import { STATUS_CODES } from 'node:http';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, GraphQLError, GraphQLFormattedError, GraphQLSchema, parse } from 'graphql';
import { Pool } from 'undici';
import { AddedErrors, withAddedErrors } from './added-errors';

/** One request to a subgraph, as the plan's fetch node makes it. */
export interface SubgraphRequest {
  /** The fetch's operation text, and the same already as a JSON string (serialised once per plan). */
  query: string;
  queryJson: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Where in the client's answer the fetch's data goes (for the data sources' hooks). */
  path: (string | number)[];
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

/** Headers as `willSendRequest` hooks see them (`set`, `get`, ...), kept in a plain object. */
export class HeaderBag {
  readonly values: Record<string, string> = Object.create(null);
  set(name: string, value: string): void {
    this.values[name.toLowerCase()] = value;
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    this.values[key] = this.values[key] === undefined ? value : `${this.values[key]}, ${value}`;
  }
  get(name: string): string | null {
    return this.values[name.toLowerCase()] ?? null;
  }
  has(name: string): boolean {
    return this.values[name.toLowerCase()] !== undefined;
  }
  delete(name: string): void {
    delete this.values[name.toLowerCase()];
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.values)) callback(value, name);
  }
  *entries(): IterableIterator<[string, string]> {
    yield* Object.entries(this.values);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

export interface HttpClientHooks {
  /** Adds the request's headers (the data source's `willSendRequest`: request id, trace). */
  willSend?(headers: HeaderBag, request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<void> | void;
  /** The headers that bind the request to its exact body (the caller assertion), given that body. */
  signBody?(body: string, requestContext: GatewayGraphQLRequestContext): Record<string, string>;
  /** Turns a failure into the error the client sees; throws it (the data source's `didEncounterError`). */
  didEncounterError?(error: Error): void;
  /** Told how each fetch went (metrics, debug logs). */
  observe?(durationMs: number, ok: boolean, requestContext: GatewayGraphQLRequestContext): void;
}

/** The error RemoteGraphQLDataSource makes of a non-2xx answer (`errorFromResponse`). */
function errorFromResponse(url: string, status: number, contentType: string | undefined, text: string): GraphQLError {
  const statusText = STATUS_CODES[status] ?? '';
  let body: unknown = text;
  if (contentType && (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json'))) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const extensions: Record<string, unknown> = { response: { url, status, statusText, body } };
  if (status === 401) extensions.code = 'UNAUTHENTICATED';
  else if (status === 403) extensions.code = 'FORBIDDEN';
  return new GraphQLError(`${status}: ${statusText}`, { extensions });
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A subgraph's answer as read off the wire. */
interface CollectedResponse {
  statusCode: number;
  contentType: string | undefined;
  text: string;
}

/**
 * An undici dispatch handler that reads one answer whole: its status, its `content-type` and its
 * body as one string (UTF-8, a leading byte-order mark dropped, as undici's `body.text()` does),
 * without the request API's readable stream. It gives up after `timeoutMs` (the fetch's deadline,
 * from sending to the last byte) with a TimeoutError.
 */
class ResponseCollector {
  private abort: ((reason?: Error) => void) | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut: TimeoutError | undefined;
  private settled = false;
  private statusCode = 0;
  private contentType: string | undefined;
  private readonly chunks: Buffer[] = [];
  private length = 0;

  constructor(
    timeoutMs: number,
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = new TimeoutError(`did not answer within ${timeoutMs} ms`);
      if (this.abort) this.abort(this.timedOut);
    }, timeoutMs);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.timedOut) abort(this.timedOut);
    else this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[]): boolean {
    // Informational answers (1xx) come before the real one, as in undici's request API.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!;
      if (name.length === 12 && name.toString().toLowerCase() === 'content-type') {
        this.contentType = rawHeaders[i + 1]!.toString();
        break;
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const chunks = this.chunks;
    let text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.length).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.resolve({ statusCode: this.statusCode, contentType: this.contentType, text });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.reject(this.timedOut ?? error);
  }
}

/**
 * A subgraph over HTTP through a keep-alive undici `Pool` (no WHATWG fetch, no streams: a
 * dispatch handler collects the answer as one string, parsed once). The request body is built
 * from the fetch's pre-serialised query; the data source's hooks add headers and name failures as
 * it would.
 */
export class HttpSubgraphClient implements SubgraphClient {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly hooks: HttpClientHooks = {},
    connections = 64,
  ) {
    const parsed = new URL(url);
    this.path = `${parsed.pathname}${parsed.search}`;
    this.pool = new Pool(parsed.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async send(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse> {
    const started = this.hooks.observe ? performance.now() : 0;
    try {
      const response = await this.exchange(request, requestContext);
      this.hooks.observe?.(performance.now() - started, !response.errors?.length, requestContext);
      return response;
    } catch (error) {
      this.hooks.observe?.(performance.now() - started, false, requestContext);
      throw error;
    }
  }

  private async exchange(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse> {
    const headers = new HeaderBag();
    headers.set('content-type', 'application/json');
    if (this.hooks.willSend) await this.hooks.willSend(headers, request, requestContext);
    const body =
      `{"query":${request.queryJson}` +
      (request.operationName === undefined ? '' : `,"operationName":${JSON.stringify(request.operationName)}`) +
      `,"variables":${JSON.stringify(request.variables)}}`;
    if (this.hooks.signBody) {
      const signed = this.hooks.signBody(body, requestContext);
      for (const name in signed) headers.set(name, signed[name]!);
    }
    try {
      const { statusCode, contentType, text } = await new Promise<CollectedResponse>((resolve, reject) => {
        this.pool.dispatch({ path: this.path, method: 'POST', headers: headers.values, body }, new ResponseCollector(this.timeoutMs, resolve, reject));
      });
      if (statusCode < 200 || statusCode > 299) throw errorFromResponse(this.url, statusCode, contentType, text);
      const parsed: unknown =
        contentType && (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json')) ? JSON.parse(text) : text;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
      return parsed as SubgraphResponse;
    } catch (error) {
      this.hooks.didEncounterError?.(error as Error);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
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
