import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { choice, flag, LOOPBACK, port, readAll, readConfiguration, serviceVariables, text, url, variable, wholeNumber } from '../shared/config';
import { GRAPH_WIDE_SCOPE_OWNERS } from '../shared/auth/caller';
import { DEFAULT_MAX_RESPONSE_BYTES } from './transport/response-collector';
import { DEFAULT_ADMISSION } from '../shared/server/admission';
import { gatewayProcessCount, MAX_GATEWAY_PROCESSES } from './processes/settings';
import { TokenSettings, tokenSettingsFromEnvironment } from './auth/tokens';
import { LimitSettings, limitSettingsFromEnvironment } from './limits/settings';
import { ObservabilitySettings, observabilitySettingsFromEnvironment } from './observability/settings';
import { PersistedQuerySettings, persistedQuerySettingsFromEnvironment } from './persisted-queries/settings';
import { CacheSettings, cacheSettingsFromEnvironment } from './cache/settings';
import { CallerSigningSettings, callerSigningSettingsFromEnvironment } from './trust';
import { MEMBERSHIP_DEFAULTS, MembershipSettings } from './membership/settings';
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
  /**
   * Serve a `supergraphFile` without the directory as it is: a graph of no registries (the benchmark's
   * and the parity tests' shop, gateway/from-sdl.ts). Never read from the environment: an operator's
   * file without the directory is refused (supergraph-source.ts).
   */
  supergraphWithoutRegistries?: boolean;
  /** Milliseconds a subgraph has to answer one fetch, by default and per subgraph. */
  subgraphTimeoutMs?: number;
  subgraphTimeoutsMs?: Record<string, number>;
  /** The longest answer the gateway reads from a subgraph, in bytes (`SUBGRAPH_MAX_RESPONSE_BYTES`). */
  subgraphMaxResponseBytes?: number;
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
  /** `GATEWAY_EXECUTOR`: `plan` (the product's executor) or `apollo` (Apollo Gateway's); from the environment when absent. */
  executor?: 'plan' | 'apollo';
  /** `GATEWAY_FETCH_MERGING`: the plan's entity fetches to one subgraph sent together; from the environment when absent. */
  fetchMerging?: boolean;
  /** `GATEWAY_ADMISSION_MIN_ACTIVE`: requests that always run at once (more while the CPU has room; 0: none wait); from the environment when absent. */
  admissionMinActive?: number;
  /** `GATEWAY_OPERATION_SHARING`: identical queries in flight run once; from the environment when absent. */
  operationSharing?: boolean;
  /** How the gateway keeps who each registry holds (`MEMBERSHIP_CHECK_MS`, `MEMBERSHIP_MAX_CODES`, `MEMBERSHIP_MAX_NEW_CODES_PER_DAY`); from the environment when absent. */
  membership?: MembershipSettings;
}

export const GATEWAY_DEFAULTS = {
  staleStartAfterMs: 10_000,
  pollIntervalMs: 10_000,
  subgraphTimeoutMs: 10_000,
};

export const DEFAULT_SUPERGRAPH_CONFIG = join(__dirname, 'supergraph.yaml');
export const DEFAULT_SUPERGRAPH_CACHE = join(__dirname, '..', '.cache', 'supergraph.graphql');

const milliseconds = <F extends number | undefined>(fallback: F, description: string) =>
  wholeNumber({ min: 0, unit: 'milliseconds', description, accepts: 'a whole number of milliseconds' }, fallback);

