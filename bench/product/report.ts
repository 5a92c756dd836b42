import { MachineInfo } from '../lib/proc';
import { REGISTRY_KEYS } from './fleet';
import { OverheadRow } from './overhead';
import { ScaleRow, ScaleSkip, SubgraphTime } from './scale';
import { StoreCallsRow } from './store-calls';

/** The product benchmark's results file (JSON) and its tables (markdown). */
export interface ProductReport {
  startedAt: string;
  wallSeconds: number;
  command: string;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  overhead?: OverheadRow[];
  storeCalls?: { scaleSize: number; loadSeconds: number; rows: StoreCallsRow[] };
  scale?: { rows: ScaleRow[]; skipped: ScaleSkip[]; ratios: ScaleRatio[] };
}

export interface ScaleRatio {
  store: string;
  smallest: number;
  largest: number;
  filteredPageP50: number;
  filteredPageP95: number;
  personLookupP50: number;
  personLookupP95: number;
}

const n = (value: number) => value.toLocaleString('en-US');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : 'n/a');
const x = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
const load = (q: { loadAverage: number[]; quiet: boolean; waitedSeconds: number }) =>
  `${q.loadAverage[0]}${q.quiet ? '' : ' (bench/run.ts running)'}${q.waitedSeconds > 0 ? `, waited ${q.waitedSeconds} s` : ''}`;

const times = (time: SubgraphTime) =>
  Object.entries(time)
    .map(([key, t]) => `${key} ${t.requests} x, ${ms(t.ms)} ms`)
    .join('; ');

/** Largest size over smallest, per store, of each p50 and p95. */
export function scaleRatios(rows: ScaleRow[]): ScaleRatio[] {
  const ratios: ScaleRatio[] = [];
  for (const store of [...new Set(rows.map((r) => r.store))]) {
    const mine = rows.filter((r) => r.store === store).sort((a, b) => a.guildUnits - b.guildUnits);
    if (mine.length < 2) continue;
    const small = mine[0]!;
    const large = mine[mine.length - 1]!;
    const r = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    ratios.push({
      store,
      smallest: small.guildUnits,
      largest: large.guildUnits,
      filteredPageP50: r(large.filteredPage.latencyMs.p50, small.filteredPage.latencyMs.p50),
      filteredPageP95: r(large.filteredPage.latencyMs.p95, small.filteredPage.latencyMs.p95),
      personLookupP50: r(large.personLookup.latencyMs.p50, small.personLookup.latencyMs.p50),
      personLookupP95: r(large.personLookup.latencyMs.p95, small.personLookup.latencyMs.p95),
    });
  }
  return ratios;
}

