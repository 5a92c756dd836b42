import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { RegistryDataSource } from '../../gateway/data-sources';
import { forwardingHeaders, PlanExecutingGateway, planExecutingGateway, productClients } from '../../gateway/execution';
import { SubgraphTransport } from '../../gateway/transport';
import type { Caller } from '../../shared/auth/caller';
import { composeWorld } from '../support/parity/gateways';
import { SHOP_WORLD } from '../support/parity/shop-world';
import { serveSubgraph, ServedSubgraph, SubgraphDefinition } from '../support/parity/subgraph-server';

/**
 * Issue #17 item 2: identical query fetches in flight at the same time share one subgraph request
 * (the transport), for the same caller only; a mutation's fetches never share. A holding proxy in
 * front of each subgraph keeps requests until the test lets them through, so that every client
 * request is in flight before the first answer comes back.
 */

process.env.APOLLO_TELEMETRY_DISABLED = '1';

/** A proxy that holds each request until `release()`, then passes it on and the answer back. */
interface HoldingProxy {
  url: string;
  readonly held: number;
  release(): void;
  close(): Promise<void>;
}

async function holdingProxy(target: string): Promise<HoldingProxy> {
  const queue: (() => void)[] = [];
  const forward = async (_request: IncomingMessage, response: ServerResponse, body: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const answer = await fetch(target, { method: 'POST', headers, body });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', 'cache-control': answer.headers.get('cache-control') ?? '' });
    response.end(await answer.text());
  };
  const hold = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    queue.push(() => void forward(request, response, Buffer.concat(chunks).toString('utf8')).catch(() => response.destroy()));
  };
  const server: Server = createServer((request, response) => void hold(request, response).catch(() => response.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get held() {
      return queue.length;
    },
    release: () => queue.splice(0).forEach((go) => go()),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let bumps = 0;
const counter: SubgraphDefinition = {
  name: 'counter',
  typeDefs: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { "The bumps so far." bumps: Int! }
    type Mutation { "Adds one bump; answers the bumps so far." bump: Int! }`,
  resolvers: { Query: { bumps: () => bumps }, Mutation: { bump: () => (bumps += 1) } },
};
const WORLD = { ...SHOP_WORLD, subgraphs: [...SHOP_WORLD.subgraphs, counter] };

/** A query that fetches from three subgraphs, in three steps (entities after the root). */
const QUERY = '{ topProducts(first: 4) { upc name price inStock reviews { body author { name } } } bumps }';
const MUTATION = 'mutation { bump }';
const N = 6;

let subgraphs: ServedSubgraph[];
let proxies: HoldingProxy[];
let transport: SubgraphTransport;
let server: ApolloServer;
let url: string;

beforeAll(async () => {
  subgraphs = await Promise.all(WORLD.subgraphs.map((definition) => serveSubgraph(definition)));
  proxies = await Promise.all(subgraphs.map((s) => holdingProxy(s.url)));
  const supergraphSdl = composeWorld(
    WORLD,
    subgraphs.map((s, i) => ({ ...s, url: proxies[i]!.url })),
  );
  transport = new SubgraphTransport({ timeouts: { defaultMs: 10_000, bySubgraph: {} } });
  server = new ApolloServer({
    gateway: planExecutingGateway(
      { supergraphSdl, buildService: ({ name, url }) => new RegistryDataSource(name, url!, 10_000, transport) },
      // The transport's sharing is what these tests show: identical requests each execute (the operation sharing is tested below).
      { clientFor: productClients({ transport }), shareOperations: false },
    ),
    includeStacktraceInErrorResponses: false,
  });
  // The caller from the test's own header: `x-scopes` (authenticated with those scopes) or anonymous.
  ({ url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }): Promise<{ caller: Caller }> => {
      const scopes = req.headers['x-scopes'];
      return { caller: typeof scopes === 'string' ? { authenticated: true, subject: 'someone', scopes: scopes.split(' ') } : { authenticated: false, scopes: [] } };
    },
  }));
});
afterAll(async () => {
  await server?.stop();
  await transport?.close();
  await Promise.all((proxies ?? []).map((p) => p.close()));
  await Promise.all((subgraphs ?? []).map((s) => s.stop()));
});

const calls = () => subgraphs.reduce((sum, s) => sum + s.bodies.length, 0);
const resetCalls = () => subgraphs.forEach((s) => s.reset());
const heldAtProxies = () => proxies.reduce((sum, p) => sum + p.held, 0);
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Sends each request at once; lets the held subgraph requests through each time `ready()` says so; answers the bodies. */
async function burst(requests: { query: string; scopes?: string }[], ready: () => boolean): Promise<string[]> {
  let done = false;
  const answers = Promise.all(
    requests.map(async ({ query, scopes }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(scopes ? { 'x-scopes': scopes } : {}) },
        body: JSON.stringify({ query }),
      });
      return response.text();
    }),
  ).finally(() => (done = true));
  while (!done) {
    if (heldAtProxies() > 0 && ready()) proxies.forEach((p) => p.release());
    await tick();
  }
  return answers;
}

/** Every request in flight is shared by `n` calls, and each has reached its subgraph's proxy. */
const everyShareHas = (n: number) => () => {
  const shares = transport.sharesInFlight();
  return shares.length > 0 && shares.length === heldAtProxies() && shares.every((callers) => callers === n);
};

it('N identical concurrent anonymous queries make one set of subgraph calls, and all get the same answer', async () => {
  resetCalls();
  const [alone] = await burst([{ query: QUERY }], () => true);
  const oneSet = calls();
  expect(oneSet).toBeGreaterThanOrEqual(3);
  expect((JSON.parse(alone!) as { errors?: unknown }).errors).toBeUndefined();

  resetCalls();
  const answers = await burst(
    Array.from({ length: N }, () => ({ query: QUERY })),
    everyShareHas(N),
  );
  expect(calls()).toBe(oneSet);
  expect(answers).toEqual(Array.from({ length: N }, () => alone));
});

it('two callers with different scopes never share a request', async () => {
  resetCalls();
  await burst([{ query: QUERY }], () => true);
  const oneSet = calls();

  resetCalls();
  // Both callers' requests of each step must reach the subgraphs before any is let through.
  const answers = await burst(
    [
      { query: QUERY, scopes: 'personal:read' },
      { query: QUERY, scopes: 'labs:admin' },
    ],
    () => heldAtProxies() % 2 === 0 && transport.sharesInFlight().every((callers) => callers === 1),
  );
  expect(calls()).toBe(2 * oneSet);
  expect(answers[0]).toEqual(answers[1]);
});

it('the same caller with the same scopes in another order shares', async () => {
  resetCalls();
  await burst([{ query: QUERY }], () => true);
  const oneSet = calls();

  resetCalls();
  await burst(
    [
      { query: QUERY, scopes: 'personal:read labs:admin' },
      { query: QUERY, scopes: 'labs:admin personal:read' },
    ],
    everyShareHas(2),
  );
  expect(calls()).toBe(oneSet);
});

it('identical concurrent mutations never share: each runs', async () => {
  resetCalls();
  const before = bumps;
  const answers = await burst(
    Array.from({ length: N }, () => ({ query: MUTATION })),
    () => heldAtProxies() === N,
  );
  expect(calls()).toBe(N);
  expect(bumps - before).toBe(N);
  expect(new Set(answers).size).toBe(N);
});

it('nothing is kept once the shared request is answered: the next identical query calls again', async () => {
  resetCalls();
  await burst([{ query: QUERY }], () => true);
  const oneSet = calls();
  await burst([{ query: QUERY }], () => true);
  expect(calls()).toBe(2 * oneSet);
});

describe('identical concurrent queries share one execution (issue #17 item 2, whole operations)', () => {
  let gateway: PlanExecutingGateway;
  let sharing: ApolloServer;
  let sharingUrl: string;

  beforeAll(async () => {
    const supergraphSdl = composeWorld(
      WORLD,
      subgraphs.map((s, i) => ({ ...s, url: proxies[i]!.url })),
    );
    gateway = planExecutingGateway(
      { supergraphSdl, buildService: forwardingHeaders(({ name, url }) => new RegistryDataSource(name, url!, 10_000, transport), ['x-forwarded-token']) },
      { clientFor: productClients({ transport }), shareOperations: true },
    );
    sharing = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
    ({ url: sharingUrl } = await startStandaloneServer(sharing, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }): Promise<{ caller: Caller }> => {
        const scopes = req.headers['x-scopes'];
        return { caller: typeof scopes === 'string' ? { authenticated: true, subject: 'someone', scopes: scopes.split(' ') } : { authenticated: false, scopes: [] } };
      },
    }));
  });
  afterAll(async () => {
    await sharing?.stop();
  });

  /** Sends each request at once; lets the held subgraph requests through once `ready()`; answers each body and cache-control. */
  async function sharedBurst(requests: { query: string; headers?: Record<string, string> }[], ready: () => boolean) {
    let done = false;
    const answers = Promise.all(
      requests.map(async ({ query, headers }) => {
        const response = await fetch(sharingUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
        return { body: await response.text(), cacheControl: response.headers.get('cache-control') };
      }),
    ).finally(() => (done = true));
    let released = false;
    while (!done) {
      if (heldAtProxies() > 0 && (released || ready())) {
        released = true;
        proxies.forEach((p) => p.release());
      }
      await tick();
    }
    return answers;
  }

  const executionsOf = (counts: number[]) => () => {
    const inFlight = gateway.sharedExecutionsInFlight();
    return inFlight.length === counts.length && [...inFlight].sort().join() === [...counts].sort().join() && heldAtProxies() > 0;
  };

  /** Of the two subgraphs that send a max-age (products 30, inventory 60): cacheable. */
  const CACHEABLE = '{ topProducts(first: 4) { upc name price inStock } }';

  it('N identical anonymous queries: one execution, one set of subgraph calls, the same bytes and cache-control for each', async () => {
    resetCalls();
    const [alone] = await sharedBurst([{ query: CACHEABLE }], () => true);
    const oneSet = calls();
    expect((JSON.parse(alone!.body) as { errors?: unknown }).errors).toBeUndefined();
    // Each answer's cache policy restricted by the one execution's subgraph answers, not only the first request's.
    expect(alone!.cacheControl).toBe('max-age=30, public');

    resetCalls();
    const answers = await sharedBurst(
      Array.from({ length: N }, () => ({ query: CACHEABLE })),
      executionsOf([N]),
    );
    expect(calls()).toBe(oneSet);
    expect(answers).toEqual(Array.from({ length: N }, () => alone));
  });

  it('callers with different scopes, or different forwarded headers, each get their own execution', async () => {
    resetCalls();
    await sharedBurst([{ query: QUERY }], () => true);
    const oneSet = calls();

    resetCalls();
    const answers = await sharedBurst(
      [
        { query: QUERY, headers: { 'x-scopes': 'personal:read' } },
        { query: QUERY, headers: { 'x-scopes': 'labs:admin' } },
        { query: QUERY, headers: { 'x-forwarded-token': 'a' } },
        { query: QUERY, headers: { 'x-forwarded-token': 'b' } },
        { query: QUERY, headers: { 'x-forwarded-token': 'b' } },
      ],
      executionsOf([1, 1, 1, 2]),
    );
    // Requests of different executions that are identical at the transport share there (same caller, same headers).
    expect(calls()).toBeGreaterThanOrEqual(oneSet);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it('identical concurrent mutations never share an execution', async () => {
    resetCalls();
    const before = bumps;
    const answers = await sharedBurst(
      Array.from({ length: N }, () => ({ query: MUTATION })),
      () => heldAtProxies() === N,
    );
    expect(bumps - before).toBe(N);
    expect(new Set(answers.map((a) => a.body)).size).toBe(N);
  });
});
