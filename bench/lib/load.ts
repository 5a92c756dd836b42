import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { BearerTokenSettings, signedBearer } from './bearer-tokens';
import { coreUtilisation, cpuSeconds, perCoreTicks, processTree, statusKiB } from './proc';
import { readSubgraphStats, resetSubgraphStats, SubgraphStats, waitForQuiet } from './subgraph-stats';

/**
 * The load generator, run as its own process (pinned next to the subgraphs, away from the gateway):
 * a warm-up, then the measured run, both with autocannon at a fixed number of connections for a
 * fixed time (and at most `maxRequests` requests). Every request carries its own
 * `authorization: Bearer <JWT>` header, an HS256 token whose subject is `<run>-<n>` (lib/bearer-tokens.ts); every response body must equal the one the gateway
 * gave in the correctness check (autocannon counts the others as mismatches).
 *
 * Around the measured run it samples the gateway's CPU time and the cores' load from /proc, and
 * the subgraphs' request counters, so that what is reported covers exactly that window.
 *
 * `node --import tsx bench/lib/load.ts <config.json> <result.json>`
 */

export interface LoadConfig {
  label: string;
  url: string;
  body: string;
  expectedBody: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  maxRequests: number;
  /** autocannon's per-request timeout, in seconds */
  timeoutSeconds: number;
  gatewayPid: number;
  /** the core the gateway is pinned to, if it is: CPU time others used there is reported */
  gatewayCore: number | null;
  /** base URLs (`http://127.0.0.1:4201`) of the subgraphs, for /__reset and /__stats */
  subgraphBaseUrls: string[];
  /** Each request's `authorization` is a JWT signed with these (issue #17: real tokens, unique per request). */
  bearerTokens: BearerTokenSettings;
  /** When above 0, this many callers, each sending its one token again and again (as clients do within a token's lifetime), instead of a new token per request. */
  callers?: number;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  label: string;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  /** milliseconds, over every response of the measured run */
  latency: LatencySummary;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  bytesPerResponse: number;
  /** setupRequest calls, i.e. authorization values handed out, in the measured run */
  authorizationsIssued: number;
  authorizationSamples: string[];
  gatewayCpuSeconds: number;
  gatewayCpuPerRequestMs: number;
  gatewayPeakRssMiB: number | null;
  gatewayRssAfterMiB: number | null;
  coreUtilisation: Record<string, number>;
  /** share of the gateway's core (0..1) used by anything but the gateway during the window */
  otherLoadOnGatewayCore: number | null;
  /** 1-minute load average just before the measured window */
  loadAverageBefore: number;
  /** The measured window on the monotonic clock, in microseconds: the clock of V8's CPU profiles, so a gateway's profile can be cut to it. */
  windowMonotonicMicros: { start: number; end: number };
  /** whether the subgraphs fell quiet after the warm-up before the window opened */
  drainedAfterWarmup: boolean;
  subgraphStats: SubgraphStats[];
  autocannon: { requestsAverage: number; latencyP50: number; latencyP99: number; latencyAverage: number };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summarise(latencies: Float64Array): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    count: sorted.length,
    mean: round(sorted.length ? sum / sorted.length : NaN),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
  };
}

interface RunOutcome {
  result: autocannon.Result;
  latencies: Float64Array;
  issued: number;
  samples: string[];
}

function runAutocannon(config: LoadConfig, seconds: number, tag: string, record: boolean): Promise<RunOutcome> {
  let issued = 0;
  const samples: string[] = [];
  let latencies = new Float64Array(record ? 65_536 : 0);
  let count = 0;
  const url = new URL(config.url);
  const callerTokens = Array.from({ length: config.callers ?? 0 }, (_, k) => signedBearer(config.bearerTokens, `${tag}-caller-${k}`));
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: config.url,
        connections: config.connections,
        duration: seconds,
        maxOverallRequests: config.maxRequests,
        timeout: config.timeoutSeconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        verifyBody: (body) => body === config.expectedBody,
        requests: [
          {
            method: 'POST',
            path: url.pathname,
            body: config.body,
            setupRequest: (request) => {
              issued += 1;
              const authorization = callerTokens.length > 0 ? callerTokens[issued % callerTokens.length]! : signedBearer(config.bearerTokens, `${tag}-${issued}`);
              if (samples.length < 3) samples.push(authorization);
              return { ...request, headers: { ...request.headers, authorization } };
            },
          },
        ],
      },
      (error, result) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve({ result, latencies: latencies.subarray(0, count), issued, samples });
      },
    );
    if (record) {
      instance.on('response', (_client, _status, _bytes, responseTime) => {
        if (count === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[count] = responseTime;
        count += 1;
      });
    }
  });
}

