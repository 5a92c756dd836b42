import { LoadResult } from './load';
import { MachineInfo } from './proc';

export interface GatewayRun {
  id: string;
  round: number;
  label: string;
  description: string;
  command: string;
  status: 'ok' | 'aborted';
  reason?: string;
  responseBytes?: number;
  subgraphRequestsPerRequest?: number;
  result?: LoadResult;
}

export interface BenchReport {
  startedAt: string;
  wallSeconds: number;
  command: string;
  machine: MachineInfo;
  settings: {
    connections: number;
    warmupSeconds: number;
    durationSeconds: number;
    maxRequests: number;
    rounds: number;
    /** 0: a new bearer token per request; N: N callers reusing their tokens. */
    callers?: number;
    gatewayCore: number | null;
    loadAndSubgraphCore: number | null;
    gatewayNodeFlags: string[];
    gatewayEnv: Record<string, string>;
    subgraphMemo: boolean;
  };
  scenario: { name: string; queryFile: string; expectedResponseBytes: number };
  gateways: GatewayRun[];
  ratios: { name: string; requestsPerSecond: number; p50: number; p99: number; cpuPerRequest: number; peakRss: number }[];
}

const fixed = (value: number | null | undefined, digits = 1) => (value == null || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
const percent = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value * 100)}%`);

/** (b)/(a) and (b)/(c) of each measure, from each gateway's mean over its completed rounds. */
export function ratiosFor(gateways: GatewayRun[]): BenchReport['ratios'] {
  const mean = (id: string, pick: (r: LoadResult) => number | null): number | null => {
    const values = gateways
      .filter((g) => g.id === id && g.status === 'ok' && g.result)
      .map((g) => pick(g.result!))
      .filter((v): v is number => v !== null && !Number.isNaN(v));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  const ratio = (b: string, other: string, pick: (r: LoadResult) => number | null) => {
    const x = mean(b, pick);
    const y = mean(other, pick);
    return x === null || y === null || y === 0 ? NaN : Math.round((x / y) * 100) / 100;
  };
  const pairs: [string, string, string][] = [
    ['product', 'apollo-stock', '(b) / (a)'],
    ['product', 'hive', '(b) / (c)'],
    ['product-production', 'apollo-stock', '(b, production) / (a)'],
    ['product-production', 'hive', '(b, production) / (c)'],
    ['product-production', 'cosmo', '(b, production) / (d)'],
    ['product', 'cosmo', '(b) / (d)'],
  ];
  return pairs
    .filter(([b, other]) => mean(b, (r) => r.requestsPerSecond) !== null && mean(other, (r) => r.requestsPerSecond) !== null)
    .map(([b, other, name]) => ({
      name,
      requestsPerSecond: ratio(b, other, (r) => r.requestsPerSecond),
      p50: ratio(b, other, (r) => r.latency.p50),
      p99: ratio(b, other, (r) => r.latency.p99),
      cpuPerRequest: ratio(b, other, (r) => r.gatewayCpuPerRequestMs),
      peakRss: ratio(b, other, (r) => r.gatewayPeakRssMiB),
    }));
}

export function machineLine(machine: MachineInfo): string {
  const p = machine.packages;
  return (
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}; ` +
    `@apollo/gateway ${p['@apollo/gateway']}, @apollo/server ${p['@apollo/server']}, @graphql-hive/gateway ${p['@graphql-hive/gateway']}, ` +
    `autocannon ${p.autocannon}, graphql ${p.graphql}`
  );
}

const firstLine = (text: string | undefined) => (text ?? 'unknown').split('\n')[0]!.replace(/\|/g, '/');

export function resultsTable(report: BenchReport): string {
  const rows = [
    '| gateway | req/s | p50 ms | p95 ms | p99 ms | errors / non-2xx / wrong body | gateway CPU s | CPU ms per req | peak RSS MiB | subgraph req per query | others on gateway core | load+subgraph core busy |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const g of report.gateways) {
    const r = g.result;
    if (g.status !== 'ok' || !r) {
      rows.push(`| ${g.label} | aborted: ${firstLine(g.reason)} | | | | | | | | | | |`);
      continue;
    }
    const loadCore = report.settings.loadAndSubgraphCore === null ? undefined : r.coreUtilisation[`cpu${report.settings.loadAndSubgraphCore}`];
    rows.push(
      `| ${g.label} | ${fixed(r.requestsPerSecond)} | ${fixed(r.latency.p50)} | ${fixed(r.latency.p95)} | ${fixed(r.latency.p99)} | ` +
        `${r.errors + r.timeouts} / ${r.non2xx} / ${r.mismatches} | ${fixed(r.gatewayCpuSeconds)} | ${fixed(r.gatewayCpuPerRequestMs, 2)} | ` +
        `${fixed(r.gatewayPeakRssMiB, 0)} | ${fixed(g.subgraphRequestsPerRequest, 1)} | ${percent(r.otherLoadOnGatewayCore ?? undefined)} | ${percent(loadCore)} |`,
    );
  }
  return rows.join('\n');
}

