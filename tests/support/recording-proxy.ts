import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request a recording proxy passed on. */
export interface RecordedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingProxy {
  url: string;
  /** Every request passed on, in order of arrival. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * A loopback proxy in front of a subgraph that passes every request on as it came (method, path,
 * headers, the exact body) and the answer back, noting each request's headers and body: what the
 * gateway sends a subgraph, seen from outside it. `answer` rewrites the answers' text on the way back;
 * `delayMs` holds each answer back that long (so that it arrives after the other subgraphs');
 * `cacheControl` gives every answer that `cache-control` (a subgraph's cache hint).
 */
export async function recordingProxy(target: string, options: { answer?: (text: string) => string; delayMs?: number; cacheControl?: string } = {}): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    requests.push({ headers: request.headers, body: body.toString('utf8') });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined && !NOT_FORWARDED.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    try {
      const method = request.method ?? 'GET';
      const answer = await fetch(new URL(request.url ?? '/', target), { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
        ...(options.cacheControl ? { 'cache-control': options.cacheControl } : {}),
      });
      const text = await answer.text();
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      response.end(options.answer ? options.answer(text) : text);
    } catch {
      response.destroy();
    }
  };
  // A request that fails before forwarding (its body cut off) is dropped too.
  const server: Server = createServer((request, response) => void handle(request, response).catch(() => response.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
