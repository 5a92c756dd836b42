export { gatewayDocumentLimits, limitsApolloOptions, limitsHttpOptions } from './plugin';
export type { CheckedDocuments } from './plugin';
export { callerKindProfiles } from './caller-kinds';
export { ANALYST_LIMIT_PREFIX, ANALYST_SCOPE, LIMIT_DEFAULTS, LIMIT_PREFIX, limitSettingsFromEnvironment } from './settings';
export type { CallerKindLimits, LimitSettings } from './settings';
