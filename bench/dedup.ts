import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeBenchSupergraph } from './federation-subgraphs/compose';
import { BENCH_SUBGRAPHS } from './federation-subgraphs/index';
import { serveBenchSubgraph, ServingSubgraph } from './federation-subgraphs/serve';
import { cpuSeconds } from './lib/proc';
import { killAllStarted, portIsFree, startProcess, stopProcess, waitUntil } from './lib/processes';
import { readSubgraphStats, resetSubgraphStats, totalRequests } from './lib/subgraph-stats';

/**
 * Issue #17 item 2: what sharing identical queries in flight saves (one execution for identical
 * queries of the same caller, one request for identical subgraph calls). The product's gateway
 * (bench/gateways/product.ts, plan executor) on the benchmark subgraphs, loopback only; a burst of
 * the heavy query, every request identical and anonymous (no `authorization`), against the same
 * number of heavy queries each with a unique `authorization` header (which the gateway forwards, so
 * no two subgraph requests are identical). Per query: subgraph requests (counted at the subgraphs)
 * and gateway CPU ms (/proc). Rounds interleaved, the load average noted beside each.
 *
 * `node --import tsx bench/dedup.ts` (BENCH_DEDUP_REQUESTS, default 400; BENCH_DEDUP_CONCURRENCY,
 * default 32; BENCH_DEDUP_ROUNDS, default 2; BENCH_DEDUP_BASE_PORT, default 4341).
 */

const ROOT = join(__dirname, '..');
const REQUESTS = Number(process.env.BENCH_DEDUP_REQUESTS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_DEDUP_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_DEDUP_ROUNDS ?? 2);
const BASE_PORT = Number(process.env.BENCH_DEDUP_BASE_PORT ?? 4341);
const HEAVY = readFileSync(join(__dirname, 'federation-subgraphs', 'heavy-query.graphql'), 'utf8');

type Workload = 'identical' | 'unique';

interface Round {
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
async function load(url: string, workload: Workload, total: number, tag: string): Promise<number> {
  let next = 0;
  let failed = 0;
  const body = JSON.stringify({ query: HEAVY });
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (workload === 'unique') headers.authorization = `Bearer ${tag}-${i}`;
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      if (!response.ok || text.includes('"errors"')) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failed;
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
  const gateway = startProcess(process.execPath, ['--import', 'tsx', join(__dirname, 'gateways', 'product.ts'), supergraphFile, String(gatewayPort)], {
    logFile: join(folder, 'gateway.log'),
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;
  const rounds: Round[] = [];
  try {
    await waitUntil(
      'the product gateway',
      async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' }).catch(() => undefined))?.ok === true,
      60_000,
      gateway,
    );
    await load(url, 'unique', 100, 'warm');
    await load(url, 'identical', 100, 'warm');
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const workload of ['identical', 'unique'] as Workload[]) {
        await resetSubgraphStats(bases);
        const cpuBefore = cpuSeconds([gateway.pid]);
        const started = performance.now();
        const failed = await load(url, workload, REQUESTS, `r${round}`);
        const seconds = (performance.now() - started) / 1000;
        const cpu = cpuSeconds([gateway.pid]) - cpuBefore;
        const calls = totalRequests(await readSubgraphStats(bases));
        rounds.push({
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
    await Promise.all(subgraphs.map((s) => s.close()));
    rmSync(folder, { recursive: true, force: true });
  }
  const mean = (workload: Workload, field: 'subgraphRequestsPerQuery' | 'gatewayCpuMsPerQuery') => {
    const of = rounds.filter((r) => r.workload === workload);
    return of.reduce((sum, r) => sum + r[field], 0) / of.length;
  };
  const summary = {
    identical: { subgraphRequestsPerQuery: mean('identical', 'subgraphRequestsPerQuery'), gatewayCpuMsPerQuery: mean('identical', 'gatewayCpuMsPerQuery') },
    unique: { subgraphRequestsPerQuery: mean('unique', 'subgraphRequestsPerQuery'), gatewayCpuMsPerQuery: mean('unique', 'gatewayCpuMsPerQuery') },
    cpuRatioIdenticalToUnique: mean('identical', 'gatewayCpuMsPerQuery') / mean('unique', 'gatewayCpuMsPerQuery'),
  };
  const stamp = new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const results = join(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  const settings = { requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS, node: process.version };
  writeFileSync(join(results, `dedup-${stamp}.json`), `${JSON.stringify({ settings, rounds, summary }, null, 2)}\n`);
  const lines = [
    `# Shared in-flight subgraph requests: identical anonymous heavy queries vs unique ones (${stamp})`,
    '',
    `${REQUESTS} heavy queries per round, ${CONCURRENCY} at a time, ${ROUNDS} rounds interleaved; product gateway (plan executor), loopback, not pinned; Node ${process.version}.`,
    '',
    '| workload | round | subgraph requests / query | gateway CPU ms / query | failed | seconds | load avg (1 min) |',
    '|---|---|---|---|---|---|---|',
    ...rounds.map(
      (r) =>
        `| ${r.workload} | ${r.round} | ${r.subgraphRequestsPerQuery.toFixed(2)} | ${r.gatewayCpuMsPerQuery.toFixed(2)} | ${r.failed} | ${r.seconds.toFixed(1)} | ${r.loadAverage1m.toFixed(2)} |`,
    ),
    '',
    `Mean: identical ${summary.identical.subgraphRequestsPerQuery.toFixed(2)} requests and ${summary.identical.gatewayCpuMsPerQuery.toFixed(2)} ms CPU per query; unique ${summary.unique.subgraphRequestsPerQuery.toFixed(2)} requests and ${summary.unique.gatewayCpuMsPerQuery.toFixed(2)} ms; CPU ratio identical/unique ${summary.cpuRatioIdenticalToUnique.toFixed(3)}.`,
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
