import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS } from './connection-limits';
import { inRequest, REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { GraphQLOutcome, outcomeOf } from './request-outcome';
import { inServerSpan } from './tracing';
import { answerShareKey, SharedAnswer, SharedAnswers } from './shared-answers';
import { negotiateLocale } from '../messages/accept-language';
import { message, messageExtensions, MessageLocale } from '../messages/catalog';
import { localizeResponseBody, localizeResponseText } from '../messages/localize';
import type { AdmissionGate } from './admission';

export interface HttpEndpoint {
  url: string;
  port: number;
  /**
   * Stops accepting connections and lets requests in flight finish (up to `drainMs`, 10 s by
   * default), closing idle keep-alive connections at once; then closes whatever is left.
   */
  close(drainMs?: number): Promise<void>;
}

export interface HttpServerOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  /** The request's context; `body` is the request body exactly as received (undefined for a GET), e.g. to check a signature over it. */
  context: (request: IncomingMessage, body: Buffer | undefined) => Promise<C>;
  /**
   * Extra GET routes such as `/health`; each answers with a status and a JSON body, or with a text
   * body (a string) of the `contentType` it gives (`/metrics`). The request is given for routes
   * that check who asks.
   */
  routes?: Record<string, (request: IncomingMessage) => Promise<{ status: number; body: unknown; contentType?: string }>>;
  /** Answer errors that carry a message id in the language of the request's Accept-Language (shared/messages). */
  localizeErrors?: boolean;
  /** The largest request body read; a larger one is answered 413 `PAYLOAD_TOO_LARGE` without being kept. */
  maxBodyBytes?: number;
  /** The most connections open at once (DEFAULT_MAX_CONNECTIONS); one more is closed as it arrives. */
  maxConnections?: number;
  /** How long a client has to send one whole request, headers and body (DEFAULT_REQUEST_TIMEOUT_MS); 408 after. */
  requestTimeoutMs?: number;
  /**
   * Reads each operation's text before Apollo Server parses it (the limits' token and nesting scan):
   * an error refuses the request with 400 and that error, localized like the others.
   */
  checkSource?: (query: string) => GraphQLFormattedError | undefined;
  /**
   * Checks each operation as sent, after `checkSource` and before Apollo Server reads the request
   * (the gateway's persisted-query checks): an error refuses the request with 400 and that error,
   * localized like the others.
   */
  checkOperation?: (operation: SentOperation) => GraphQLFormattedError | undefined;
  /**
   * Checks each operation with the request's context (its caller), after `checkSource` and
   * `checkOperation` and before Apollo Server reads the request (the document limits): errors refuse
   * the request with 400 and those errors, localized like the others (in a batch, that operation's
   * answer; the others go on to Apollo Server). The context is made once and handed to Apollo Server; when making it fails, nothing is checked here and Apollo Server answers
   * the failure as it would have.
   */
  checkDocument?: (operation: SentOperation, context: C) => GraphQLFormattedError[];
  /**
   * Batches (a JSON array of operations): undefined leaves them to Apollo Server; 1 refuses every
   * batch (400 `BATCHING_NOT_SUPPORTED`); n refuses a batch of more than n (400 `BATCH_TOO_LARGE`).
   */
  maxBatchOperations?: number;
  /** Holds GraphQL requests at the door while the process is busy (shared/server/admission.ts); undefined lets every one in at once. */
  admission?: AdmissionGate;
  /**
   * Browser origins allowed to call GraphQL (CORS), e.g. `https://registry.example`; `*` allows any.
   * Only `/graphql` and `/` are opened to them: the routes (`/metrics`, `/ready`...) and pages never
   * carry CORS headers. Empty or undefined: no CORS headers at all, so browsers only call from the
   * server's own origin.
   */
  corsOrigins?: string[];
  /**
   * Answers a request itself before the routes and GraphQL see it (the gateway's playground page
   * and its files): resolves true when it wrote the answer, false to pass the request on.
   */
  pages?: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;
  /**
   * Told of every request once its answer is sent: its id (the client's valid `x-request-id`, else
   * a new one; also returned in the response's `x-request-id` and handed to Apollo in the request's
   * headers), status, duration and, for GraphQL requests, the operation and error codes.
   */
  onRequestDone?: (done: RequestDone) => void;
  /**
   * Identical requests in flight at the same time answered once (shared-answers.ts): for a single
   * operation that may share, the part of the key the server cannot see (the caller); undefined
   * answers it on its own. Called after the checks, with the request's context. Never shared
   * without it, nor a batch, nor a request carrying a trace.
   */
  shareAnswers?: (operation: SentOperation, context: C) => string | undefined;
}

