import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GCProfiler } from 'node:v8';
import { startTestGraph } from '../tests/support/graph';

/**
 * What refusing an abusive document costs the gateway: a 1 MB document (refused by the body limit,
 * 413) and a document 1,000 fields deep (refused after parsing, before validation, 400), beside
 * `{ __typename }` for scale; then the same two documents on a gateway whose limits are raised out
 * of the way, to show what the limits save.
 *
 *   node --expose-gc --import tsx bench/limits.ts [--requests 200]
 *
 * The four subgraphs and the gateway run in a child process (the same in-process graph the tests
 * use, embedded stores); this process sends the requests one at a time over HTTP and asks the
 * child for its CPU time and memory around each case, so the figures are the server's alone.
 * Figures are in bench/README.md ("Refusing abusive requests").
 */

interface Stats {
  cpuMicros: number;
  heapUsed: number;
  /** Bytes allocated on the JavaScript heap since the last reset, from the garbage collections in between. */
  allocated: number;
}

type Message = { kind: 'ready'; url: string } | { kind: 'stats'; stats: Stats };

const MB = 1024 * 1024;

if (process.argv.includes('--serve')) void serve();
else void main();

/** The child: the graph, and its CPU and memory on request. */
async function serve(): Promise<void> {
  process.env.LOG_LEVEL = 'silent';
  if (process.argv.includes('--limits-raised')) {
    Object.assign(process.env, {
      LIMIT_BODY_BYTES: String(8 * MB),
      LIMIT_TOKENS: '100000000',
      LIMIT_DEPTH: '1000000',
      LIMIT_ALIASES: '1000000000',
      LIMIT_ROOT_FIELDS: '1000000000',
      LIMIT_COST: '1000000000000',
    });
  }
  const graph = await startTestGraph();
  let profiler: GCProfiler | undefined;
  let usedAtReset = 0;
  /** Heap allocated since the reset: what each collection found in use, less what the one before left. */
  const allocatedSinceReset = (): number => {
    const collections = profiler?.stop()?.statistics ?? [];
    profiler = undefined;
    let allocated = 0;
    let left = usedAtReset;
    for (const gc of collections) {
      allocated += gc.beforeGC.heapStatistics.usedHeapSize - left;
      left = gc.afterGC.heapStatistics.usedHeapSize;
    }
    return allocated + process.memoryUsage().heapUsed - left;
  };
  const stats = (allocated = 0): Stats => {
    const cpu = process.cpuUsage();
    return { cpuMicros: cpu.user + cpu.system, heapUsed: process.memoryUsage().heapUsed, allocated };
  };
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ kind: 'stats', stats: stats() });
    } else if (message.kind === 'reset') {
      profiler = new GCProfiler();
      profiler.start();
      usedAtReset = process.memoryUsage().heapUsed;
      process.send!({ kind: 'stats', stats: stats() });
    } else if (message.kind === 'stats') {
      const allocated = allocatedSinceReset();
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ kind: 'stats', stats: stats(allocated) });
    } else if (message.kind === 'stop') {
      void graph.stop().then(() => process.exit(0));
    }
  });
  process.send!({ kind: 'ready', url: graph.gatewayUrl });
}

