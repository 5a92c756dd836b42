import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeBenchSupergraph } from './federation-subgraphs/compose';
import { BENCH_SUBGRAPHS } from './federation-subgraphs/index';
import { serveBenchSubgraph, ServingSubgraph } from './federation-subgraphs/serve';
import { compileGateways, GatewayEntry } from './lib/compiled-gateways';
import { cpuSeconds } from './lib/proc';
import { killAllStarted, portIsFree, startProcess, stopProcess, waitUntil } from './lib/processes';
import { readSubgraphStats, resetSubgraphStats, totalRequests } from './lib/subgraph-stats';
import { benchTokenSettings, signedBearer } from './lib/bearer-tokens';

/**
 * Issue #17 item 2: what sharing identical queries in flight saves (one execution for identical
 * queries of the same caller, one request for identical subgraph calls). The product's gateway
 * (bench/gateways/product.ts, plan executor) on the benchmark subgraphs, loopback only; a burst of
 * the heavy query, every request identical and anonymous (no `authorization`), against the same
 * number of heavy queries each with a unique `authorization` header (which the gateway forwards, so
 * no two subgraph requests are identical). Per query: subgraph requests (counted at the subgraphs)
 * and gateway CPU ms (/proc). Rounds interleaved, the load average noted beside each.
 *
 * Two configurations, one gateway process each: `production` (bench/gateways/product-production.ts:
 * bearer tokens verified with the run's AUTH_SECRET, caller assertions signed, limits, metrics and
 * request logs on; the unique requests carry a unique signed token each) and `bare`
 * (bench/gateways/product.ts: every caller anonymous, no signing; a unique opaque header each).
 *
 * `node --import tsx bench/dedup.ts` (BENCH_DEDUP_CONFIGS, default `production,bare`;
 * BENCH_DEDUP_REQUESTS, default 400; BENCH_DEDUP_CONCURRENCY, default 32; BENCH_DEDUP_ROUNDS,
 * default 2; BENCH_DEDUP_BASE_PORT, default 4341).
 */

const ROOT = join(__dirname, '..');
const REQUESTS = Number(process.env.BENCH_DEDUP_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_DEDUP_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_DEDUP_ROUNDS ?? 2);
const BASE_PORT = Number(process.env.BENCH_DEDUP_BASE_PORT ?? 4341);
const CONFIGS = (process.env.BENCH_DEDUP_CONFIGS ?? 'production,bare').split(',').filter((c): c is Config => c === 'production' || c === 'bare');
const TOKENS = benchTokenSettings();
const HEAVY = readFileSync(join(__dirname, 'federation-subgraphs', 'heavy-query.graphql'), 'utf8');

type Workload = 'identical' | 'unique';
type Config = 'production' | 'bare';

/** How each configuration's gateway is started, and the unique header each of its unique requests carries. */
const LAUNCH: Record<Config, { entry: string; env: Record<string, string>; unique: (tag: string) => string }> = {
  // As bench/run.ts runs the production row: compiled, NODE_ENV=production.
  production: {
    entry: 'product-production',
    env: { NODE_ENV: 'production', AUTH_SECRET: TOKENS.secret, LIMIT_COST: '200000' },
    unique: (tag) => signedBearer(TOKENS, tag),
  },
  // As this benchmark ran before the production row was added.
  bare: { entry: 'product', env: { LOG_LEVEL: 'warn' }, unique: (tag) => `Bearer ${tag}` },
};

interface Round {
  config: Config;
  workload: Workload;
  round: number;
  requests: number;
  failed: number;
  subgraphRequestsPerQuery: number;
  gatewayCpuMsPerQuery: number;
  seconds: number;
  loadAverage1m: number;
}

/** `total` heavy queries, `CONCURRENCY` at a time; answers how many failed. */
async function load(url: string, config: Config, workload: Workload, total: number, tag: string): Promise<number> {
  let next = 0;
  let failed = 0;
  const body = JSON.stringify({ query: HEAVY });
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (workload === 'unique') headers.authorization = LAUNCH[config].unique(`${tag}-${i}`);
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      if (!response.ok || text.includes('"errors"')) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failed;
}

/** Starts `config`'s gateway, warms it, measures its rounds (identical and unique interleaved) and stops it. */
async function measure(config: Config, supergraphFile: string, gatewayPort: number, bases: string[], folder: string, entry: GatewayEntry): Promise<Round[]> {
  const launch = LAUNCH[config];
  const gateway = startProcess(process.execPath, [entry(launch.entry), supergraphFile, String(gatewayPort)], {
    logFile: join(folder, `gateway-${config}.log`),
    cwd: ROOT,
    env: { ...process.env, ...launch.env },
  });
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;
  const rounds: Round[] = [];
  try {
    await waitUntil(
      `the product gateway (${config})`,
      async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' }).catch(() => undefined))?.ok === true,
      60_000,
      gateway,
    );
    await load(url, config, 'unique', 100, 'warm');
    await load(url, config, 'identical', 100, 'warm');
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const workload of ['identical', 'unique'] as Workload[]) {
        await resetSubgraphStats(bases);
        const cpuBefore = cpuSeconds([gateway.pid]);
        const started = performance.now();
        const failed = await load(url, config, workload, REQUESTS, `${config}-r${round}`);
        const seconds = (performance.now() - started) / 1000;
        const cpu = cpuSeconds([gateway.pid]) - cpuBefore;
        const calls = totalRequests(await readSubgraphStats(bases));
        rounds.push({
          config,
          workload,
          round,
          requests: REQUESTS,
          failed,
          subgraphRequestsPerQuery: calls / REQUESTS,
          gatewayCpuMsPerQuery: (cpu * 1000) / REQUESTS,
          seconds,
          loadAverage1m: loadavg()[0]!,
        });
        console.log(JSON.stringify(rounds[rounds.length - 1]));
      }
    }
  } finally {
    await stopProcess(gateway);
  }
  return rounds;
}

