import { Agent, request } from 'undici';

/**
 * The product benchmark's load generator: `connections` clients in a closed loop, each sending
 * one "operation" after another for a fixed time (and at most `maxOperations`). An operation is
 * a list of stages run one after another, each stage a set of HTTP POSTs sent in parallel: one
 * POST to the gateway, or the subgraph requests the gateway would have sent, straight to the
 * subgraphs. Every answer is checked against the one the check step accepted. Latency is per
 * operation (first byte sent to last answer read), every one recorded.
 */

export interface HttpCall {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Headers made afresh for each send, from the body (a caller assertion, good for one request). */
  sign?: (body: string) => Record<string, string>;
  /** The answer every run must give, byte for byte; undefined: 200 without `"errors"` is enough. */
  expected?: string;
}

export type Operation = HttpCall[][];

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadSummary {
  seconds: number;
  operations: number;
  operationsPerSecond: number;
  httpRequests: number;
  latencyMs: LatencySummary;
  /** Operations with an answer that was not 200, carried errors, or differed from the checked answer. */
  failures: number;
  firstFailure?: string;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  maxOperations: number;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(latencies: number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    mean: round(sorted.length ? sum / sorted.length : NaN),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
  };
}

/** Sends one POST; returns its status and body. */
export async function send(agent: Agent, call: HttpCall): Promise<{ status: number; text: string }> {
  const response = await request(call.url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...call.headers, ...call.sign?.(call.body) },
    body: call.body,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

/** Runs one operation: stage after stage, each stage's calls in parallel; the first problem, if any. */
export async function runOperation(agent: Agent, operation: Operation): Promise<{ httpRequests: number; problem?: string }> {
  let httpRequests = 0;
  for (const stage of operation) {
    const answers = await Promise.all(stage.map((call) => send(agent, call)));
    httpRequests += stage.length;
    for (const [i, answer] of answers.entries()) {
      const call = stage[i]!;
      if (answer.status !== 200) return { httpRequests, problem: `HTTP ${answer.status} from ${call.url}: ${answer.text.slice(0, 200)}` };
      if (call.expected !== undefined ? answer.text !== call.expected : answer.text.includes('"errors"')) {
        return { httpRequests, problem: `unexpected answer from ${call.url}: ${answer.text.slice(0, 200)}` };
      }
    }
  }
  return { httpRequests };
}

async function loop(agent: Agent, operation: Operation, options: LoadOptions, seconds: number, record: boolean): Promise<LoadSummary> {
  const latencies: number[] = [];
  let operations = 0;
  let httpRequests = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline && operations < options.maxOperations) {
      operations += 1;
      const t0 = performance.now();
      const outcome = await runOperation(agent, operation).catch((error: unknown) => ({ httpRequests: 0, problem: String(error) }));
      if (record) latencies.push(performance.now() - t0);
      httpRequests += outcome.httpRequests;
      if (outcome.problem !== undefined) {
        failures += 1;
        firstFailure ??= outcome.problem;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds: round(elapsed),
    operations,
    operationsPerSecond: round(operations / elapsed, 1),
    httpRequests,
    latencyMs: summarise(latencies),
    failures,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
  };
}

/** Warm-up, then the measured window, on a keep-alive agent of its own. */
export async function runLoad(operation: Operation, options: LoadOptions): Promise<LoadSummary> {
  const agent = new Agent({ connections: options.connections * 4, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    if (options.warmupSeconds > 0) await loop(agent, operation, options, options.warmupSeconds, false);
    return await loop(agent, operation, options, options.durationSeconds, true);
  } finally {
    await agent.close();
  }
}