/** The gateway's own server and supergraph variables (docs/configuration.md lists them). */
export const gatewayVariables = z.object({
  GATEWAY_PORT: port(4000, 'The port the gateway listens on.'),
  HOST: text(
    {
      description:
        'The address to listen on. While the gateway accepts development tokens (neither AUTH_SECRET nor AUTH_JWKS_URL set), anyone can mint them: it then listens on the loopback address unless HOST says otherwise.',
      default: 'all addresses; 127.0.0.1 with development tokens',
    },
    undefined,
  ),
  SUPERGRAPH_CONFIG: text(
    {
      description: "The supergraph config (rover's shape: the subgraphs, their routing URLs and registries), read again at every recomposition.",
      default: 'gateway/supergraph.yaml',
      accepts: 'a file path',
    },
    undefined,
  ),
  SUPERGRAPH_FILE: text(
    { description: 'Serve the supergraph in this file (`npm run compose` writes it) instead of composing, and swap in its changes.', accepts: 'a file path' },
    undefined,
  ),
  SUPERGRAPH_CACHE: text({ description: 'Where the last good supergraph is kept.', default: '.cache/supergraph.graphql', accepts: 'a file path' }, undefined),
  GATEWAY_STARTUP_TIMEOUT_MS: milliseconds(120_000, 'How long the gateway waits for the subgraphs before it gives up.'),
  GATEWAY_STALE_START_AFTER_MS: milliseconds(
    GATEWAY_DEFAULTS.staleStartAfterMs,
    'With a last good supergraph on disk, how long to wait for the subgraphs before starting from it instead.',
  ),
  SUPERGRAPH_POLL_MS: milliseconds(GATEWAY_DEFAULTS.pollIntervalMs, "How often the supergraph is recomposed from the subgraphs' schemas; 0 never."),
  SUBGRAPH_TIMEOUT_MS: milliseconds(GATEWAY_DEFAULTS.subgraphTimeoutMs, 'How long a subgraph has to answer one fetch.'),
  SUBGRAPH_MAX_RESPONSE_BYTES: wholeNumber(
    {
      min: 1024,
      unit: 'bytes',
      description:
        "The longest answer the gateway reads from a subgraph: past it the answer is cut off and the subgraph's fields fail with `SUBGRAPH_UNAVAILABLE`, so no subgraph can fill the gateway's memory.",
    },
    DEFAULT_MAX_RESPONSE_BYTES,
  ),
  PLAYGROUND: flag(true, 'Serves the GraphiQL playground at `/playground` (and at `/` or `/graphql` in a browser).'),
  GATEWAY_EXECUTOR: choice(['plan', 'apollo'], 'plan', "`plan`: the product's own plan executor; `apollo`: Apollo Gateway's executor (for comparison)."),
  GATEWAY_PROCESSES: variable(
    {
      description:
        'How many gateway processes share the port under one supervisor (gateway/main.ts; see docs/operations.md, "Several processes on one machine"). `auto`: one per core.',
      default: '1',
      accepts: `a whole number from 1 to ${MAX_GATEWAY_PROCESSES}, or auto (one per core)`,
    },
    1,
    (text) => {
      try {
        return gatewayProcessCount({ GATEWAY_PROCESSES: text });
      } catch {
        return undefined;
      }
    },
  ),
  MEMBERSHIP_CHECK_MS: milliseconds(
    MEMBERSHIP_DEFAULTS.checkEveryMs,
    "How long the gateway uses its list of a registry's members before it asks the registry's count again (in the background while requests flow; at once after a change through the gateway); a member added straight to a registry's store is seen about this long after.",
  ),
  MEMBERSHIP_MAX_CODES: wholeNumber(
    {
      min: 1,
      unit: 'codes',
      description: 'The most national codes the gateway keeps for one registry: a registry that claims more is not believed, and no person is asked of it (docs/security.md).',
    },
    MEMBERSHIP_DEFAULTS.maxCodesPerRegistry,
  ),
  MEMBERSHIP_MAX_NEW_CODES_PER_DAY: wholeNumber(
    {
      min: 0,
      unit: 'codes',
      description:
        "The most national codes a registry may add in 24 hours to those it claimed before (its first list after the gateway starts is taken whole): the gateway sends a registry the people it claims, so one that claimed codes it guessed would learn who they are from other registries' lists. The rest wait for the next day, with a warning in the log; raise it for a registry's bulk import (docs/security.md).",
    },
    MEMBERSHIP_DEFAULTS.maxNewCodesPerDay,
  ),
  GATEWAY_FETCH_MERGING: flag(true, "Sends the plan's entity fetches to one subgraph that can travel together as one request (gateway/execution/fetch-merging.ts)."),
  GATEWAY_ADMISSION_MIN_ACTIVE: wholeNumber(
    {
      min: 0,
      unit: 'requests',
      description:
        'How many GraphQL requests always run at once. Past it, more run only while the process has CPU to spare, and the others wait their turn, first come first served (shared/server/admission.ts; docs/operations.md, "Requests held at the door"). 0: none wait.',
    },
    DEFAULT_ADMISSION.minActive,
  ),
  GATEWAY_OPERATION_SHARING: flag(
    true,
    'Runs identical queries of the same caller in flight at the same time once (gateway/execution/shared-operations.ts), and answers identical requests once at the HTTP layer (shared/server/shared-answers.ts).',
  ),
});

/**
 * The variables named after each subgraph of the supergraph config (`<NAME>_URL`, `<NAME>_TIMEOUT_MS`);
 * the documentation shows them as `<NAME>_URL`.
 */
export const subgraphEndpointVariables = (names: readonly string[]) =>
  z.object(
    Object.fromEntries(
      names.flatMap((name) => {
        const upper = name.toUpperCase();
        return [
          [
            `${upper}_URL`,
            url(['http:', 'https:'], {
              description: "The subgraph's URL, in place of its `routing_url` in the supergraph config.",
              default: 'its routing_url',
              accepts: 'an http(s) URL, such as http://registry:4001/graphql',
            }),
          ],
          [`${upper}_TIMEOUT_MS`, milliseconds(undefined, 'How long this subgraph has to answer one fetch, in place of `SUBGRAPH_TIMEOUT_MS`.')],
        ];
      }),
    ),
  );

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
    if (GRAPH_WIDE_SCOPE_OWNERS.includes(name))
      throw new Error(`${file}: subgraph ${name}: "${name}" names scopes of the whole graph (${name}:...), so no subgraph may take it; choose another name`);
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