function startChild(limitsRaised: boolean): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(__filename, ['--serve', ...(limitsRaised ? ['--limits-raised'] : [])], {
    // As in the gateway benchmark: tsx, then source-mapped stack traces off again (bench/lib/source-maps-off.ts).
    execArgv: ['--expose-gc', '--import', 'tsx', '--import', './bench/lib/source-maps-off.ts'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the graph exited with ${code}`)));
    child.on('message', (message: Message) => {
      if (message.kind === 'ready') resolve({ child, url: message.url });
    });
  });
}

function ask(child: ChildProcess, kind: 'gc' | 'reset' | 'stats'): Promise<Stats> {
  return new Promise((resolve) => {
    const listener = (message: Message) => {
      if (message.kind !== 'stats') return;
      child.off('message', listener);
      resolve(message.stats);
    };
    child.on('message', listener);
    child.send({ kind });
  });
}

interface Case {
  name: string;
  body: string;
  requests: number;
}

interface Result {
  name: string;
  bodyBytes: number;
  outcome: string;
  requests: number;
  p50: number;
  p95: number;
  cpuMsPerRequest: number;
  allocatedKiBPerRequest: number;
  heapGrowthMiB: number;
}

async function runCase(child: ChildProcess, url: string, c: Case, warmup: number): Promise<Result> {
  const send = async () => {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: c.body, signal: AbortSignal.timeout(120_000) });
    const text = await response.text();
    const elapsed = performance.now() - started;
    let code = 'data';
    try {
      const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.length) code = body.errors.map((e) => e.extensions?.code).join('+');
    } catch {
      code = 'not JSON';
    }
    return { elapsed, outcome: `${response.status} ${code}`, bytes: text.length };
  };
  const heapBefore = (await ask(child, 'gc')).heapUsed;
  for (let i = 0; i < warmup; i += 1) await send();
  const before = await ask(child, 'reset');
  const times: number[] = [];
  const outcomes = new Set<string>();
  for (let i = 0; i < c.requests; i += 1) {
    const { elapsed, outcome } = await send();
    times.push(elapsed);
    outcomes.add(outcome);
  }
  const after = await ask(child, 'stats');
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return {
    name: c.name,
    bodyBytes: Buffer.byteLength(c.body),
    outcome: [...outcomes].join(', '),
    requests: c.requests,
    p50: at(0.5),
    p95: at(0.95),
    cpuMsPerRequest: (after.cpuMicros - before.cpuMicros) / 1000 / c.requests,
    allocatedKiBPerRequest: after.allocated / 1024 / c.requests,
    heapGrowthMiB: (after.heapUsed - heapBefore) / MB,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
  const requests = Number(values.requests);
  if (!Number.isInteger(requests) || requests < 1 || requests > 10_000) throw new Error('--requests must be a whole number from 1 to 10000');

  const oneMegabyte = JSON.stringify({ query: `{ ${'__typename '.repeat(Math.ceil(MB / 11))}}` });
  const deep = JSON.stringify({ query: `{${'a{'.repeat(1_000)}b${'}'.repeat(1_000)}}` });
  const small = JSON.stringify({ query: '{ __typename }' });
  const cases: Case[] = [
    { name: '`{ __typename }` (accepted, for scale)', body: small, requests },
    { name: '1 MB document', body: oneMegabyte, requests },
    { name: 'depth-1,000 document', body: deep, requests },
  ];
  const results: { limits: string; result: Result }[] = [];
  for (const limitsRaised of [false, true]) {
    const { child, url } = await startChild(limitsRaised);
    try {
      for (const c of limitsRaised ? cases.slice(1).map((c) => ({ ...c, requests: Math.min(c.requests, 20) })) : cases) {
        results.push({ limits: limitsRaised ? 'raised' : 'defaults', result: await runCase(child, url, c, limitsRaised ? 2 : 50) });
      }
    } finally {
      child.removeAllListeners('exit');
      child.send({ kind: 'stop' });
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }

  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  console.log(`Node ${process.version}, ${cpu}; requests one at a time over loopback HTTP; server CPU and memory from the graph's process.\n`);
  console.log('| limits | request | body bytes | answer | requests | p50 ms | p95 ms | server CPU ms/request | heap allocated KiB/request | heap kept after GC MiB |');
  console.log('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { limits, result: r } of results) {
    console.log(
      `| ${limits} | ${r.name} | ${r.bodyBytes.toLocaleString('en-US')} | ${r.outcome} | ${r.requests} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.cpuMsPerRequest.toFixed(2)} | ${r.allocatedKiBPerRequest.toFixed(0)} | ${r.heapGrowthMiB.toFixed(1)} |`,
    );
  }
}
