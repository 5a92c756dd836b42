export { checkDocument, measureDocument } from './check-document';
export type { OperationMeasures } from './check-document';
export { LimitRefusal, limitRefusals } from './errors';
export type { LimitCode } from './errors';
export { limitsApolloOptions, limitsHttpOptions } from './plugin';
export { LIMIT_DEFAULTS, limitSettingsFromEnvironment, LIST_SIZE_GUESS } from './settings';
export type { LimitSettings } from './settings';
