import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { fetchSubgraphSdl } from '../../gateway/compose';

const SDL = 'type Query { nurses: Int }';

/** A server on this machine, its URL, and the requests it had. */
async function listening(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("the gateway's schema request to a subgraph", () => {
  it('follows no redirect: the address it names is not asked, and the subgraph does not compose', async () => {
    let asked = 0;
    // Where a registry's redirect would send the gateway: an address only the gateway reaches, answering as a schema would.
    const inside = await listening((_request, response) => {
      asked += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _service: { sdl: SDL } } }));
    });
    const redirecting = await listening((_request, response) => response.writeHead(307, { location: `${inside.url}/graphql` }).end());
    try {
      await expect(fetchSubgraphSdl(`${redirecting.url}/graphql`)).rejects.toThrow('HTTP 307: the subgraph sends its schema query elsewhere');
      expect(asked).toBe(0);
      await expect(fetchSubgraphSdl(`${inside.url}/graphql`)).resolves.toBe(SDL);
    } finally {
      await closed(redirecting.server);
      await closed(inside.server);
    }
  });
});
