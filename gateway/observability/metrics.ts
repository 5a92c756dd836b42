import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AdmissionState } from '../../shared/server/admission';
import { RequestDone } from '../../shared/server/http-server';
import { clusterScrape, inGatewayCluster } from '../processes/cluster-metrics';

/** Seconds: from a cached introspection answer (a few ms) to a subgraph's deadline (10 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Distinct label values kept per label before new ones are counted as `(other)`: operation names come from clients. */
const MAX_LABEL_VALUES = 200;

/** A label's values, bounded: the first `MAX_LABEL_VALUES` distinct ones as given (cut to 100 characters), then `(other)`. */
class BoundedLabel {
  private readonly seen = new Set<string>();
  value(raw: string): string {
    const value = raw.slice(0, 100);
    if (this.seen.has(value)) return value;
    if (this.seen.size >= MAX_LABEL_VALUES) return '(other)';
    this.seen.add(value);
    return value;
  }
}

/** How a GraphQL request ended: `success` (data, no error), `partial` (data and errors), `error` (no data). */
export type RequestOutcomeLabel = 'success' | 'partial' | 'error';

/** One subgraph fetch as the gateway saw it. */
export interface SubgraphFetch {
  subgraph: string;
  /** The client request's id, sent to the subgraph in `x-request-id`. */
  requestId?: string;
  durationMs: number;
  /** False when the fetch failed (unreachable, timed out) or the subgraph answered with errors. */
  ok: boolean;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways in one process,
 * as in the tests, each count their own requests):
 *
 * - `graphql_requests_total{operation, outcome}`: GraphQL requests by operation name and outcome;
 * - `graphql_request_duration_seconds{operation}`: their duration, as a histogram;
 * - `graphql_errors_total{code}`: errors answered, by `extensions.code`;
 * - `graphql_subgraph_fetch_duration_seconds{subgraph, outcome}`: each fetch to a subgraph;
 * - `graphql_unregistered_operations_total{operation}`: operations outside the safelist (`SAFELIST=log`);
 * - `graphql_requests_running`, `graphql_requests_held`, `graphql_requests_running_limit`: the admission gate (shared/server/admission.ts), when on;
 * - Node's process metrics (`process_*`, `nodejs_*`).
 *
 * The operation label is the operation's name, `(anonymous)`, or `(none)` when the request was
 * refused before its document was read (body too large, syntax error, limits, CSRF).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new BoundedLabel();
  private readonly codes = new BoundedLabel();
  private readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests answered by the gateway, by operation name and outcome (success, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its answer, by operation name.',
    labelNames: ['operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: "Errors in the gateway's answers, by extensions.code.",
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly fetches = new Histogram({
    name: 'graphql_subgraph_fetch_duration_seconds',
    help: 'Time of each fetch from the gateway to a subgraph, by subgraph and outcome (success, error).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly unregistered = new Counter({
    name: 'graphql_unregistered_operations_total',
    help: 'Operations outside the persisted-query safelist, served (SAFELIST=log) or refused (SAFELIST=enforce).',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts a request to the GraphQL endpoint (other routes are not counted). */
  requestDone(done: RequestDone): void {
    if (!done.graphql) return;
    const operation = this.operations.value(done.graphql.operationName ?? '(none)');
    const outcome: RequestOutcomeLabel = done.graphql.errorCodes.length === 0 && done.status < 400 ? 'success' : done.graphql.hasData ? 'partial' : 'error';
    this.requests.inc({ operation, outcome });
    this.durations.observe({ operation }, done.durationMs / 1000);
    for (const code of done.graphql.errorCodes) this.errors.inc({ code: this.codes.value(code) });
  }

  subgraphFetch(fetch: SubgraphFetch): void {
    this.fetches.observe({ subgraph: fetch.subgraph, outcome: fetch.ok ? 'success' : 'error' }, fetch.durationMs / 1000);
  }

  unregisteredOperation(name: string | undefined): void {
    this.unregistered.inc({ operation: this.operations.value(name ?? '(anonymous)') });
  }

  /** Gauges of the admission gate's state, read at each scrape. */
  watchAdmission(state: () => AdmissionState): void {
    const gauge = (name: string, help: string, read: (now: AdmissionState) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(state()));
        },
      });
    gauge('graphql_requests_running', 'GraphQL requests let in by the admission gate and not yet answered.', (now) => now.running);
    gauge('graphql_requests_held', 'GraphQL requests held by the admission gate, waiting their turn.', (now) => now.waiting);
    gauge('graphql_requests_running_limit', 'How many GraphQL requests the admission gate lets run at once now (it adapts to the CPU).', (now) => now.limit);
  }

  /** This process's metrics, or, in one of several gateway processes (`GATEWAY_PROCESSES`), all of theirs summed. */
  private readonly exposition: () => Promise<string> = inGatewayCluster() ? clusterScrape(this.registry) : () => this.registry.metrics();

  /** The `/metrics` route: the exposition text and its content type. */
  async scrape(): Promise<{ status: number; body: string; contentType: string }> {
    return { status: 200, body: await this.exposition(), contentType: this.registry.contentType };
  }
}
