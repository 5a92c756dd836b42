import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { CALLER_HEADER } from '../../shared/auth/subgraph-trust';

export interface DelayingProxy {
  url: string;
  delayMs: number;
  /** Requests whose body this matches are not forwarded: the connection is dropped, as by a subgraph that dies mid-request. */
  refuse: RegExp | undefined;
  /** The caller header of every request forwarded, in order (undefined where there was none). */
  callerHeaders: (string | undefined)[];
  /** The body of every request forwarded, exactly as received, in the same order. */
  bodies: string[];
  close(): Promise<void>;
}

/**
 * A loopback proxy that forwards each request (same method and path, and the gateway's caller
 * header) to a subgraph after `delayMs`: a slow subgraph, on demand; or drops the ones `refuse`
 * matches: a subgraph that fails some requests. It notes the caller headers.
 */
export async function delayingProxy(target: () => string): Promise<DelayingProxy> {
  const state: { delayMs: number; refuse: RegExp | undefined } = { delayMs: 0, refuse: undefined };
  const callerHeaders: (string | undefined)[] = [];
  const bodies: string[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    await new Promise((wait) => setTimeout(wait, state.delayMs));
    if (state.refuse?.test(Buffer.concat(chunks).toString('utf8'))) {
      response.destroy();
      return;
    }
    try {
      const destination = new URL(request.url ?? '/', target());
      const method = request.method ?? 'GET';
      const caller = request.headers[CALLER_HEADER] as string | undefined;
      callerHeaders.push(caller);
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      const answer = await fetch(destination, {
        method,
        headers: { 'content-type': 'application/json', ...(caller ? { [CALLER_HEADER]: caller } : {}) },
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(await answer.text());
    } catch {
      response.destroy();
    }
  };
  // A request that fails before forwarding (its body cut off) is dropped too.
  const server: Server = createServer((request, response) => void handle(request, response).catch(() => response.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get refuse() {
      return state.refuse;
    },
    set refuse(pattern: RegExp | undefined) {
      state.refuse = pattern;
    },
    callerHeaders,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
