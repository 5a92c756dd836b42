import { z } from 'zod';
import { MIN_SECRET_BYTES, SECRET_HINT } from '../../shared/auth/secrets';
import { choice, flag, readConfiguration, secretText } from '../../shared/config';
import { QueryPlanAccess } from './query-plan';

/** What the gateway shows operators and analysts. */
export interface ObservabilitySettings {
  /** `METRICS`: serve Prometheus metrics at `/metrics` (default true). */
  metrics: boolean;
  /** `METRICS_TOKEN`: the bearer token a scraper sends; without one, `/metrics` answers loopback callers only. */
  metricsToken?: string | undefined;
  /** `QUERY_PLAN`: who may ask for query plans (`scope` by default: callers with `query-plan:read`). */
  queryPlan: QueryPlanAccess;
  /** `APOLLO_TELEMETRY`: let Apollo Gateway report to Apollo and probe cloud metadata addresses (default false: gateway/observability/apollo-telemetry.ts). */
  apolloTelemetry: boolean;
}

/** What the gateway shows operators, and Apollo (`METRICS`, `QUERY_PLAN`, `APOLLO_TELEMETRY`; docs/configuration.md lists them). */
export const observabilityVariables = z.object({
  METRICS: flag(true, 'Serves Prometheus metrics at `/metrics`.'),
  METRICS_TOKEN: secretText(
    {
      description:
        'The bearer token a scraper must send to read `/metrics` (`Authorization: Bearer <token>`). Unset: `/metrics` answers only callers on this machine (a loopback address) that no proxy passed on.',
    },
    MIN_SECRET_BYTES,
    `make one with: ${SECRET_HINT}`,
  ),
  QUERY_PLAN: choice<QueryPlanAccess>(
    ['scope', 'open', 'off'],
    'scope',
    'Who may ask for query plans (`x-query-plan`): `scope`, callers holding `query-plan:read`; `open`, anyone; `off`, nobody.',
  ),
  APOLLO_TELEMETRY: flag(
    false,
    "Lets Apollo Gateway send its usage metrics to Apollo (usage-reporting.api.apollographql.com, hourly) and probe the cloud providers' metadata addresses when it starts. Off: the gateway sends nothing to anyone but the registries.",
  ),
});

export const observabilitySettingsOf = (config: ReturnType<typeof observabilityVariables.parse>): ObservabilitySettings => ({
  metrics: config.METRICS,
  metricsToken: config.METRICS_TOKEN,
  queryPlan: config.QUERY_PLAN,
  apolloTelemetry: config.APOLLO_TELEMETRY,
});

/** Reads `METRICS` and `APOLLO_TELEMETRY` (switches: true/false, 1/0, yes/no, on/off), `METRICS_TOKEN` and `QUERY_PLAN` (`scope`, `open`, `off`). */
export function observabilitySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ObservabilitySettings {
  return observabilitySettingsOf(readConfiguration(observabilityVariables, env));
}
