import { join } from 'node:path';
import { CallerSigner, GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { portIsFree, startProcess, Started, stopProcess, waitUntil } from '../lib/processes';

/**
 * The product as `npm start` runs it, for the product benchmark: the four registry subgraphs and
 * the gateway, each its own process (`node --import tsx`, source-mapped stack traces off as in
 * bench/run.ts), on 127.0.0.1 only. A subgraph runs on the embedded store or on a MongoDB URI,
 * with the demo data or with a scale size (`SCALE_SIZE`).
 */

export const ROOT = join(__dirname, '..', '..');
export const REGISTRY_KEYS: DemoRegistryKey[] = ['labs', 'auditors', 'engineering', 'guilds'];
const NODE_FLAGS = ['--import', 'tsx', '--import', './bench/lib/source-maps-off.ts'];

/** Secrets of this benchmark's processes only (they never leave loopback): the token secret, and the gateway's key pair made for this run. */
export const BENCH_AUTH_SECRET = 'product-bench-auth-secret-loopback-only';
const BENCH_SIGNING_KEY = generateSigningKeyPem();
const BENCH_SIGNING_KEYS = new GatewaySigningKeys(keyMaterialSource(BENCH_SIGNING_KEY, 'the benchmark signing key'));
/** Signs caller assertions as the benchmark's gateway does (for requests sent straight to the subgraphs). */
export const BENCH_SIGNER = new CallerSigner(BENCH_SIGNING_KEYS);

export interface SubgraphPlan {
  key: DemoRegistryKey;
  /** `SCALE_SIZE` (generated data instead of the demo data); undefined: demo data. */
  scaleSize?: number;
}

export interface FleetPlan {
  subgraphs: SubgraphPlan[];
  /** The first of five ports in a row: four subgraphs, then the gateway. */
  basePort: number;
  /** A MongoDB URI (FerretDB here) for every subgraph; undefined: the embedded store. */
  mongoUri?: string;
  /** Database-name prefix, so that two fleets never share a database. */
  databasePrefix: string;
  workDir: string;
  /** How long a subgraph may take to load its data (1,000,000 guild units: about 20 s embedded). */
  readyTimeoutMs: number;
  /** The subgraphs' `LOG_LEVEL` (`info` logs every GraphQL request with its duration); `warn` by default. */
  subgraphLogLevel?: 'info' | 'warn';
  /** The gateway's `SUBGRAPH_TIMEOUT_MS` (10 s by default, as in service). */
  subgraphTimeoutMs?: number;
}

export interface Fleet {
  gatewayUrl: string;
  subgraphUrls: Record<DemoRegistryKey, string>;
  gatewayPid: number;
  subgraphPids: Record<DemoRegistryKey, number>;
  subgraphLogFiles: Record<DemoRegistryKey, string>;
  stop(): Promise<void>;
}

/** Variables of the shell that would change what is measured (another identity provider, Redis, tracing, ports). */
const DROPPED =
  /^(AUTH_|REDIS_URL|RESPONSE_CACHE|OTEL_|SUPERGRAPH_|MONGODB_URI|SCALE_SIZE|SEED_DEMO_DATA|LIMIT_|SAFELIST|PERSISTED_QUERIES|APQ|(LABS|AUDITORS|ENGINEERING|GUILDS)_)/;

function commonEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !DROPPED.test(name)));
  return {
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_SECRET: BENCH_AUTH_SECRET,
    GATEWAY_JWKS: JSON.stringify(BENCH_SIGNING_KEYS.jwks()),
    SUBGRAPH_TRUST: 'signed',
  };
}

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

