import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { gatewayReadiness } from '../../gateway/readiness';

/** A server on this machine answering every request with `answer`, counting the requests it had. */
async function serving(answer: (path: string, response: ServerResponse) => void): Promise<{ server: Server; url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    answer(request.url ?? '/', response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("the gateway's /ready", () => {
  // What a registry's redirect would point the gateway at: an address only the gateway reaches (its own /metrics, say).
  let inside: Awaited<ReturnType<typeof serving>>;
  beforeAll(async () => {
    inside = await serving((_path, response) => response.writeHead(200).end('# metrics'));
  });
  afterAll(() => closed(inside.server));

  it("follows no registry's redirect elsewhere, from its /ready nor from its GraphQL endpoint, and says why it is not ready", async () => {
    const fromReady = await serving((_path, response) => response.writeHead(302, { location: `${inside.url}/metrics` }).end());
    const fromGraphql = await serving((path, response) =>
      path === '/ready' ? response.writeHead(404).end() : response.writeHead(307, { location: `${inside.url}/metrics` }).end(),
    );
    try {
      const readiness = gatewayReadiness(
        () => [
          { name: 'nurses', url: `${fromReady.url}/graphql` },
          { name: 'midwives', url: `${fromGraphql.url}/graphql` },
        ],
        () => true,
        2_000,
        0,
      );
      const state = await readiness();
      expect(inside.asked).toEqual([]);
      expect(state.ready).toBe(false);
      expect(state.subgraphs).toEqual({
        nurses: 'not ready (HTTP 302: a redirect, not followed)',
        midwives: 'not ready (HTTP 307: a redirect, not followed)',
      });
    } finally {
      await closed(fromReady.server);
      await closed(fromGraphql.server);
    }
  });

  it('is ready when every subgraph answers its /ready with 200', async () => {
    const ready = await serving((_path, response) => response.writeHead(200).end('{"status":"ready"}'));
    try {
      const state = await gatewayReadiness(
        () => [{ name: 'labs', url: `${ready.url}/graphql` }],
        () => true,
        2_000,
        0,
      )();
      expect(state).toEqual({ ready: true, supergraph: 'loaded', subgraphs: { labs: 'ready' } });
    } finally {
      await closed(ready.server);
    }
  });
});