async function main(): Promise<void> {
  const gatewayPort = BASE_PORT + BENCH_SUBGRAPHS.length;
  for (let port = BASE_PORT; port <= gatewayPort; port += 1) if (!(await portIsFree(port))) throw new Error(`port ${port} is taken: set BENCH_DEDUP_BASE_PORT`);
  const folder = mkdtempSync(join(tmpdir(), 'bench-dedup-'));
  const subgraphs: ServingSubgraph[] = [];
  for (const [i, subgraph] of BENCH_SUBGRAPHS.entries()) subgraphs.push(await serveBenchSubgraph(subgraph.name, BASE_PORT + i));
  const bases = subgraphs.map((s) => `http://127.0.0.1:${s.port}`);
  const supergraphFile = join(folder, 'supergraph.graphql');
  writeFileSync(supergraphFile, composeBenchSupergraph(BASE_PORT));
  const rounds: Round[] = [];
  const compiled = compileGateways();
  try {
    for (const config of CONFIGS) rounds.push(...(await measure(config, supergraphFile, gatewayPort, bases, folder, compiled.entry)));
  } finally {
    await Promise.all(subgraphs.map((s) => s.close()));
    rmSync(folder, { recursive: true, force: true });
    compiled.remove();
  }
  const mean = (config: Config, workload: Workload, field: 'subgraphRequestsPerQuery' | 'gatewayCpuMsPerQuery') => {
    const of = rounds.filter((r) => r.config === config && r.workload === workload);
    return of.reduce((sum, r) => sum + r[field], 0) / of.length;
  };
  const summary = Object.fromEntries(
    CONFIGS.map((config) => [
      config,
      {
        identical: { subgraphRequestsPerQuery: mean(config, 'identical', 'subgraphRequestsPerQuery'), gatewayCpuMsPerQuery: mean(config, 'identical', 'gatewayCpuMsPerQuery') },
        unique: { subgraphRequestsPerQuery: mean(config, 'unique', 'subgraphRequestsPerQuery'), gatewayCpuMsPerQuery: mean(config, 'unique', 'gatewayCpuMsPerQuery') },
        cpuRatioIdenticalToUnique: mean(config, 'identical', 'gatewayCpuMsPerQuery') / mean(config, 'unique', 'gatewayCpuMsPerQuery'),
      },
    ]),
  );
  const stamp = new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const results = join(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  const settings = { configs: CONFIGS, requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS, node: process.version };
  writeFileSync(join(results, `dedup-${stamp}.json`), `${JSON.stringify({ settings, rounds, summary }, null, 2)}\n`);
  const lines = [
    `# Shared in-flight subgraph requests: identical anonymous heavy queries vs unique ones (${stamp})`,
    '',
    `${REQUESTS} heavy queries per round, ${CONCURRENCY} at a time, ${ROUNDS} rounds interleaved; product gateway (plan executor), loopback, not pinned; Node ${process.version}. Configurations: production (bench/gateways/product-production.ts, tokens verified, assertions signed, limits, metrics and logs on; unique requests carry a unique signed token each) and bare (bench/gateways/product.ts, anonymous callers).`,
    '',
    '| config | workload | round | subgraph requests / query | gateway CPU ms / query | failed | seconds | load avg (1 min) |',
    '|---|---|---|---|---|---|---|---|',
    ...rounds.map(
      (r) =>
        `| ${r.config} | ${r.workload} | ${r.round} | ${r.subgraphRequestsPerQuery.toFixed(2)} | ${r.gatewayCpuMsPerQuery.toFixed(2)} | ${r.failed} | ${r.seconds.toFixed(1)} | ${r.loadAverage1m.toFixed(2)} |`,
    ),
    '',
    ...Object.entries(summary).map(
      ([config, s]) =>
        `Mean, ${config}: identical ${s.identical.subgraphRequestsPerQuery.toFixed(2)} requests and ${s.identical.gatewayCpuMsPerQuery.toFixed(2)} ms CPU per query; unique ${s.unique.subgraphRequestsPerQuery.toFixed(2)} requests and ${s.unique.gatewayCpuMsPerQuery.toFixed(2)} ms; CPU ratio identical/unique ${s.cpuRatioIdenticalToUnique.toFixed(3)}.`,
    ),
    '',
  ];
  writeFileSync(join(results, `dedup-${stamp}.md`), lines.join('\n'));
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  killAllStarted();
  process.exit(1);
});