/** Starts the subgraphs, waits until each is ready (data loaded), then the gateway, and waits until it answers. */
export async function startFleet(plan: FleetPlan): Promise<Fleet> {
  const ports = [0, 1, 2, 3, 4].map((i) => plan.basePort + i);
  for (const port of ports) if (!(await portIsFree(port))) throw new Error(`port ${port} on 127.0.0.1 is in use; pick another --base-port`);
  const started: Started[] = [];
  const subgraphUrls = {} as Record<DemoRegistryKey, string>;
  const subgraphPids = {} as Record<DemoRegistryKey, number>;
  const subgraphLogFiles = {} as Record<DemoRegistryKey, string>;
  try {
    const env = commonEnv();
    plan.subgraphs.forEach((subgraph, i) => {
      const upper = subgraph.key.toUpperCase();
      const childEnv: NodeJS.ProcessEnv = {
        ...env,
        [`${upper}_PORT`]: String(ports[i]),
        [`${upper}_DB`]: `${plan.databasePrefix}_${subgraph.key}`,
        LOG_LEVEL: plan.subgraphLogLevel ?? 'warn',
        SEED_DEMO_DATA: subgraph.scaleSize === undefined ? 'true' : 'false',
        ...(subgraph.scaleSize === undefined ? {} : { SCALE_SIZE: String(subgraph.scaleSize) }),
        ...(plan.mongoUri === undefined ? {} : { MONGODB_URI: plan.mongoUri }),
      };
      subgraphLogFiles[subgraph.key] = join(plan.workDir, `${plan.databasePrefix}-${subgraph.key}.log`);
      const child = startProcess(process.execPath, [...NODE_FLAGS, join(ROOT, 'subgraphs', subgraph.key, 'main.ts')], {
        logFile: subgraphLogFiles[subgraph.key],
        env: childEnv,
        cwd: ROOT,
      });
      started.push(child);
      subgraphUrls[subgraph.key] = `http://127.0.0.1:${ports[i]}/graphql`;
      subgraphPids[subgraph.key] = child.pid;
    });
    await Promise.all(
      plan.subgraphs.map((subgraph, i) =>
        waitUntil(
          `subgraph ${subgraph.key}`,
          async () => (await fetch(`http://127.0.0.1:${ports[i]}/ready`, { signal: AbortSignal.timeout(5_000) })).status === 200,
          plan.readyTimeoutMs,
          started[i],
        ),
      ),
    );
    const gateway = await startGatewayProcess({
      port: ports[4]!,
      subgraphUrls,
      workDir: plan.workDir,
      name: `${plan.databasePrefix}-gateway`,
      ...(plan.subgraphTimeoutMs ? { subgraphTimeoutMs: plan.subgraphTimeoutMs } : {}),
    });
    started.push(gateway.process);
    const gatewayUrl = gateway.url;
    return {
      gatewayUrl,
      subgraphUrls,
      gatewayPid: gateway.process.pid,
      subgraphPids,
      subgraphLogFiles,
      stop: async () => {
        await Promise.all(started.map((s) => stopProcess(s)));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => stopProcess(s)));
    throw error;
  }
}

export interface GatewayProcess {
  url: string;
  process: Started;
}

/**
 * Starts the product gateway (gateway/main.ts) on 127.0.0.1:`port` over the given subgraph URLs,
 * composing from them at start (its supergraph cache in `workDir`, no polling), and waits until
 * `{ __typename }` answers.
 */
export async function startGatewayProcess(options: {
  port: number;
  subgraphUrls: Record<DemoRegistryKey, string>;
  workDir: string;
  name: string;
  subgraphTimeoutMs?: number;
}): Promise<GatewayProcess> {
  const env: NodeJS.ProcessEnv = {
    ...commonEnv(),
    GATEWAY_SIGNING_KEY: BENCH_SIGNING_KEY,
    ...(options.subgraphTimeoutMs ? { SUBGRAPH_TIMEOUT_MS: String(options.subgraphTimeoutMs) } : {}),
    GATEWAY_PORT: String(options.port),
    SUPERGRAPH_CACHE: join(options.workDir, `${options.name}-supergraph.graphql`),
    SUPERGRAPH_POLL_MS: '0',
    ...Object.fromEntries(Object.entries(options.subgraphUrls).map(([key, url]) => [`${key.toUpperCase()}_URL`, url])),
  };
  const gateway = startProcess(process.execPath, [...NODE_FLAGS, join(ROOT, 'gateway', 'main.ts')], {
    logFile: join(options.workDir, `${options.name}.log`),
    env,
    cwd: ROOT,
  });
  const url = `http://127.0.0.1:${options.port}/graphql`;
  try {
    await waitUntil(options.name, async () => (await post(url, { query: '{ __typename }' })) === 200, 120_000, gateway);
  } catch (error) {
    await stopProcess(gateway);
    throw error;
  }
  return { url, process: gateway };
}
