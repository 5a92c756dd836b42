import { QueryPlanAccess } from './query-plan';

/** What the gateway shows operators and analysts. */
export interface ObservabilitySettings {
  /** `METRICS`: serve Prometheus metrics at `/metrics` (default true). */
  metrics: boolean;
  /** `QUERY_PLAN`: who may ask for query plans (`scope` by default: callers with `query-plan:read`). */
  queryPlan: QueryPlanAccess;
}

const QUERY_PLAN_ACCESS: readonly QueryPlanAccess[] = ['scope', 'open', 'off'];

/** Reads `METRICS` (`true`/`false`) and `QUERY_PLAN` (`scope`, `open`, `off`). */
export function observabilitySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ObservabilitySettings {
  const metrics = (env.METRICS ?? 'true').trim().toLowerCase();
  if (metrics !== 'true' && metrics !== 'false') throw new Error(`METRICS must be true or false; got "${env.METRICS}"`);
  const queryPlan = (env.QUERY_PLAN ?? 'scope').trim().toLowerCase() as QueryPlanAccess;
  if (!QUERY_PLAN_ACCESS.includes(queryPlan)) throw new Error(`QUERY_PLAN must be one of ${QUERY_PLAN_ACCESS.join(', ')}; got "${env.QUERY_PLAN}"`);
  return { metrics: metrics === 'true', queryPlan };
}
