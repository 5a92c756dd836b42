export { limitsApolloOptions, limitsHttpOptions } from './plugin';
export { LIMIT_DEFAULTS, LIMIT_PREFIX, limitSettingsFromEnvironment } from './settings';
export type { LimitSettings } from './settings';
