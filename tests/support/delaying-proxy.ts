import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface DelayingProxy {
  url: string;
  delayMs: number;
  close(): Promise<void>;
}

/** A loopback proxy that forwards each request (same method and path) to a subgraph after `delayMs`: a slow subgraph, on demand. */
export async function delayingProxy(target: () => string): Promise<DelayingProxy> {
  const state = { delayMs: 0 };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    await new Promise((wait) => setTimeout(wait, state.delayMs));
    try {
      const destination = new URL(request.url ?? '/', target());
      const method = request.method ?? 'GET';
      const answer = await fetch(destination, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
      });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(await answer.text());
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

