import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { TokenSettings, tokenSettingsFromEnvironment } from './auth/tokens';
import { LimitSettings, limitSettingsFromEnvironment } from './limits/settings';
import { ObservabilitySettings, observabilitySettingsFromEnvironment } from './observability/settings';
import { PersistedQuerySettings, persistedQuerySettingsFromEnvironment } from './persisted-queries/settings';
import { CacheSettings, cacheSettingsFromEnvironment } from './cache/settings';
import { CallerSigningSettings, callerSigningSettingsFromEnvironment } from './trust';
import { REGISTRY_NAME_LANGUAGES, RegistryNames, RegistrySettings } from './directory/registries';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** Which subgraphs are registries and how the graph names them, by subgraph name: `false` for one that is not a registry; every other subgraph is one. */
export type RegistrySettingsByName = Record<string, RegistrySettings | false>;

export interface GatewaySettings {
  port: number;
  host?: string;
  subgraphs: SubgraphEndpoint[];
  /** The registries among the subgraphs and their names (`registry:` in supergraph.yaml); every subgraph is a registry named after itself when absent. */
  registries?: RegistrySettingsByName;
  /**
   * The supergraph config the subgraphs and registries were read from: read again at every
   * recomposition (`pollIntervalMs`), so an entry added or removed joins or leaves the graph without
   * a restart. Without it, the subgraphs and registries above stay as they are.
   */
  supergraphConfigFile?: string;
  /** How long the gateway waits for the subgraphs before it gives up, in milliseconds. */
  startupTimeoutMs: number;
  /** With a last good supergraph on disk, how long to wait before starting from it instead. */
  staleStartAfterMs?: number;
  /** How often the supergraph is recomposed from the subgraphs' schemas; 0 never. */
  pollIntervalMs?: number;
  /** Where the last good supergraph is kept. */
  supergraphCacheFile?: string;
  /** Serve the supergraph in this file (`npm run compose` writes it) instead of composing, and swap in its changes. */
  supergraphFile?: string;
  /** Milliseconds a subgraph has to answer one fetch, by default and per subgraph. */
  subgraphTimeoutMs?: number;
  subgraphTimeoutsMs?: Record<string, number>;
  /** Request limits, introspection and CORS; from the environment (`LIMIT_*`, `INTROSPECTION`, `CORS_ORIGINS`) when absent. */
  limits?: LimitSettings;
  /** How bearer tokens are verified; from the environment (`AUTH_*`) when absent. */
  auth?: TokenSettings;
  /** Persisted-query and response caches, shared through Redis by the replicas (`REDIS_URL`, `RESPONSE_CACHE_TTL_SECONDS`); from the environment when absent. */
  cache?: CacheSettings;
  /** Whether `/playground` (and `/` or `/graphql` in a browser) serves the GraphiQL playground; `PLAYGROUND`, true by default. */
  playground?: boolean;
  /** How the caller assertions sent to the subgraphs are signed (gateway/trust); from the environment (`GATEWAY_SIGNING_KEY_FILE`...) when absent. */
  callerSigning?: CallerSigningSettings;
  /** `/metrics` and query plans; from the environment (`METRICS`, `QUERY_PLAN`) when absent. */
  observability?: ObservabilitySettings;
  /** Persisted queries and the safelist; from the environment (`PERSISTED_QUERIES_MANIFEST`, `SAFELIST`...) when absent. */
  persistedQueries?: PersistedQuerySettings;
}

export const GATEWAY_DEFAULTS = {
  staleStartAfterMs: 10_000,
  pollIntervalMs: 10_000,
  subgraphTimeoutMs: 10_000,
};

