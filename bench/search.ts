import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryStore } from '../shared/store/memory-store';
import { GuildsRepository } from '../subgraphs/guilds/repository';
import { guildsSubgraph } from '../subgraphs/guilds';
import { GUILDS_MEASURES } from '../subgraphs/guilds/measures';

/**
 * Search and count latency in one registry's store (the guilds registry, embedded store) at scale:
 * `npx ts-node bench/search.ts 10000 160000` loads each number of guild units, builds the search
 * index, and times each search and count (median and worst of 20 runs), without the gateway.
 */
const SEARCHES = ['اتحادیه صنف', 'تهران', 'محمد', 'Mohammad', 'اتاق اصناف فارس'];
const RUNS = 20;

async function timed(run: () => Promise<unknown>): Promise<{ medianMs: number; maxMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Number(times[Math.floor(RUNS / 2)]!.toFixed(2)), maxMs: Number(times[RUNS - 1]!.toFixed(2)) };
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const results = [];
  for (const size of sizes.length ? sizes : [10_000]) {
    const store = new MemoryStore();
    const instance = guildsSubgraph.create(store);
    await instance.ensureIndexes();
    const loadStart = performance.now();
    const { documents } = await instance.loadScaleData(size);
    const loadMs = Math.round(performance.now() - loadStart);
    const repository = new GuildsRepository(store);
    const entries = await store.collection('searchEntries').count({});
    // The machine is shared: its load average (1, 5, 15 min) beside the figures, before and after the timings.
    const loadBefore = loadavg().map((n) => Number(n.toFixed(2)));
    const searches = [];
    for (const text of SEARCHES) {
      let totalCount = 0;
      const time = await timed(async () => {
        totalCount = (await repository.searchIndex.search({ text, size: 20, list: 'bench' }, 'guilds')).totalCount;
      });
      searches.push({ text, totalCount, ...time });
    }
    const counts = [];
    for (const measure of GUILDS_MEASURES.filter((m) => m.name.startsWith('guildUnits') || m.name === 'unionsByChamber')) {
      let groups = 0;
      const time = await timed(async () => {
        groups = (await repository.countBy(measure.collection, measure.field, measure.filter ?? {})).length;
      });
      counts.push({ measure: measure.name, groups, ...time });
    }
    const loadAfter = loadavg().map((n) => Number(n.toFixed(2)));
    results.push({ guildUnits: size, documents, searchEntries: entries, loadAndIndexMs: loadMs, loadAverage: { before: loadBefore, after: loadAfter }, searches, counts });
    console.log(JSON.stringify(results[results.length - 1], null, 1));
  }
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  writeFileSync(join(out, `search-${stamp}.json`), JSON.stringify({ node: process.version, store: 'embedded', results }, null, 2));
}

void main();
