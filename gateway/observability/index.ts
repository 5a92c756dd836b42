export { GatewayMetrics } from './metrics';
export type { SubgraphFetch } from './metrics';
export { describeQueryPlan, QUERY_PLAN_HEADER, QUERY_PLAN_SCOPE, queryPlans } from './query-plan';
export type { QueryPlanAccess, QueryPlanExtension } from './query-plan';
export { observabilitySettingsFromEnvironment } from './settings';
export type { ObservabilitySettings } from './settings';
export { gatewayObservability } from './gateway-observability';
export type { GatewayObservability } from './gateway-observability';
