import { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { RequestDone } from '../../shared/server/http-server';
import { ServiceLog } from '../../shared/server/log';
import { logRequest } from '../../shared/server/request-log';
import { requestOutcomePlugin } from '../../shared/server/request-outcome';
import type { GatewayContext } from '../auth';
import { GatewayMetrics, SubgraphFetch } from './metrics';
import { metricsRefusal } from './metrics-access';
import { queryPlans } from './query-plan';
import { ObservabilitySettings } from './settings';

/** Everything the gateway wires in for operators and analysts, from one place. */
export interface GatewayObservability {
  metrics: GatewayMetrics;
  /** Apollo Server plugins: the request outcome (for logs and metrics) and query plans. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Apollo Gateway's `experimental_didResolveQueryPlan`. */
  didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback;
  /** For the data sources: every subgraph fetch of a client's operation. */
  observeFetch: (fetch: SubgraphFetch) => void;
  /** For the HTTP server: one log line and the metrics of every request. */
  onRequestDone: (done: RequestDone) => void;
  /** `/metrics`, unless `METRICS=false`: to a scraper with `METRICS_TOKEN`, or on this machine when none is set. */
  routes: Record<string, (request: IncomingMessage) => Promise<{ status: number; body: unknown; contentType?: string }>>;
}

/**
 * The gateway's logs, metrics and query plans: one JSON line per GraphQL request (`graphql
 * request`: request id, operation, status, duration, error codes) and, at `LOG_LEVEL=debug`, one
 * per subgraph fetch (`subgraph fetch`); Prometheus metrics at `/metrics`; query plans for
 * analysts (`x-query-plan: true`).
 */
export function gatewayObservability(settings: ObservabilitySettings, log: ServiceLog): GatewayObservability {
  const metrics = new GatewayMetrics();
  const plans = queryPlans(settings.queryPlan);
  return {
    metrics,
    plugins: [requestOutcomePlugin<BaseContext>(), plans.plugin],
    didResolveQueryPlan: plans.didResolveQueryPlan,
    observeFetch: (fetch) => {
      metrics.subgraphFetch(fetch);
      log.debug('subgraph fetch', { requestId: fetch.requestId, subgraph: fetch.subgraph, durationMs: Math.round(fetch.durationMs * 10) / 10, ok: fetch.ok });
    },
    onRequestDone: (done) => {
      metrics.requestDone(done);
      logRequest(log, done);
    },
    routes: settings.metrics ? { '/metrics': async (request) => metricsRefusal(request, settings.metricsToken) ?? metrics.scrape() } : {},
  };
}