/** The names of the subgraphs in the supergraph config, without reading their URLs; none when it cannot be read (readSupergraphConfigEntries says why). */
function readSupergraphConfigNames(file: string): string[] {
  try {
    return Object.keys(((parse(readFileSync(file, 'utf8')) ?? {}) as SupergraphConfigFile).subgraphs ?? {});
  } catch {
    return [];
  }
}

/** The registries of config entries, by subgraph name (see GatewaySettings.registries). */
export const registrySettingsOf = (entries: readonly SubgraphConfigEntry[]): RegistrySettingsByName => Object.fromEntries(entries.map((entry) => [entry.name, entry.registry]));

/** The subgraphs of the supergraph config by name and URL, as the gateway composes them. */
export function readSupergraphConfig(file: string, env: NodeJS.ProcessEnv = process.env): SubgraphEndpoint[] {
  return readSupergraphConfigEntries(file, env).map(({ name, url }) => ({ name, url }));
}

/** The membership's settings from their variables. */
export function membershipSettingsOf(variables: {
  MEMBERSHIP_CHECK_MS: number;
  MEMBERSHIP_MAX_CODES: number;
  MEMBERSHIP_MAX_NEW_CODES_PER_DAY: number;
  SUBGRAPH_TIMEOUT_MS: number;
}): MembershipSettings {
  return {
    checkEveryMs: variables.MEMBERSHIP_CHECK_MS,
    maxCodesPerRegistry: variables.MEMBERSHIP_MAX_CODES,
    maxNewCodesPerDay: variables.MEMBERSHIP_MAX_NEW_CODES_PER_DAY,
    waitForCheckMs: variables.SUBGRAPH_TIMEOUT_MS,
  };
}

/**
 * The gateway's settings from the environment, every variable read once (gateway/config.ts and
 * each area's settings: limits, auth, observability, persisted queries, cache, caller signing, plus
 * the common ones of shared/config/service.ts): every variable refused is named in one error.
 */
export function gatewaySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const supergraphConfigFile = resolve(readConfiguration(gatewayVariables.pick({ SUPERGRAPH_CONFIG: true }), env).SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG);
  const [core, entries, own, limits, auth, observability, persistedQueries, cache, callerSigning] = readAll(
    () => readConfiguration(gatewayVariables, env),
    () => readSupergraphConfigEntries(supergraphConfigFile, env),
    () => readConfiguration(subgraphEndpointVariables(readSupergraphConfigNames(supergraphConfigFile)), env),
    () => limitSettingsFromEnvironment(env),
    () => tokenSettingsFromEnvironment(env),
    () => observabilitySettingsFromEnvironment(env),
    () => persistedQuerySettingsFromEnvironment(env),
    () => cacheSettingsFromEnvironment(env),
    () => callerSigningSettingsFromEnvironment(env),
    () => readConfiguration(serviceVariables, env),
  );
  const subgraphs = entries.map(({ name, url }) => ({ name, url }));
  return {
    port: core.GATEWAY_PORT,
    ...(core.HOST ? { host: core.HOST } : auth.development ? { host: LOOPBACK } : {}),
    subgraphs,
    registries: registrySettingsOf(entries),
    supergraphConfigFile,
    startupTimeoutMs: core.GATEWAY_STARTUP_TIMEOUT_MS,
    staleStartAfterMs: core.GATEWAY_STALE_START_AFTER_MS,
    pollIntervalMs: core.SUPERGRAPH_POLL_MS,
    supergraphCacheFile: core.SUPERGRAPH_CACHE ?? DEFAULT_SUPERGRAPH_CACHE,
    ...(core.SUPERGRAPH_FILE ? { supergraphFile: resolve(core.SUPERGRAPH_FILE) } : {}),
    subgraphTimeoutMs: core.SUBGRAPH_TIMEOUT_MS,
    subgraphMaxResponseBytes: core.SUBGRAPH_MAX_RESPONSE_BYTES,
    subgraphTimeoutsMs: Object.fromEntries(
      subgraphs.flatMap((s) => {
        const timeout = own[`${s.name.toUpperCase()}_TIMEOUT_MS`];
        return typeof timeout === 'number' ? [[s.name, timeout]] : [];
      }),
    ),
    limits,
    auth,
    observability,
    persistedQueries,
    cache,
    playground: core.PLAYGROUND,
    callerSigning,
    executor: core.GATEWAY_EXECUTOR,
    fetchMerging: core.GATEWAY_FETCH_MERGING,
    operationSharing: core.GATEWAY_OPERATION_SHARING,
    admissionMinActive: core.GATEWAY_ADMISSION_MIN_ACTIVE,
    membership: membershipSettingsOf(core),
  };
}
