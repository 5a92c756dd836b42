import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAllStarted, stopProcess } from './lib/processes';
import { REGISTRY_KEYS, startFleet, startGatewayProcess } from './product/fleet';
import { benchToken, checkOperation, gatewayOperation } from './product/operations';
import { SCENARIOS } from './product/overhead';
import { startRecordingProxies } from './product/recorder';
import { isCodeListRead } from '../gateway/directory/registry-helpers';

/**
 * Issue #17 item 2: the subgraph requests the product's gateway (`gateway/main.ts`, production
 * configuration, as the product benchmark runs it) makes for each of the product's benchmark
 * queries (bench/product/queries.ts), with fetch merging off (`GATEWAY_FETCH_MERGING=off`) and on
 * (the default): recorded by proxies in front of the four registries, a count, not a timing. The
 * second request of each is recorded (the first warms the plans and the directory's member counts);
 * the answers with merging off and on must be the same bytes (but for each page's sealed `endCursor`).
 *
 * `node --import tsx bench/product-calls.ts` (BENCH_CALLS_BASE_PORT, default 4381: five ports from it).
 */

const BASE_PORT = Number(process.env.BENCH_CALLS_BASE_PORT ?? 4381);

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-product-calls-'));
  const fleet = await startFleet({ subgraphs: REGISTRY_KEYS.map((key) => ({ key })), basePort: BASE_PORT, databasePrefix: 'calls', workDir, readyTimeoutMs: 60_000 });
  const rows: {
    query: string;
    off: number;
    on: number;
    offBySubgraph: Record<string, number>;
    onBySubgraph: Record<string, number>;
    onMembershipChecks: number;
    sameAnswer: boolean;
  }[] = [];
  try {
    const token = await benchToken();
    const proxies = await startRecordingProxies(fleet.subgraphUrls);
    try {
      const recorded: Record<'off' | 'on', Map<string, { calls: number; bySubgraph: Record<string, number>; membershipChecks: number; answer: string }>> = {
        off: new Map(),
        on: new Map(),
      };
      for (const merging of ['off', 'on'] as const) {
        process.env.GATEWAY_FETCH_MERGING = merging;
        const gateway = await startGatewayProcess({ port: BASE_PORT + 5, subgraphUrls: proxies.urls, workDir, name: `calls-gateway-${merging}` });
        try {
          for (const scenario of SCENARIOS) {
            const operation = gatewayOperation(gateway.url, scenario.body, token);
            await checkOperation(operation);
            proxies.clear();
            const checked = await checkOperation([[operation[0]![0]!]]);
            // checkOperation runs it twice: the first run's calls.
            const calls = proxies.calls().slice(0, proxies.calls().length / 2);
            const bySubgraph: Record<string, number> = {};
            for (const call of calls) bySubgraph[call.subgraph] = (bySubgraph[call.subgraph] ?? 0) + 1;
            // A page's `endCursor` is sealed with a fresh nonce each time: compared without its value.
            const answer = JSON.stringify(checked.answers[0]![0]).replace(/"endCursor":"[^"]*"/g, '"endCursor":"…"');
            // The gateway's membership lists (gateway/membership): a registry's count, asked at most once a second, and its codes when the count changed.
            const membershipChecks = calls.filter((call) => isCodeListRead(call.body)).length;
            recorded[merging].set(scenario.id, { calls: calls.length, bySubgraph, membershipChecks, answer });
          }
        } finally {
          await stopProcess(gateway.process);
        }
      }
      for (const scenario of SCENARIOS) {
        const off = recorded.off.get(scenario.id)!;
        const on = recorded.on.get(scenario.id)!;
        if (off.answer !== on.answer) {
          writeFileSync(join(tmpdir(), `product-calls-${scenario.id}-off.json`), off.answer);
          writeFileSync(join(tmpdir(), `product-calls-${scenario.id}-on.json`), on.answer);
        }
        rows.push({
          query: scenario.title,
          off: off.calls,
          on: on.calls,
          offBySubgraph: off.bySubgraph,
          onBySubgraph: on.bySubgraph,
          onMembershipChecks: on.membershipChecks,
          sameAnswer: off.answer === on.answer,
        });
      }
    } finally {
      await proxies.close();
    }
  } finally {
    await fleet.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const stamp = new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const results = join(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, `product-calls-${stamp}.json`), `${JSON.stringify({ rows }, null, 2)}\n`);
  const lines = [
    `# Subgraph requests per product query, fetch merging off and on (${stamp})`,
    '',
    'The product gateway (`gateway/main.ts`, production configuration) on the four registries (embedded store, bench data); the second request of each query, recorded by proxies; answers compared without the sealed `endCursor` (a fresh nonce each time).',
    '',
    '| query | requests, merging off | requests, merging on | of which membership checks, on | by subgraph, off | by subgraph, on | same answer |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.query} | ${r.off} | ${r.on} | ${r.onMembershipChecks} | ${JSON.stringify(r.offBySubgraph)} | ${JSON.stringify(r.onBySubgraph)} | ${r.sameAnswer ? 'yes' : 'NO'} |`,
    ),
    '',
  ];
  writeFileSync(join(results, `product-calls-${stamp}.md`), lines.join('\n'));
  console.log(lines.join('\n'));
  if (rows.some((r) => !r.sameAnswer)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  killAllStarted();
  process.exit(1);
});