export function ratiosTable(report: BenchReport): string {
  if (report.ratios.length === 0) return '_No ratios: a gateway they need did not complete a run._';
  const rows = [
    '| ratio | req/s | p50 latency | p99 latency | CPU per request | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.ratios.map(
      (r) => `| ${r.name} | ${fixed(r.requestsPerSecond, 2)} | ${fixed(r.p50, 2)} | ${fixed(r.p99, 2)} | ${fixed(r.cpuPerRequest, 2)} | ${fixed(r.peakRss, 2)} |`,
    ),
  ];
  return rows.join('\n');
}

export function markdownReport(report: BenchReport): string {
  const s = report.settings;
  const gatewayEnv = Object.entries(s.gatewayEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const pinning =
    s.gatewayCore === null
      ? 'no CPU pinning (taskset missing or fewer than 2 cores)'
      : `gateway pinned to core ${s.gatewayCore}; subgraphs and load generator pinned to core ${s.loadAndSubgraphCore}`;
  const lines = [
    `# Gateway benchmark: ${report.scenario.name}`,
    '',
    `Run ${report.startedAt}, ${Math.round(report.wallSeconds)} s wall time, \`${report.command}\`.`,
    '',
    `Machine: ${machineLine(report.machine)}.`,
    '',
    `Load: autocannon, ${s.connections} connections, ${s.warmupSeconds} s warm-up then ${s.durationSeconds} s measured ` +
      `${s.rounds > 1 ? `per gateway and round (${s.rounds} rounds, gateways interleaved; ratios use each gateway's mean) ` : ''}` +
      `(at most ${s.maxRequests} requests), a unique \`authorization: Bearer <JWT>\` per request (HS256 with the run's secret, bench/lib/bearer-tokens.ts), passed on to the subgraphs by every gateway. ` +
      `${pinning}. The Node gateways run compiled to JavaScript (bench/tsconfig.gateways.json), with \`${['node', ...s.gatewayNodeFlags].join(' ')}\` and ${gatewayEnv}. ` +
      `Query: \`${report.scenario.queryFile}\`, ${report.scenario.expectedResponseBytes} bytes of JSON expected.`,
    '',
    resultsTable(report),
    '',
    ratiosTable(report),
    '',
    'Columns: req/s counts completed responses over the measured window; latencies are exact percentiles of every response; ' +
      '"wrong body" counts responses whose body differed from the checked one; gateway CPU is user+system time of the gateway process ' +
      '(and any children) during the measured window, from /proc, and per completed request; peak RSS is VmHWM; subgraph requests per ' +
      'query were counted at the subgraphs during the correctness check; "others on gateway core" is the share of the gateway\'s core ' +
      'that other processes took during the window (should be near 0%); "load+subgraph core busy" near 100% would mean the load side, ' +
      'not the gateway, was the limit.',
    '',
  ];
  const ids = [...new Set(report.gateways.map((g) => g.id))];
  for (const id of ids) {
    const runs = report.gateways.filter((g) => g.id === id);
    const first = runs[0]!;
    lines.push(`- **${first.label.replace(/, round \d+$/, '')}**: ${first.description} Command: \`${first.command}\`.`);
    for (const g of runs) {
      const prefix = s.rounds > 1 ? `  - Round ${g.round}: ` : '  ';
      if (g.status !== 'ok') {
        lines.push(`${prefix}aborted: ${(g.reason ?? 'unknown').split('\n').join('\n    ')}`);
        continue;
      }
      const r = g.result!;
      const accounts = r.subgraphStats.find((x) => x.subgraph === 'accounts');
      lines.push(
        `${prefix}${r.requests} responses in ${r.durationSeconds} s (latency mean ${fixed(r.latency.mean)} ms, max ${fixed(r.latency.max)} ms); ` +
          `${r.authorizationsIssued} distinct authorization values sent (e.g. ${r.authorizationSamples.join(', ')}), ` +
          `${accounts?.distinctAuthorization ?? 'n/a'} distinct values reached the accounts subgraph, ` +
          `${r.subgraphStats.reduce((sum, x) => sum + x.withoutAuthorization, 0)} subgraph requests came without one; ` +
          `1-min load average before the window ${r.loadAverageBefore}${r.drainedAfterWarmup ? '' : '; the warm-up had not drained when the window opened'}.`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
