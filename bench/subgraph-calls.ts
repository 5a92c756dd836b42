import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGatewayFromSdl } from '../gateway/from-sdl';
import { composeBenchSupergraph } from './federation-subgraphs/compose';
import { BENCH_SUBGRAPHS } from './federation-subgraphs/index';
import { serveBenchSubgraph, ServingSubgraph } from './federation-subgraphs/serve';
import { portIsFree } from './lib/processes';
import { readSubgraphStats, resetSubgraphStats } from './lib/subgraph-stats';

/**
 * Issue #17 item 2: how many subgraph requests the product's gateway makes for one heavy query, with
 * fetch merging off (`GATEWAY_FETCH_MERGING=off`: each fetch of Apollo's plan its own request) and on
 * (the default), counted at the benchmark subgraphs: a count, not a timing. The two answers must be
 * the same bytes. Writes `results/subgraph-calls-<time>.json` and `.md`.
 *
 * `node --import tsx bench/subgraph-calls.ts` (BENCH_CALLS_BASE_PORT, default 4361).
 */

const BASE_PORT = Number(process.env.BENCH_CALLS_BASE_PORT ?? 4361);
const HEAVY = readFileSync(join(__dirname, 'federation-subgraphs', 'heavy-query.graphql'), 'utf8');

interface Count {
  merging: 'off' | 'on';
  total: number;
  bySubgraph: Record<string, number>;
  answerBytes: number;
}

async function count(merging: 'off' | 'on', supergraphSdl: string, bases: string[]): Promise<{ count: Count; body: string }> {
  process.env.GATEWAY_FETCH_MERGING = merging;
  process.env.LIMIT_COST ??= '200000';
  process.env.LOG_LEVEL ??= 'warn';
  const gateway = await startGatewayFromSdl({
    supergraphSdl,
    port: 0,
    host: '127.0.0.1',
    anonymousCallers: true,
    settings: { callerSigning: { trust: 'unsigned', lifetimeSeconds: 10 } },
  });
  try {
    // One query first (warm-up), then the one counted.
    const ask = async () => {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: HEAVY }) });
      return response.text();
    };
    await ask();
    await resetSubgraphStats(bases);
    const body = await ask();
    if (body.includes('"errors"')) throw new Error(`the heavy query failed with merging ${merging}: ${body.slice(0, 300)}`);
    const stats = await readSubgraphStats(bases);
    const bySubgraph = Object.fromEntries(stats.map((s) => [s.subgraph, s.requests]));
    return { count: { merging, total: stats.reduce((sum, s) => sum + s.requests, 0), bySubgraph, answerBytes: Buffer.byteLength(body) }, body };
  } finally {
    await gateway.stop(0);
  }
}

async function main(): Promise<void> {
  for (let port = BASE_PORT; port < BASE_PORT + BENCH_SUBGRAPHS.length; port += 1)
    if (!(await portIsFree(port))) throw new Error(`port ${port} is taken: set BENCH_CALLS_BASE_PORT`);
  const subgraphs: ServingSubgraph[] = [];
  for (const [i, subgraph] of BENCH_SUBGRAPHS.entries()) subgraphs.push(await serveBenchSubgraph(subgraph.name, BASE_PORT + i));
  const bases = subgraphs.map((s) => `http://127.0.0.1:${s.port}`);
  const supergraphSdl = composeBenchSupergraph(BASE_PORT);
  try {
    const off = await count('off', supergraphSdl, bases);
    const on = await count('on', supergraphSdl, bases);
    const sameAnswer = off.body === on.body;
    const stamp = new Date()
      .toISOString()
      .replace(/:/g, '-')
      .replace(/\.\d+Z$/, 'Z');
    const results = join(__dirname, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, `subgraph-calls-${stamp}.json`), `${JSON.stringify({ query: 'heavy', counts: [off.count, on.count], sameAnswer }, null, 2)}\n`);
    const names = BENCH_SUBGRAPHS.map((s) => s.name);
    const lines = [
      `# Subgraph requests per heavy query, fetch merging off and on (${stamp})`,
      '',
      'The product gateway (plan executor) on the benchmark subgraphs; one heavy query after one to warm up; requests counted at the subgraphs.',
      '',
      `| fetch merging | total | ${names.join(' | ')} | answer bytes |`,
      `|---|---|${names.map(() => '---').join('|')}|---|`,
      ...[off.count, on.count].map((c) => `| ${c.merging} | ${c.total} | ${names.map((n) => c.bySubgraph[n] ?? 0).join(' | ')} | ${c.answerBytes} |`),
      '',
      `The two answers are ${sameAnswer ? 'the same bytes' : 'DIFFERENT'}.`,
      '',
    ];
    writeFileSync(join(results, `subgraph-calls-${stamp}.md`), lines.join('\n'));
    console.log(lines.join('\n'));
    if (!sameAnswer) process.exitCode = 1;
  } finally {
    await Promise.all(subgraphs.map((s) => s.close()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
