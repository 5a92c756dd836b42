import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parseScaleSize } from '../shared/server/run';
import { machineInfo } from './lib/proc';
import { killAllStarted } from './lib/processes';
import { measureOverhead } from './product/overhead';
import { markdownReport, ProductReport, scaleRatios } from './product/report';
import { measureScale, StoreKind } from './product/scale';
import { measureStoreCalls } from './product/store-calls';

/**
 * `npm run bench:product`: the product's own benchmark tables (bench/README.md, "The product's
 * own queries", "Store calls per request", "Data scale"):
 *
 *   1. gateway overhead: three of the product's queries through the gateway, and the same
 *      subgraph requests sent to the subgraphs directly (latency and req/s ratios);
 *   2. store calls per request, per subgraph, for lists of 10, 100 and 1,000 people;
 *   3. data scale: a filtered page and a person lookup at several guilds sizes, on the embedded
 *      store and on FerretDB (or on the MongoDB-compatible server at `--mongodb-uri`).
 *
 * Everything on 127.0.0.1; every phase bounded in time. Results in bench/results/product-*.
 */

const ROOT = join(__dirname, '..');
const PHASES = ['overhead', 'store-calls', 'scale'] as const;

const { values: options } = parseArgs({
  options: {
    phases: { type: 'string', default: PHASES.join(',') },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    sizes: { type: 'string', default: '10000,160000,1000000' },
    stores: { type: 'string', default: 'embedded,mongodb' },
    'mongodb-sizes': { type: 'string', default: '10000,160000' },
    'mongodb-uri': { type: 'string' },
    'scale-connections': { type: 'string', default: '1' },
    'scale-duration': { type: 'string', default: '10' },
    'store-calls-size': { type: 'string', default: '10000' },
    'max-requests': { type: 'string', default: '200000' },
    'base-port': { type: 'string', default: '4300' },
    out: { type: 'string', default: join(__dirname, 'results') },
  },
});

function whole(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}; got "${text}"`);
  return value;
}
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const phases = list(options.phases);
for (const phase of phases) if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`--phases: unknown "${phase}"; choose from ${PHASES.join(', ')}`);
const durationSeconds = whole('duration', options.duration, 1, 120);
const warmupSeconds = whole('warmup', options.warmup, 0, 30);
const connections = whole('connections', options.connections, 1, 100);
const scaleConnections = whole('scale-connections', options['scale-connections'], 1, 100);
const scaleDuration = whole('scale-duration', options['scale-duration'], 1, 120);
const maxRequests = whole('max-requests', options['max-requests'], 1, 10_000_000);
const basePort = whole('base-port', options['base-port'], 1024, 65_000);
const storeCallsSize = parseScaleSize(options['store-calls-size'], '--store-calls-size');
if (storeCallsSize < 1250) throw new Error('--store-calls-size must be at least 1250, so that 1,000 guild owners exist');
const sizes = list(options.sizes).map((s) => parseScaleSize(s, '--sizes'));
const mongoSizes = list(options['mongodb-sizes']).map((s) => parseScaleSize(s, '--mongodb-sizes'));
if (sizes.some((s) => s > 2_000_000)) throw new Error('--sizes: at most 2,000,000 guild units');
const isStoreKind = (store: string): store is StoreKind => store === 'embedded' || store === 'mongodb';
const stores = list(options.stores).map((store) => {
  if (!isStoreKind(store)) throw new Error(`--stores: "${store}" is neither embedded nor mongodb`);
  return store;
});

const log = (line: string) => console.log(`[bench:product] ${line}`);
const timestamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');

async function main(): Promise<void> {
  const startedAt = new Date();
  const workDir = mkdtempSync(join(tmpdir(), 'product-bench-'));
  const report: ProductReport = {
    startedAt: startedAt.toISOString(),
    wallSeconds: 0,
    command: `npm run bench:product${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machineInfo(ROOT),
    settings: { phases, connections, warmupSeconds, durationSeconds, scaleConnections, scaleDuration, sizes, stores, mongoSizes, storeCallsSize, maxRequests },
  };
  log(`machine: ${report.machine.cpuModel}, ${report.machine.cores} cores; logs in ${workDir}`);
  try {
    if (phases.includes('overhead')) {
      report.overhead = await measureOverhead({
        basePort,
        workDir,
        load: { connections, warmupSeconds, durationSeconds, maxOperations: maxRequests },
        log,
      });
    }
    if (phases.includes('store-calls')) {
      const { rows, loadSeconds } = await measureStoreCalls({ scaleSize: storeCallsSize, log });
      report.storeCalls = { scaleSize: storeCallsSize, loadSeconds, rows };
    }
    if (phases.includes('scale')) {
      const { rows, skipped } = await measureScale({
        sizes,
        stores,
        mongoSizes,
        ...(options['mongodb-uri'] ? { mongoUri: options['mongodb-uri'] } : {}),
        basePort: basePort + 10,
        workDir,
        load: { connections: scaleConnections, warmupSeconds: Math.min(warmupSeconds, 2), durationSeconds: scaleDuration, maxOperations: maxRequests },
        log,
      });
      report.scale = { rows, skipped, ratios: scaleRatios(rows) };
    }
  } finally {
    report.wallSeconds = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
    const markdown = markdownReport(report);
    mkdirSync(options.out, { recursive: true });
    const stamp = timestamp(startedAt);
    const json = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(join(options.out, `product-${stamp}.json`), json);
    writeFileSync(join(options.out, `product-${stamp}.md`), markdown);
    writeFileSync(join(options.out, 'product-latest.json'), json);
    writeFileSync(join(options.out, 'product-latest.md'), markdown);
    console.log(`\n${markdown}`);
    log(`wrote ${relative(ROOT, join(options.out, `product-${stamp}.json`))} and .md (and product-latest.*) in ${Math.round(report.wallSeconds)} s`);
  }
  // Kept when a phase failed: the processes' logs are there.
  rmSync(workDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every process the benchmark started`);
    killAllStarted();
    process.exit(130);
  });
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error('[bench:product] failed:', error instanceof Error ? error.message : error);
    killAllStarted();
    process.exit(1);
  });