/**
 * One operation of a request as the client sent it, unchecked: a POST body's object (or one of a
 * batch's), or a GET's parameters (`variables` and `extensions` parsed when they are JSON; a
 * parameter given twice as the list of its values).
 */
export interface SentOperation {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/** An operation's variables when they are an object (as Apollo Server reads them; it refuses any other), else undefined. */
export function variablesOf(operation: SentOperation): Record<string, unknown> | undefined {
  const { variables } = operation;
  return typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? (variables as Record<string, unknown>) : undefined;
}

/** One answered request, as `onRequestDone` is told of it. */
export interface RequestDone {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** For requests to the GraphQL endpoint: what was asked and the error codes answered (undefined for other routes). */
  graphql?: GraphQLOutcome;
  /** What failed, when handling the request threw (answered 500 without it: the words stay in the service's log). */
  failure?: string;
}

/** The error codes of a JSON error answer made outside Apollo's request pipeline (CSRF, content negotiation). */
function outcomeOfErrorBody(text: string): GraphQLOutcome {
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[]; data?: unknown };
    return {
      errorCodes: (body.errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR')),
      hasData: body.data !== undefined && body.data !== null,
    };
  } catch {
    return { errorCodes: [], hasData: false };
  }
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

type Body = { kind: 'read'; raw: Buffer; text: string } | { kind: 'too large'; bytes: number; exact: boolean; drained: boolean };

/** How much of a refused body is still read and dropped, so that the client gets the 413 instead of a reset connection. */
const drainCap = (limit: number) => Math.max(16 * limit, 16 * 1024 * 1024);

/**
 * Reads the body up to `limit` bytes. A larger one is never kept: a declared `content-length` above
 * the limit is refused before anything is read, and a body that grows past it stops being kept. The
 * rest of a refused body is read and dropped (up to `drainCap`, after which the connection is
 * closed), so the client, still sending, can read the 413 that answers it; memory stays at `limit`.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  const cap = drainCap(limit);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    // Node reads and drops what follows once the answer is sent; beyond the cap, the answer closes the connection.
    return Promise.resolve({ kind: 'too large', bytes: declared, exact: true, drained: declared <= cap });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > cap) request.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve({ kind: 'too large', bytes: size, exact: false, drained: true });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (over) return;
      const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      resolve({ kind: 'read', raw, text: raw.toString('utf8') });
    });
    request.on('error', (error) => {
      if (!over) reject(error);
    });
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * The content type of a refused GraphQL request's answer: `application/graphql-response+json` when the
 * client accepts it, as Apollo Server answers (clients such as Apollo Client read a 400's errors only then).
 */
function refusalContentType(request: IncomingMessage): Record<string, string> {
  const accepted = request.headers.accept ?? '';
  return accepted.includes('application/graphql-response+json') ? { 'content-type': 'application/graphql-response+json; charset=utf-8' } : {};
}

/** The paths GraphQL is answered at: the only ones CORS opens to other origins. */
const isGraphQLPath = (path: string): boolean => path === '/graphql' || path === '/';

const CORS_ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name';

/** The CORS headers for a request from `origin`: none when CORS is off or the origin is not listed. */
function corsHeadersFor(origin: string | undefined, allowed: string[] | undefined): Record<string, string> {
  if (!allowed || allowed.length === 0) return {};
  const headers: Record<string, string> = {};
  if (allowed.includes('*')) headers['access-control-allow-origin'] = '*';
  else if (origin && allowed.includes(origin)) headers['access-control-allow-origin'] = origin;
  return headers;
}

/**
 * How long an idle keep-alive connection stays open. Node closes one after 5 s, so a client (or a
 * load balancer) that sends on it just then gets ECONNRESET; kept longer than proxies keep theirs (60 s).
 */
const KEEP_ALIVE_MS = 65_000;

/** How often Node looks for requests past their time (its default, 30 s, would let one run to twice its time). */
const TIMEOUT_CHECK_MS = 1_000;

const graphQLError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** The path logged for a request whose target is no URL at all. */
const UNREADABLE_TARGET = '(not a path)';

/** The request's target as a URL, or undefined when it is none (`//`, `//a:99999`: a host where the path should start). */
function targetOf(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** A GET parameter as sent: its value, the list of its values when given more than once, or undefined. */
function searchParameter(url: URL, name: string, json: boolean): unknown {
  const values = url.searchParams.getAll(name);
  if (values.length !== 1) return values.length === 0 ? undefined : values;
  if (!json) return values[0];
  try {
    return JSON.parse(values[0]!) as unknown;
  } catch {
    return values[0];
  }
}

/** The operations a request carries: a POST body's object, each of a batch's, or a GET's parameters. */
function sentOperations(body: unknown, url: URL): SentOperation[] {
  if (body === undefined) {
    return [
      {
        query: searchParameter(url, 'query', false),
        operationName: searchParameter(url, 'operationName', false),
        variables: searchParameter(url, 'variables', true),
        extensions: searchParameter(url, 'extensions', true),
      },
    ];
  }
  return (Array.isArray(body) ? body : [body]).map((operation: unknown) => (operation && typeof operation === 'object' ? (operation as SentOperation) : {}));
}

/** Each operation's text through `checkSource`, then each operation through `checkOperation`: the first refusal. */
function refusalOfOperations(operations: SentOperation[], options: Pick<HttpServerOptions<BaseContext>, 'checkSource' | 'checkOperation'>): GraphQLFormattedError | undefined {
  const { checkSource, checkOperation } = options;
  if (checkSource) {
    for (const { query } of operations) {
      const refusal = typeof query === 'string' ? checkSource(query) : undefined;
      if (refusal) return refusal;
    }
  }
  if (checkOperation) {
    for (const operation of operations) {
      const refusal = checkOperation(operation);
      if (refusal) return refusal;
    }
  }
  return undefined;
}

const codeOf = (error: GraphQLFormattedError): string => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'BAD_REQUEST');

/**
 * A plain Node HTTP server in front of an Apollo Server: `/graphql` (GET and POST) plus the given
 * routes. Apollo Server does the GraphQL-over-HTTP work; this moves bytes, parses JSON and runs the checks it is given before Apollo Server reads the request.
 */
export async function serveHttp<C extends BaseContext>(options: HttpServerOptions<C>, port: number, host = '0.0.0.0'): Promise<HttpEndpoint> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const sharedAnswers = new SharedAnswers();
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node reads the request time when the server is made (set later, it is never checked); the headers' time may not exceed it.
  const timeouts = { connectionsCheckingInterval: TIMEOUT_CHECK_MS, requestTimeout, headersTimeout: requestTimeout, keepAliveTimeout: KEEP_ALIVE_MS };
  const server: Server = createServer(timeouts, (request, response) => {
    inFlight += 1;
    const started = performance.now();
    const url = targetOf(request.url);
    const path = url?.pathname ?? UNREADABLE_TARGET;
    const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
    // Apollo Server and the context read the id from the request's headers: the checked one, not the client's.
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    // Every answer is JSON, text or a playground asset of the type it says; some echo the client's input.
    response.setHeader('x-content-type-options', 'nosniff');
    const learnt: Learnt = {};
    let failure: string | undefined;
    response.once('close', () => {
      inFlight -= 1;
      if (draining) server.closeIdleConnections();
      if (inFlight === 0) drained?.();
      options.onRequestDone?.({
        requestId,
        method: request.method ?? 'GET',
        path,
        status: response.statusCode,
        durationMs: performance.now() - started,
        ...(learnt.graphql ? { graphql: learnt.graphql } : {}),
        ...(failure !== undefined ? { failure } : {}),
      });
    });
    // While draining, answers tell keep-alive clients to go: this connection takes no more requests.
    if (draining) response.setHeader('connection', 'close');
    if (!url) {
      sendJson(response, 400, graphQLError(`The request target is not a path: send GraphQL requests to /graphql.`, 'BAD_REQUEST'));
      return;
    }
    // Everything done for the request (the subgraph calls it makes included) knows its id: currentRequestId().
    inRequest(requestId, () =>
      inServerSpan(request.method ?? 'GET', path, request.headers, async () => {
        await handle(request, url, response, learnt);
        return response.statusCode;
      }),
    ).catch((error: unknown) => {
      failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!response.headersSent)
        sendJson(response, 500, graphQLError(`The request could not be answered; its id (x-request-id: ${requestId}) names it in the service's log.`, 'INTERNAL_SERVER_ERROR'));
      else response.end();
    });
  });

  /** What handling one request learnt, for `onRequestDone`. */
  type Learnt = { graphql?: GraphQLOutcome };
  const refusedWith = (learnt: Learnt, code: string) => (learnt.graphql = { errorCodes: [code], hasData: false });

  async function handle(request: IncomingMessage, url: URL, response: ServerResponse, learnt: Learnt): Promise<void> {
    const locale = options.localizeErrors ? negotiateLocale(request.headers['accept-language']) : 'en';
    // Answers differ by caller (and, with CORS, by origin): a shared cache must not give one caller's, the anonymous one's included, to another.
    response.setHeader('vary', options.corsOrigins?.length ? 'authorization, origin' : 'authorization');
    // CORS opens the GraphQL endpoint alone: `/metrics` (answered to any caller on this machine while
    // METRICS_TOKEN is unset), `/ready` and the other routes stay unreadable to other origins' pages.
    const cors = isGraphQLPath(url.pathname) ? corsHeadersFor(request.headers.origin, options.corsOrigins) : {};
    for (const [name, value] of Object.entries(cors)) response.setHeader(name, value);
    if (request.method === 'OPTIONS' && options.corsOrigins?.length) {
      // A CORS preflight: allowed origins learn what they may send; others get no allow-origin, so the browser stops.
      if (cors['access-control-allow-origin']) {
        response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        response.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
        response.setHeader('access-control-max-age', '600');
      }
      response.writeHead(204);
      response.end();
      return;
    }
    if (options.pages && (await options.pages(request, response, url))) return;
    const route = options.routes?.[url.pathname];
    if (route && request.method === 'GET') {
      const { status, body, contentType } = await route(request);
      if (contentType !== undefined) {
        response.writeHead(status, { 'content-type': contentType });
        response.end(String(body));
      } else sendJson(response, status, body);
      return;
    }
    if (!isGraphQLPath(url.pathname)) {
      sendJson(response, 404, graphQLError(`No route ${url.pathname}; GraphQL is served at /graphql`, 'NOT_FOUND'));
      return;
    }
    let body: unknown;
    let raw: Buffer | undefined;
    if (request.method === 'POST') {
      const read = await readBody(request, limit);
      if (read.kind === 'too large') {
        const tooLarge = read.exact ? message('PAYLOAD_TOO_LARGE', { bytes: read.bytes, limit }) : message('PAYLOAD_TOO_LARGE_UNMEASURED', { limit });
        refusedWith(learnt, 'PAYLOAD_TOO_LARGE');
        sendJson(
          response,
          413,
          localizeResponseBody(
            {
              errors: [
                { message: tooLarge.text, extensions: { code: 'PAYLOAD_TOO_LARGE', limit, ...(read.exact ? { measured: read.bytes } : {}), ...messageExtensions(tooLarge) } },
              ],
            },
            locale,
          ),
          read.drained ? {} : { connection: 'close' },
        );
        return;
      }
      const text = read.text;
      raw = read.raw;
      const isJson = (request.headers['content-type'] ?? '').toLowerCase().includes('json');
      if (isJson) {
        try {
          body = text.length ? JSON.parse(text) : undefined;
        } catch {
          refusedWith(learnt, 'BAD_REQUEST');
          sendJson(response, 400, graphQLError('Request body is not valid JSON', 'BAD_REQUEST'));
          return;
        }
      } else {
        body = text;
      }
      const maxBatch = options.maxBatchOperations;
      if (Array.isArray(body) && maxBatch !== undefined && (maxBatch <= 1 || body.length > maxBatch)) {
        const code = maxBatch <= 1 ? 'BATCHING_NOT_SUPPORTED' : 'BATCH_TOO_LARGE';
        const refused = message(code, { operations: body.length, ...(maxBatch > 1 ? { limit: maxBatch } : {}) });
        const refusal = { errors: [{ message: refused.text, extensions: { code, ...messageExtensions(refused) } }] };
        refusedWith(learnt, refusal.errors[0]!.extensions.code);
        sendJson(response, 400, localizeResponseBody(refusal, locale));
        return;
      }
    }
    const operations = sentOperations(body, url);
    const refusal = (options.checkSource || options.checkOperation) && refusalOfOperations(operations, options);
    if (refusal) {
      refusedWith(learnt, codeOf(refusal));
      sendJson(response, 400, localizeResponseBody({ errors: [refusal] }, locale), refusalContentType(request));
      return;
    }
    // Made once, for the checks and for Apollo Server (which calls it once for a whole batch too).
    let made: Promise<C> | undefined;
    const context = () => (made ??= options.context(request, raw));
    // A batch's operations are answered each on its own: the refused ones here, the others by Apollo Server.
    let refusedInBatch: (GraphQLFormattedError[] | undefined)[] | undefined;
    if (options.checkDocument) {
      const check = options.checkDocument;
      const contextValue = await context().catch(() => undefined);
      const found = contextValue === undefined ? [] : operations.map((operation) => check(operation, contextValue));
      if (!Array.isArray(body) && found[0]?.length) {
        learnt.graphql = { errorCodes: found[0].map(codeOf), hasData: false };
        sendJson(response, 400, localizeResponseBody({ errors: found[0] }, locale), refusalContentType(request));
        return;
      }
      if (Array.isArray(body) && found.some((errors) => errors.length > 0)) {
        refusedInBatch = found.map((errors) => (errors.length > 0 ? errors : undefined));
        const passing = (body as unknown[]).filter((_, index) => !refusedInBatch![index]);
        if (passing.length === 0) {
          learnt.graphql = { errorCodes: found.flat().map(codeOf), hasData: false };
          sendJson(
            response,
            400,
            found.map((errors) => localizeResponseBody({ errors }, locale)),
            refusalContentType(request),
          );
          return;
        }
        body = passing;
      }
    }
    const shareKey =
      options.shareAnswers && !Array.isArray(body)
        ? await context()
            .then((contextValue) => options.shareAnswers!(operations[0]!, contextValue))
            .catch(() => undefined)
        : undefined;
    const key = answerShareKey(request.method ?? 'GET', url.pathname + url.search, raw?.toString('latin1') ?? '', request.headers, shareKey);
    const fromApollo = () => admitted(response, () => answerFromApollo(request, url, body, context, response, learnt, locale, refusedInBatch));
    const answer = key === undefined ? await fromApollo() : await sharedAnswers.answer(key, fromApollo);
    // A follower whose leader's answer could not be shared (streamed, or failed) answers on its own.
    const written = answer ?? (response.headersSent || response.writableEnded ? undefined : await fromApollo());
    if (!written) return;
    for (const [name, value] of written.headers) response.setHeader(name, value);
    response.statusCode = written.status;
    learnt.graphql = written.graphql;
    // As bytes, encoded once for this request and every identical one that followed it: given the
    // text, Node measures its UTF-8 length for Content-Length and then encodes it again into the
    // socket, which on the 90 KB benchmark answer cost about 6% more CPU per request (bench/README.md).
    response.end((written.bytes ??= Buffer.from(written.text)));
  }

  /**
   * `work` (running the request) once the admission gate lets it in, at once without one; undefined,
   * without running it, when its client has left. Identical requests following one held at the gate
   * wait with it and are answered with it (shared-answers.ts), without a place of their own.
   */
  async function admitted(response: ServerResponse, work: () => Promise<SharedAnswer | undefined>): Promise<SharedAnswer | undefined> {
    const gate = options.admission;
    if (!gate) return work();
    if (response.destroyed) return undefined;
    const entered = gate.enter((gone) => response.once('close', gone));
    if (entered !== true && !(await entered)) return undefined;
    try {
      return await work();
    } finally {
      gate.leave();
    }
  }

  /**
   * Apollo Server's answer to the request: a complete one as bytes, status, headers and outcome, to
   * be written by the caller (and by identical requests that followed it); a streamed one (or a
   * batch with refusals) written here, answering undefined.
   */
  async function answerFromApollo(
    request: IncomingMessage,
    url: URL,
    body: unknown,
    context: () => Promise<C>,
    response: ServerResponse,
    learnt: Learnt,
    locale: MessageLocale,
    refusedInBatch: (GraphQLFormattedError[] | undefined)[] | undefined,
  ): Promise<SharedAnswer | undefined> {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: request.method ?? 'GET', headers, search: url.search, body };
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context,
    });
    const status = result.status ?? 200;
    const graphql =
      outcomeOf(httpGraphQLRequest) ?? (result.body.kind === 'complete' && status >= 400 ? outcomeOfErrorBody(result.body.string) : { errorCodes: [], hasData: false });
    if (result.body.kind === 'complete' && !refusedInBatch) {
      return { status, headers: [...result.headers], text: localizeResponseText(result.body.string, locale), graphql };
    }
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = status;
    learnt.graphql = graphql;
    if (refusedInBatch && result.body.kind === 'complete') {
      const answered: unknown = JSON.parse(result.body.string);
      if (Array.isArray(answered)) {
        const refused = refusedInBatch.flatMap((errors) => errors ?? []);
        const answers = refusedInBatch.map((errors) => (errors ? localizeResponseBody({ errors }, locale) : (answered as unknown[]).shift()));
        learnt.graphql = { ...learnt.graphql, errorCodes: [...refused.map(codeOf), ...learnt.graphql.errorCodes] };
        response.statusCode = Math.max(response.statusCode, 400);
        response.end(JSON.stringify(answers));
        return undefined;
      }
      response.end(localizeResponseText(result.body.string, locale));
      return undefined;
    }
    if (result.body.kind === 'complete') return undefined;
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
    return undefined;
  }

  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${address.port}/graphql`,
    port: address.port,
    close: async (drainMs = 10_000) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise<void>((resolve) => setTimeout(resolve, drainMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
