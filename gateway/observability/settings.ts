import { z } from 'zod';
import { choice, flag, readConfiguration } from '../../shared/config';
import { QueryPlanAccess } from './query-plan';

/** What the gateway shows operators and analysts. */
export interface ObservabilitySettings {
  /** `METRICS`: serve Prometheus metrics at `/metrics` (default true). */
  metrics: boolean;
  /** `QUERY_PLAN`: who may ask for query plans (`scope` by default: callers with `query-plan:read`). */
  queryPlan: QueryPlanAccess;
}

/** What the gateway shows operators (`METRICS`, `QUERY_PLAN`; docs/configuration.md lists them). */
export const observabilityVariables = z.object({
  METRICS: flag(true, 'Serves Prometheus metrics at `/metrics`.'),
  QUERY_PLAN: choice<QueryPlanAccess>(
    ['scope', 'open', 'off'],
    'scope',
    'Who may ask for query plans (`x-query-plan`): `scope`, callers holding `query-plan:read`; `open`, anyone; `off`, nobody.',
  ),
});

export const observabilitySettingsOf = (config: ReturnType<typeof observabilityVariables.parse>): ObservabilitySettings => ({
  metrics: config.METRICS,
  queryPlan: config.QUERY_PLAN,
});

/** Reads `METRICS` (a switch: true/false, 1/0, yes/no, on/off) and `QUERY_PLAN` (`scope`, `open`, `off`). */
export function observabilitySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ObservabilitySettings {
  return observabilitySettingsOf(readConfiguration(observabilityVariables, env));
}
