import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';

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
  context: (request: IncomingMessage) => Promise<C>;
  /** Extra GET routes such as `/health`; each answers with a status and a JSON body. */
  routes?: Record<string, () => Promise<{ status: number; body: unknown }>>;
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const graphQLError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * A plain Node HTTP server in front of an Apollo Server: `/graphql` (GET and POST) plus the given
 * routes. Apollo Server does the GraphQL-over-HTTP work; this only moves bytes and parses JSON.
 */
export async function serveHttp<C extends BaseContext>(
  options: HttpServerOptions<C>,
  port: number,
  host = '0.0.0.0',
): Promise<HttpEndpoint> {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server: Server = createServer((request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (draining) server.closeIdleConnections();
      if (inFlight === 0) drained?.();
    });
    // While draining, answers tell keep-alive clients to go: this connection takes no more requests.
    if (draining) response.setHeader('connection', 'close');
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, graphQLError(String(error), 'INTERNAL_SERVER_ERROR'));
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = options.routes?.[url.pathname];
    if (route && request.method === 'GET') {
      const { status, body } = await route();
      sendJson(response, status, body);
      return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      sendJson(response, 404, graphQLError(`No route ${url.pathname}; GraphQL is served at /graphql`, 'NOT_FOUND'));
      return;
    }
    let body: unknown;
    if (request.method === 'POST') {
      let text: string;
      try {
        text = await readBody(request, limit);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          sendJson(response, 413, graphQLError(`Request body is larger than ${limit} bytes`, 'PAYLOAD_TOO_LARGE'));
          return;
        }
        throw error;
      }
      const isJson = (request.headers['content-type'] ?? '').includes('json');
      if (isJson) {
        try {
          body = text.length ? JSON.parse(text) : undefined;
        } catch {
          sendJson(response, 400, graphQLError('Request body is not valid JSON', 'BAD_REQUEST'));
          return;
        }
      } else {
        body = text;
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(request),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }

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
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, drainMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
