import { BaseContext } from '@apollo/server';
import { GatewaySettings } from '../../gateway/config';
import { GatewayRunOptions, startGateway, RunningGateway } from '../../gateway/gateway';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { RegistrySubgraph, runSubgraph } from '../../shared/server/run';
import { RunningSubgraph } from '../../shared/server/subgraph';
import { CountingStore } from '../../shared/store/counting-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { Store } from '../../shared/store/port';
import { auditorsSubgraph } from '../../subgraphs/auditors';
import { engineeringSubgraph } from '../../subgraphs/engineering';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { labsSubgraph } from '../../subgraphs/labs';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { callerHeader, useTestSecrets } from './auth';

// Every suite that starts subgraphs or a gateway imports this module: they all run on the test secrets.
useTestSecrets();

export const ALL_SUBGRAPHS: RegistrySubgraph<BaseContext, DemoRegistryKey>[] = [labsSubgraph, auditorsSubgraph, engineeringSubgraph, guildsSubgraph];

/** The whole graph in this process: four subgraphs and the gateway on free loopback ports. */
export interface TestGraph {
  gatewayUrl: string;
  subgraphUrls: Record<DemoRegistryKey, string>;
  stores: Record<DemoRegistryKey, CountingStore>;
  /** Sends an operation to the gateway, with `token` as its bearer token when given (anonymous without). */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs an operation; `headers` adds to the JSON content type (`authorization`, a subgraph's caller header). */
export async function postGraphQL<T>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** POSTs an exact request body; `headers` adds to the JSON content type. */
export async function postBody<T>(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const answer = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...answer };
}

/** Asks a subgraph directly as the test gateway would: the body signed for `subgraph` and `caller` (anonymous by default). */
export function askSubgraph<T = Record<string, unknown>>(
  url: string,
  subgraph: string,
  query: string,
  variables?: Record<string, unknown>,
  caller: Caller = ANONYMOUS,
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  return postBody<T>(url, body, callerHeader(subgraph, body, caller));
}

/** Starts the graph; `openStore` picks each association's store (the embedded one by default). */
export async function startTestGraph(openStore: (key: DemoRegistryKey) => Promise<Store> = async () => new MemoryStore()): Promise<TestGraph> {
  process.env.LOG_LEVEL ??= 'silent';
  useTestSecrets();
  const running: RunningSubgraph[] = [];
  const stores = {} as Record<DemoRegistryKey, CountingStore>;
  const subgraphUrls = {} as Record<DemoRegistryKey, string>;
  let gateway: RunningGateway | undefined;
  try {
    // The registries prepare their stores (indexes, demo data) at the same time, as they would on their own machines.
    const started = await Promise.allSettled(
      ALL_SUBGRAPHS.map(async (definition) => {
        const store = new CountingStore(await openStore(definition.key));
        stores[definition.key] = store;
        const subgraph = await runSubgraph(definition, { port: 0, host: '127.0.0.1', databaseName: `registry_${definition.key}`, seedDemoData: true }, store);
        running.push(subgraph);
        subgraphUrls[definition.key] = subgraph.url;
      }),
    );
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    gateway = await gatewayOver({ subgraphUrls });
  } catch (error) {
    await Promise.all(running.map((s) => s.stop()));
    throw error;
  }
  const gatewayUrl = gateway.url;
  const started = gateway;
  return {
    gatewayUrl,
    subgraphUrls,
    stores,
    query: (query, variables, token) => postGraphQL(gatewayUrl, query, variables, token ? { authorization: `Bearer ${token}` } : {}),
    stop: async () => {
      await started.stop();
      await Promise.all(running.map((s) => s.stop()));
    },
  };
}

/** Another gateway in this process over the test graph's subgraphs, with `settings` of its own (limits, caches, signing...). */
export function gatewayOver(graph: Pick<TestGraph, 'subgraphUrls'>, settings: Partial<GatewaySettings> = {}, options: GatewayRunOptions = {}): Promise<RunningGateway> {
  return startGateway(
    { port: 0, host: '127.0.0.1', subgraphs: ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: graph.subgraphUrls[d.key] })), startupTimeoutMs: 10_000, ...settings },
    options,
  );
}