/** A /proc status field summed over the gateway's processes (several with `GATEWAY_PROCESSES`; the peak is the sum of each one's peak). */
function treeKiB(pids: number[], field: 'VmHWM' | 'VmRSS'): number | undefined {
  const values = pids.map((pid) => statusKiB(pid, field)).filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : values.reduce((sum, v) => sum + v, 0);
}

export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const tag = `${config.label}-${Date.now().toString(36)}`;
  if (config.warmupSeconds > 0) await runAutocannon(config, config.warmupSeconds, `${tag}-warmup`, false);

  // Let the gateway finish what the warm-up left in flight, so the window measures only its own requests.
  const drainedAfterWarmup = await waitForQuiet(config.subgraphBaseUrls);
  await resetSubgraphStats(config.subgraphBaseUrls);
  const loadAverageBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const pids = processTree(config.gatewayPid);
  const coresBefore = perCoreTicks();
  const cpuBefore = cpuSeconds(pids);
  const started = process.hrtime.bigint();

  const outcome = await runAutocannon(config, config.durationSeconds, tag, true);

  const ended = process.hrtime.bigint();
  const elapsedSeconds = Number(ended - started) / 1e9;
  const cpuAfter = cpuSeconds(pids);
  const coresAfter = perCoreTicks();
  const stats = await readSubgraphStats(config.subgraphBaseUrls);
  const { result } = outcome;
  const responses = outcome.latencies.length;
  const cpu = cpuAfter - cpuBefore;
  const cores = coreUtilisation(coresBefore, coresAfter);
  const gatewayCoreLoad = config.gatewayCore === null ? undefined : cores[`cpu${config.gatewayCore}`];
  const otherLoad = gatewayCoreLoad === undefined ? null : Math.max(0, gatewayCoreLoad - cpu / elapsedSeconds);
  const kib = (v: number | undefined) => (v === undefined ? null : Math.round((v / 1024) * 10) / 10);
  return {
    label: config.label,
    durationSeconds: Math.round(elapsedSeconds * 100) / 100,
    requests: responses,
    requestsPerSecond: Math.round((responses / elapsedSeconds) * 10) / 10,
    latency: summarise(outcome.latencies),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    bytesPerResponse: responses ? Math.round(result.throughput.total / responses) : 0,
    authorizationsIssued: outcome.issued,
    authorizationSamples: outcome.samples,
    gatewayCpuSeconds: Math.round(cpu * 100) / 100,
    gatewayCpuPerRequestMs: responses ? Math.round(((cpu * 1000) / responses) * 1000) / 1000 : NaN,
    gatewayPeakRssMiB: kib(treeKiB(pids, 'VmHWM')),
    gatewayRssAfterMiB: kib(treeKiB(pids, 'VmRSS')),
    coreUtilisation: cores,
    otherLoadOnGatewayCore: otherLoad === null ? null : Math.round(otherLoad * 100) / 100,
    loadAverageBefore,
    windowMonotonicMicros: { start: Number(started / 1000n), end: Number(ended / 1000n) },
    drainedAfterWarmup,
    subgraphStats: stats,
    autocannon: {
      requestsAverage: result.requests.average,
      latencyP50: result.latency.p50,
      latencyP99: result.latency.p99,
      latencyAverage: result.latency.average,
    },
  };
}

if (require.main === module) {
  const [configFile, resultFile] = process.argv.slice(2);
  if (!configFile || !resultFile) {
    console.error('usage: load.ts <config.json> <result.json>');
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as LoadConfig;
  runLoad(config)
    .then((result) => {
      writeFileSync(resultFile, JSON.stringify(result, null, 2));
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error('load generator failed:', error);
      process.exit(1);
    });
}