export const DEFAULT_SUPERGRAPH_CONFIG = join(__dirname, 'supergraph.yaml');
export const DEFAULT_SUPERGRAPH_CACHE = join(__dirname, '..', '.cache', 'supergraph.graphql');

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of milliseconds; got "${raw}"`);
  return value;
}

/** Where a subgraph's schema comes from, in the supergraph config (rover's `schema:` block). */
export interface SubgraphSchemaSource {
  /** Ask a running subgraph (`_service { sdl }`) at this URL; the routing URL when neither is given. */
  subgraphUrl?: string;
  /** An SDL file, resolved against the config file's folder. */
  file?: string;
}

/** One subgraph of the supergraph config: its name, routing URL, where its schema comes from, and whether (and how) it is a registry. */
export interface SubgraphConfigEntry extends SubgraphEndpoint {
  schema: SubgraphSchemaSource;
  /** `false` for a subgraph that is not a registry; its `registry:` block (enum value, display names) otherwise. */
  registry: RegistrySettings | false;
}

interface RegistryBlock {
  enum_value?: unknown;
  names?: Record<string, unknown> | null;
}

interface SupergraphConfigFile {
  subgraphs?: Record<string, { routing_url?: string; schema?: { subgraph_url?: string; file?: string }; registry?: RegistryBlock | boolean | null } | null>;
}

/** A subgraph's `registry:` block: `false` (not a registry), or its enum value and display names (fa, ar, fr, en). */
function registryOfEntry(file: string, name: string, block: RegistryBlock | boolean | null | undefined): RegistrySettings | false {
  if (block === false) return false;
  if (block === undefined || block === null || block === true) return {};
  if (typeof block !== 'object') throw new Error(`${file}: subgraph ${name}: registry must be false or a block with enum_value and names`);
  const settings: RegistrySettings = {};
  if (block.enum_value !== undefined) {
    if (typeof block.enum_value !== 'string') throw new Error(`${file}: subgraph ${name}: registry.enum_value must be text, e.g. ${name.toUpperCase()}`);
    settings.enumValue = block.enum_value;
  }
  if (block.names !== undefined && block.names !== null) {
    const names: RegistryNames = {};
    for (const [language, text] of Object.entries(block.names)) {
      if (!(REGISTRY_NAME_LANGUAGES as readonly string[]).includes(language) || typeof text !== 'string' || text.trim() === '') {
        throw new Error(`${file}: subgraph ${name}: registry.names takes a name per language (${REGISTRY_NAME_LANGUAGES.join(', ')}); got ${language}`);
      }
      names[language as keyof RegistryNames] = text.trim();
    }
    settings.names = names;
  }
  return settings;
}

/**
 * Reads the supergraph config (rover's shape: `subgraphs: { <name>: { routing_url, schema: {
 * subgraph_url | file } } }`); `<NAME>_URL` in the environment overrides a subgraph's URL.
 */
export function readSupergraphConfigEntries(file: string, env: NodeJS.ProcessEnv = process.env): SubgraphConfigEntry[] {
  const config = (parse(readFileSync(file, 'utf8')) ?? {}) as SupergraphConfigFile;
  const entries = Object.entries(config.subgraphs ?? {});
  if (entries.length === 0) throw new Error(`${file} lists no subgraphs`);
  return entries.map(([name, entry]) => {
    const url = env[`${name.toUpperCase()}_URL`] ?? entry?.routing_url;
    if (!url) throw new Error(`${file}: subgraph ${name} has no routing_url and ${name.toUpperCase()}_URL is not set`);
    const schema = entry?.schema ?? {};
    return {
      name,
      url,
      schema: {
        ...(schema.subgraph_url ? { subgraphUrl: schema.subgraph_url } : {}),
        ...(schema.file ? { file: resolve(dirname(file), schema.file) } : {}),
      },
      registry: registryOfEntry(file, name, entry?.registry),
    };
  });
}

/** The registries of config entries, by subgraph name (see GatewaySettings.registries). */
export const registrySettingsOf = (entries: readonly SubgraphConfigEntry[]): RegistrySettingsByName => Object.fromEntries(entries.map((entry) => [entry.name, entry.registry]));

/** The subgraphs of the supergraph config by name and URL, as the gateway composes them. */
export function readSupergraphConfig(file: string, env: NodeJS.ProcessEnv = process.env): SubgraphEndpoint[] {
  return readSupergraphConfigEntries(file, env).map(({ name, url }) => ({ name, url }));
}

/** `PLAYGROUND`: `true` (the default) or `false`. */
function playgroundFromEnvironment(env: NodeJS.ProcessEnv): boolean {
  const raw = (env.PLAYGROUND ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`PLAYGROUND must be true or false; got "${env.PLAYGROUND}"`);
}

export function gatewaySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const port = Number(env.GATEWAY_PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`GATEWAY_PORT must be a port number; got "${env.GATEWAY_PORT}"`);
  const supergraphConfigFile = resolve(env.SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG);
  const entries = readSupergraphConfigEntries(supergraphConfigFile, env);
  const subgraphs = entries.map(({ name, url }) => ({ name, url }));
  return {
    port,
    ...(env.HOST ? { host: env.HOST } : {}),
    subgraphs,
    registries: registrySettingsOf(entries),
    supergraphConfigFile,
    startupTimeoutMs: milliseconds(env, 'GATEWAY_STARTUP_TIMEOUT_MS', 120_000),
    staleStartAfterMs: milliseconds(env, 'GATEWAY_STALE_START_AFTER_MS', GATEWAY_DEFAULTS.staleStartAfterMs),
    pollIntervalMs: milliseconds(env, 'SUPERGRAPH_POLL_MS', GATEWAY_DEFAULTS.pollIntervalMs),
    supergraphCacheFile: env.SUPERGRAPH_CACHE ?? DEFAULT_SUPERGRAPH_CACHE,
    ...(env.SUPERGRAPH_FILE ? { supergraphFile: resolve(env.SUPERGRAPH_FILE) } : {}),
    subgraphTimeoutMs: milliseconds(env, 'SUBGRAPH_TIMEOUT_MS', GATEWAY_DEFAULTS.subgraphTimeoutMs),
    subgraphTimeoutsMs: Object.fromEntries(
      subgraphs.flatMap((s) => {
        const name = `${s.name.toUpperCase()}_TIMEOUT_MS`;
        return env[name] ? [[s.name, milliseconds(env, name, 0)]] : [];
      }),
    ),
    limits: limitSettingsFromEnvironment(env),
    auth: tokenSettingsFromEnvironment(env),
    observability: observabilitySettingsFromEnvironment(env),
    persistedQueries: persistedQuerySettingsFromEnvironment(env),
    cache: cacheSettingsFromEnvironment(env),
    playground: playgroundFromEnvironment(env),
    callerSigning: callerSigningSettingsFromEnvironment(env),
  };
}
