import { BaseContext } from '@apollo/server';
import { GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { startGateway } from '../../gateway/gateway';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { RegistrySubgraph, runSubgraph, RunningRegistrySubgraph } from '../../shared/server/run';
import { CountingStore } from '../../shared/store/counting-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { auditorsSubgraph } from '../../subgraphs/auditors';
import { engineeringSubgraph } from '../../subgraphs/engineering';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { labsSubgraph } from '../../subgraphs/labs';
import { BENCH_AUTH_SECRET, REGISTRY_KEYS } from './fleet';
import { benchToken } from './operations';
import { MEMBERS_PAGE } from './queries';

/**
 * Item 5: store calls per request, per subgraph, for lists of 10, 100 and 1,000 people with
 * nested fields from every registry. The four subgraphs and the gateway run in this process
 * (loopback HTTP between them), each subgraph on the embedded store wrapped in a CountingStore,
 * with generated data (`scaleSize` members each, guild units for guilds: 0.8 owners a unit) so
 * that 1,000 people exist and cross registries. The API caps `first` at 100, so 1,000 people are
 * ten pages of 100, walked with the cursor; each request's calls are counted on its own.
 */

const DEFINITIONS: RegistrySubgraph<BaseContext, DemoRegistryKey>[] = [labsSubgraph, auditorsSubgraph, engineeringSubgraph, guildsSubgraph];

export interface StoreCallsRow {
  /** People asked for: 10, 100, or 1,000 (ten pages of 100). */
  people: number;
  requests: number;
  peopleReturned: number;
  /** People of the list who belong to more than one registry. */
  peopleInSeveralRegistries: number;
  /** Store calls of each request, per subgraph (one entry per request). */
  perRequest: Record<DemoRegistryKey, number>[];
  /** Store calls of the whole list, per subgraph. */
  total: Record<DemoRegistryKey, number>;
}

interface MembersAnswer {
  data?: { guildsMembers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { registries: string[] }[] } };
  errors?: unknown[];
}

export async function measureStoreCalls(options: { scaleSize: number; log: (line: string) => void }): Promise<{ rows: StoreCallsRow[]; loadSeconds: number }> {
  process.env.AUTH_SECRET = BENCH_AUTH_SECRET;
  // The gateway (in this process) signs with a key made for this run; the subgraphs hold its public key set.
  const signingKey = generateSigningKeyPem();
  process.env.GATEWAY_SIGNING_KEY = signingKey;
  process.env.GATEWAY_JWKS = JSON.stringify(new GatewaySigningKeys(keyMaterialSource(signingKey, 'the benchmark signing key')).jwks());
  process.env.LOG_LEVEL = 'silent';
  for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'SUBGRAPH_TRUST', 'REDIS_URL', 'GATEWAY_SIGNING_KEY_FILE', 'GATEWAY_JWKS_URL', 'GATEWAY_JWKS_FILE'])
    delete process.env[name];
  const stores = {} as Record<DemoRegistryKey, CountingStore>;
  const running: RunningRegistrySubgraph[] = [];
  const started = performance.now();
  try {
    for (const definition of DEFINITIONS) {
      stores[definition.key] = new CountingStore(new MemoryStore());
      const subgraph = await runSubgraph(
        definition,
        { port: 0, host: '127.0.0.1', databaseName: `bench_${definition.key}`, seedDemoData: false, scaleSize: options.scaleSize },
        stores[definition.key],
      );
      running.push(subgraph);
      await subgraph.prepared;
    }
    const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
    options.log(`store calls: four registries of ${options.scaleSize} generated in ${loadSeconds} s (in process)`);
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: running.map((s, i) => ({ name: DEFINITIONS[i]!.key, url: s.url })),
      startupTimeoutMs: 30_000,
      pollIntervalMs: 0,
    });
    try {
      const token = await benchToken();
      const ask = async (first: number, after: string | null): Promise<MembersAnswer> => {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: MEMBERS_PAGE, variables: { first, ...(after ? { after } : {}) } }),
        });
        return (await response.json()) as MembersAnswer;
      };
      // Once, unmeasured: the gateway plans the operation, the stores settle.
      await ask(10, null);
      const rows: StoreCallsRow[] = [];
      for (const [people, pageSize] of [
        [10, 10],
        [100, 100],
        [1000, 100],
      ] as const) {
        const row: StoreCallsRow = { people, requests: 0, peopleReturned: 0, peopleInSeveralRegistries: 0, perRequest: [], total: zero() };
        let after: string | null = null;
        for (let page = 0; page < people / pageSize; page += 1) {
          for (const store of Object.values(stores)) store.reset();
          const answer = await ask(pageSize, after);
          if (answer.errors || !answer.data) throw new Error(`store calls: the members page answered with errors: ${JSON.stringify(answer.errors).slice(0, 300)}`);
          const calls = Object.fromEntries(REGISTRY_KEYS.map((key) => [key, stores[key].total])) as Record<DemoRegistryKey, number>;
          row.perRequest.push(calls);
          for (const key of REGISTRY_KEYS) row.total[key] += calls[key];
          row.requests += 1;
          const { nodes, pageInfo } = answer.data.guildsMembers;
          row.peopleReturned += nodes.length;
          row.peopleInSeveralRegistries += nodes.filter((p) => p.registries.length > 1).length;
          after = pageInfo.endCursor;
        }
        if (row.peopleReturned !== people) throw new Error(`store calls: asked for ${people} people, got ${row.peopleReturned}`);
        options.log(`store calls, ${people} people in ${row.requests} request(s): per request ${JSON.stringify(row.perRequest[0])}, total ${JSON.stringify(row.total)}`);
        rows.push(row);
      }
      return { rows, loadSeconds };
    } finally {
      await gateway.stop();
    }
  } finally {
    await Promise.all(running.map((s) => s.stop()));
  }
}

const zero = () => Object.fromEntries(REGISTRY_KEYS.map((key) => [key, 0])) as Record<DemoRegistryKey, number>;
