export { buildManifest, checkManifest, readManifest, sha256Hex } from './manifest';
export type { ManifestOperation, PersistedQueryManifest } from './manifest';
export { persistedQueriesPlugin } from './plugin';
export type { PersistedQueriesOptions, UnregisteredOperation } from './plugin';
export { Safelist } from './safelist';
export { checkPersistedQuerySettings, persistedQuerySettingsFromEnvironment } from './settings';
export type { PersistedQuerySettings, SafelistMode } from './settings';
export { gatewayPersistedQueries } from './gateway-persisted-queries';
export type { GatewayPersistedQueries } from './gateway-persisted-queries';