export function markdownReport(report: ProductReport): string {
  const m = report.machine;
  const lines: string[] = [
    `# Product benchmark, ${report.startedAt}`,
    '',
    `\`${report.command}\`, ${Math.round(report.wallSeconds)} s wall time.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}. Settings: ${JSON.stringify(report.settings)}.`,
    '',
  ];
  if (report.overhead) {
    lines.push(
      '## Gateway overhead (item 4)',
      '',
      '| query | path | subgraph requests (stages) | req/s | p50 ms | p95 ms | p99 ms | failures | load avg (1 min) |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const row of report.overhead) {
      for (const [path, s] of [
        ['gateway', row.gateway],
        ['direct to subgraphs', row.direct],
      ] as const) {
        lines.push(
          `| ${row.title} | ${path} | ${path === 'gateway' ? 1 : `${row.subgraphRequests} (${row.stages})`} | ${s.operationsPerSecond} | ${ms(s.latencyMs.p50)} | ${ms(s.latencyMs.p95)} | ${ms(s.latencyMs.p99)} | ${s.failures} / ${n(s.operations)} | ${load(s.quiet)} |`,
        );
      }
    }
    lines.push('', '| query | p50 gateway / direct | p95 | p99 | req/s gateway / direct | what the gateway sent, stage by stage |', '| --- | ---: | ---: | ---: | ---: | --- |');
    for (const row of report.overhead) {
      lines.push(`| ${row.title} | ${x(row.ratios.p50)} | ${x(row.ratios.p95)} | ${x(row.ratios.p99)} | ${x(row.ratios.throughput)} | ${row.recordedFields.join(' → ')} |`);
    }
    lines.push('');
  }
  if (report.storeCalls) {
    lines.push(
      '## Store calls per request (item 5)',
      '',
      `Four registries of ${n(report.storeCalls.scaleSize)} generated members each (guilds: guild units, 0.8 owners a unit), embedded store, counted per subgraph (CountingStore).`,
      '',
      `| people | requests | in several registries | ${REGISTRY_KEYS.map((k) => `${k} per request`).join(' | ')} | ${REGISTRY_KEYS.map((k) => `${k} total`).join(' | ')} |`,
      `| ---: | ---: | ---: | ${REGISTRY_KEYS.map(() => '---:').join(' | ')} | ${REGISTRY_KEYS.map(() => '---:').join(' | ')} |`,
    );
    for (const row of report.storeCalls.rows) {
      const perRequest = REGISTRY_KEYS.map((k) => {
        const values = [...new Set(row.perRequest.map((r) => r[k]))].sort((a, b) => a - b);
        return values.length === 1 ? String(values[0]) : `${values[0]}–${values[values.length - 1]}`;
      });
      lines.push(`| ${n(row.people)} | ${row.requests} | ${row.peopleInSeveralRegistries} | ${perRequest.join(' | ')} | ${REGISTRY_KEYS.map((k) => row.total[k]).join(' | ')} |`);
    }
    lines.push('');
  }
  if (report.scale) {
    lines.push(
      '## Data scale (item 6)',
      '',
      '| store | server | guild units | unions | start + load s | filtered page p50 ms | p95 ms | req | person lookup p50 ms | p95 ms | req | load avg (1 min) |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const row of report.scale.rows) {
      lines.push(
        `| ${row.store} | ${row.server} | ${n(row.guildUnits)} | ${n(row.unions)} | ${row.startSeconds} | ${ms(row.filteredPage.latencyMs.p50)} | ${ms(row.filteredPage.latencyMs.p95)} | ${row.filteredPage.operations} | ${ms(row.personLookup.latencyMs.p50)} | ${ms(row.personLookup.latencyMs.p95)} | ${row.personLookup.operations} | ${load(row.filteredPage.quiet)} |`,
      );
    }
    for (const skip of report.scale.skipped) lines.push(`| ${skip.store} | | ${n(skip.guildUnits)} | | not measured: ${skip.reason} | | | | | | | |`);
    lines.push(
      '',
      "Where the time goes: each subgraph's requests for one client request and their summed duration as the subgraphs logged them, warm, after the correctness check (the mean of three requests on the embedded store, one on a MongoDB-compatible server).",
      '',
      '| store | guild units | filtered page: subgraph requests x ms | person lookup: subgraph requests x ms |',
      '| --- | ---: | --- | --- |',
    );
    for (const row of report.scale.rows) lines.push(`| ${row.store} | ${n(row.guildUnits)} | ${times(row.filteredPage.subgraphTime)} | ${times(row.personLookup.subgraphTime)} |`);
    lines.push('', '| store | largest / smallest | filtered page p50 | p95 | person lookup p50 | p95 | goal ≤ 1.5 |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const r of report.scale.ratios) {
      const met = Math.max(r.filteredPageP50, r.personLookupP50) <= 1.5;
      lines.push(
        `| ${r.store} | ${n(r.largest)} / ${n(r.smallest)} | ${x(r.filteredPageP50)} | ${x(r.filteredPageP95)} | ${x(r.personLookupP50)} | ${x(r.personLookupP95)} | ${met ? 'met (p50)' : 'NOT met'} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
