import { ApolloGateway, GatewayConfig, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { Fetcher } from '@apollo/utils.fetcher';
import { RegistryDataSource } from '../../gateway/data-sources';
import { planExecutingGateway, productClients } from '../../gateway/execution';
import { SubgraphTransport } from '../../gateway/transport';
import { composeWorld, exchange, Exchange } from '../support/parity/gateways';
import { SHOP_WORLD } from '../support/parity/shop-world';
import { serveSubgraph, ServedSubgraph } from '../support/parity/subgraph-server';

/**
 * The plan executor follows the gateway's own configuration, as Apollo Gateway's executor does: it
 * plans with the same `queryPlannerConfig`, and every data source's hooks and fetcher run as its
 * `process` would run them, whether the executor sends through the data source (a fetcher of its
 * own) or straight to the product's transport (the product's registry data sources).
 */

process.env.APOLLO_TELEMETRY_DISABLED = '1';

let subgraphs: ServedSubgraph[];
let supergraphSdl: string;

beforeAll(async () => {
  subgraphs = await Promise.all(SHOP_WORLD.subgraphs.map((definition) => serveSubgraph(definition)));
  supergraphSdl = composeWorld(SHOP_WORLD, subgraphs);
});
afterAll(async () => {
  await Promise.all(subgraphs.map((s) => s.stop()));
});

const traffic = () => Object.fromEntries(subgraphs.map((s) => [s.name, [...s.bodies].sort()]));
const resetTraffic = () => subgraphs.forEach((s) => s.reset());

/** Serves a gateway (Apollo Gateway as given, or the plan executor over the same configuration), answers one operation, stops. */
async function answer(
  kind: 'apollo' | 'plan',
  config: GatewayConfig,
  query: string,
  transport = new SubgraphTransport({ timeouts: { defaultMs: 5_000, bySubgraph: {} } }),
): Promise<{ answer: Exchange; traffic: Record<string, string[]> }> {
  const gateway = kind === 'apollo' ? new ApolloGateway(config) : planExecutingGateway(config, { clientFor: productClients({ transport }) });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  try {
    resetTraffic();
    return { answer: await exchange(url, query, {}), traffic: traffic() };
  } finally {
    await server.stop();
    await transport.close();
  }
}

it("plans with the gateway's queryPlannerConfig: the subgraphs get the operations Apollo Gateway's executor sends", async () => {
  const query =
    '{ search(text: "a") { ... on Product { name price } ... on Category { title } } node(id: "product:1") { ... on Product { name price } ... on Category { title } } }';
  const config = (): GatewayConfig => ({ supergraphSdl, queryPlannerConfig: { generateQueryFragments: true } });
  const apollo = await answer('apollo', config(), query);
  const plan = await answer('plan', config(), query);
  // The configuration changes the operations sent: fragments generated for the repeated selections.
  expect(apollo.traffic.products!.join()).toMatch(/fragment _generated_/);
  expect(plan.traffic).toEqual(apollo.traffic);
  expect(plan.answer).toEqual(apollo.answer);
});

/** What the hooks of one data source saw. */
interface HookLog {
  willSendRequest: number;
  didReceiveResponse: number;
  fetcher: number;
  headersSent: string[];
}

/**
 * The hooks under test: a header added before sending; after receiving, each product's name changed
 * and, with `cacheFor`, the answer's `cache-control` replaced (where the fetcher's response allows
 * it: a WHATWG fetch's headers are immutable, the transport's are not).
 */
function withHooks<T extends RemoteGraphQLDataSource<Record<string, unknown>>>(dataSource: T, log: HookLog, cacheFor?: number): T {
  dataSource.willSendRequest = (options: GraphQLDataSourceProcessOptions<Record<string, unknown>>) => {
    log.willSendRequest += 1;
    options.request.http?.headers.set('x-hooked', 'yes');
  };
  dataSource.didReceiveResponse = ({ response }) => {
    log.didReceiveResponse += 1;
    if (cacheFor !== undefined) response.http?.headers.set('cache-control', `max-age=${cacheFor}, public`);
    const products = (response.data as { products?: { name?: string }[] } | undefined)?.products;
    for (const product of products ?? []) if (product.name) product.name = `${product.name} (hooked)`;
    return response;
  };
  return dataSource;
}

/** A fetcher of one's own: counts its calls and the `x-hooked` header, then fetches. */
function countingFetcher(log: HookLog, inner: Fetcher): Fetcher {
  return async (url, init) => {
    log.fetcher += 1;
    log.headersSent.push(init?.headers?.['x-hooked'] ?? '');
    return inner(url, init);
  };
}

const newLog = (): HookLog => ({ willSendRequest: 0, didReceiveResponse: 0, fetcher: 0, headersSent: [] });
const QUERY = '{ products { name price } }';

it("calls willSendRequest, didReceiveResponse and a fetcher of the data source's own, as Apollo Gateway's executor does", async () => {
  const logs = { apollo: newLog(), plan: newLog() };
  const config = (log: HookLog): GatewayConfig => ({
    supergraphSdl,
    buildService: ({ url }) => {
      const dataSource = withHooks(new RemoteGraphQLDataSource<Record<string, unknown>>(url !== undefined ? { url } : {}), log);
      dataSource.fetcher = countingFetcher(log, (fetchUrl, init) => fetch(fetchUrl, { ...init, body: init?.body?.toString() ?? null }));
      return dataSource;
    },
  });
  const apollo = await answer('apollo', config(logs.apollo), QUERY);
  const plan = await answer('plan', config(logs.plan), QUERY);
  expect(JSON.parse(apollo.answer.body)).toEqual({
    data: {
      products: [
        { name: 'Table (hooked)', price: 899 },
        { name: 'Couch (hooked)', price: 1299 },
        { name: 'Chair (hooked)', price: 54 },
      ],
    },
  });
  expect(apollo.answer.headers['cache-control']).toBe('max-age=30, public');
  expect(logs.apollo).toEqual({ willSendRequest: 1, didReceiveResponse: 1, fetcher: 1, headersSent: ['yes'] });
  expect(logs.plan).toEqual(logs.apollo);
  expect(plan.answer).toEqual(apollo.answer);
});

it("calls the hooks of the product's registry data sources too, sending straight to its transport", async () => {
  const logs = { apollo: newLog(), plan: newLog() };
  const transports = {
    apollo: new SubgraphTransport({ timeouts: { defaultMs: 5_000, bySubgraph: {} } }),
    plan: new SubgraphTransport({ timeouts: { defaultMs: 5_000, bySubgraph: {} } }),
  };
  const config = (log: HookLog, transport: SubgraphTransport): GatewayConfig => ({
    supergraphSdl,
    buildService: ({ name, url }) => withHooks(new RegistryDataSource(name, url!, 5_000, transport), log, 5),
  });
  const sent = jest.spyOn(transports.plan, 'send');
  const apollo = await answer('apollo', config(logs.apollo, transports.apollo), QUERY, transports.apollo);
  const plan = await answer('plan', config(logs.plan, transports.plan), QUERY, transports.plan);
  expect(sent).toHaveBeenCalledTimes(1);
  expect(sent.mock.calls[0]![0].headers).toMatchObject({ 'x-hooked': 'yes' });
  expect(logs.plan).toEqual({ ...logs.apollo, fetcher: 0, headersSent: [] });
  expect(logs.apollo).toMatchObject({ willSendRequest: 1, didReceiveResponse: 1 });
  expect(plan.answer).toEqual(apollo.answer);
  expect(plan.answer.headers['cache-control']).toBe('max-age=5, public');
  expect(plan.answer.body).toContain('Table (hooked)');
});
