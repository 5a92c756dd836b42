import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpRegistryHelpers } from '../../gateway/directory/registry-helpers';
import { KnownPeople, personScreen, RegistryMembership } from '../../gateway/membership';
import { SubgraphCall, SubgraphTransport } from '../../gateway/transport';

const HELD = '0000000001';

const bodyOf = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
  });

/** A labs registry holding HELD, answering its helper fields and a field naming them. */
function labsRegistry(): Server {
  return createServer((request, response) => {
    void bodyOf(request).then((text) => {
      const { query } = JSON.parse(text) as { query: string };
      const data = /_memberCount|_recordHolderRecords/.test(query)
        ? { [query.includes('_memberCount') ? '_memberCount' : '_recordHolderRecords']: 1 }
        : /_memberCodes|_recordHolderCodes/.test(query)
          ? { [query.includes('_memberCodes') ? '_memberCodes' : '_recordHolderCodes']: [HELD] }
          : { probe: [{ __typename: 'Person', nationalCode: HELD }] };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
  });
}

describe("the gateway's own reads of a registry's code lists, through the screened transport", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = labsRegistry();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('are not screened themselves, so a call checked against lists not yet read reads them once and is answered', async () => {
    // Wired as gateway.ts wires them: the lists are read over the transport whose screen reads them.
    const links = { transport: { send: (call: SubgraphCall) => transport.send(call) } };
    const people = new KnownPeople(new RegistryMembership(new HttpRegistryHelpers(links)), new RegistryMembership(new HttpRegistryHelpers(links, { list: 'recordHolders' })));
    const transport: SubgraphTransport = new SubgraphTransport({
      timeouts: { defaultMs: 5_000, bySubgraph: {} },
      routes: () => [{ name: 'labs', url }],
      screen: personScreen(people, () => ['labs']),
    });
    try {
      const reply = await transport.send({ subgraph: 'labs', body: JSON.stringify({ query: '{ probe { __typename nationalCode } }' }) });
      expect(reply.body()).toEqual({ data: { probe: [{ __typename: 'Person', nationalCode: HELD }] } });
    } finally {
      await transport.close();
    }
  });
});
