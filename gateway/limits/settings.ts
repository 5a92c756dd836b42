import { z } from 'zod';
import { flag, readConfiguration, Refusal, variable, wholeNumber } from '../../shared/config';
import { DocumentLimits } from '../../shared/limits';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../shared/server/connection-limits';
import { ANALYST_SCOPE } from '../../shared/auth/caller';

/** The scope that gives a caller the analysts' limits (`LIMIT_ANALYST_*`): room for wide comparisons. */
export { ANALYST_SCOPE };

/** The limits that depend on who asks: an analyst's request may compare many lists at once. */
export interface CallerKindLimits {
  /** Aliased fields per operation (`TOO_MANY_ALIASES`). */
  aliases: number;
  /** Top-level fields per operation (`TOO_MANY_ROOT_FIELDS`). */
  rootFields: number;
  /** Estimated cost (`QUERY_TOO_COSTLY`). */
  cost: number;
}

/**
 * The gateway's request limits and HTTP policy, read from the environment. Every limit has a
 * default that accepts every operation the README, the tests and the playground send, with room
 * to spare, and refuses the abusive shapes (huge, deep, wide, aliased, list-multiplied) cheaply.
 * The document limits (`LIMIT_TOKENS`, `LIMIT_DEPTH`, `LIMIT_ALIASES`, `LIMIT_ROOT_FIELDS`,
 * `LIMIT_COST`, `INTROSPECTION`) are checked by shared/limits, as each subgraph checks its own.
 */
export interface LimitSettings extends DocumentLimits {
  /**
   * `LIMIT_ANALYST_ALIASES`, `LIMIT_ANALYST_ROOT_FIELDS`, `LIMIT_ANALYST_COST`: the limits of callers
   * holding `ANALYST_SCOPE`, in place of `aliases`, `rootFields` and `cost`. They stay inside each
   * subgraph's own limits (`SUBGRAPH_LIMIT_*`), which hold whoever asks.
   */
  analyst: CallerKindLimits;
  /** `LIMIT_BODY_BYTES`: the largest request body read, in bytes (413 `PAYLOAD_TOO_LARGE` above). */
  bodyBytes: number;
  /** `LIMIT_BATCH`: the most operations in one JSON array body; 1 turns batching off (`BATCHING_NOT_SUPPORTED`). */
  batch: number;
  /** `CORS_ORIGINS`: browser origins allowed to call the gateway's GraphQL (not its other routes); empty sends no CORS headers. */
  corsOrigins: string[];
  /** `LIMIT_CONNECTIONS`: the most client connections open at once; one more is closed as it arrives. */
  connections: number;
  /** `LIMIT_REQUEST_SECONDS`: how long a client has to send one whole request, headers and body (408 after). */
  requestSeconds: number;
}

/** The gateway's limit variables start with this (`LIMIT_DEPTH`...), named in every refusal. */
export const LIMIT_PREFIX = 'LIMIT_';
/** The analysts' limits are set by `LIMIT_ANALYST_ALIASES`, `LIMIT_ANALYST_ROOT_FIELDS` and `LIMIT_ANALYST_COST`. */
export const ANALYST_LIMIT_PREFIX = 'LIMIT_ANALYST_';

export const LIMIT_DEFAULTS: LimitSettings = {
  bodyBytes: 100 * 1024,
  tokens: 5_000,
  depth: 10,
  aliases: 30,
  rootFields: 10,
  cost: 50_000,
  // Twice the root fields (SUBGRAPH_LIMIT_ROOT_FIELDS is 20: a plan may send them all to one
  // registry), twice the aliases, four times the cost (SUBGRAPH_LIMIT_COST is 250,000).
  analyst: { aliases: 60, rootFields: 20, cost: 200_000 },
  batch: 1,
  introspection: true,
  corsOrigins: [],
  connections: DEFAULT_MAX_CONNECTIONS,
  requestSeconds: DEFAULT_REQUEST_TIMEOUT_MS / 1_000,
};

/** `CORS_ORIGINS`: comma-separated origins such as `https://registry.example,http://localhost:3000`; a refusal for one that is not an origin. */
function origins(raw: string): string[] | Refusal {
  const list: string[] = [];
  for (const origin of raw.split(',').map((entry) => entry.trim())) {
    if (origin === '') continue;
    if (origin === '*') {
      list.push(origin);
      continue;
    }
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return new Refusal(`holds "${origin}", which is not an origin such as https://registry.example`);
    }
    if (url.origin !== origin.replace(/\/$/, '')) return new Refusal(`holds "${origin}", which is not an origin (scheme, host and port only), e.g. ${url.origin}`);
    list.push(url.origin);
  }
  return list;
}

const limit = <F extends number | undefined>(fallback: F, description: string, defaultText?: string) =>
  wholeNumber({ min: 1, description, ...(defaultText ? { default: defaultText } : {}) }, fallback);

/** The gateway's request limits, introspection and CORS (shared/config reads them; docs/configuration.md lists them). */
export const limitVariables = z.object({
  LIMIT_BODY_BYTES: limit(LIMIT_DEFAULTS.bodyBytes, 'The largest request body read, in bytes (413 `PAYLOAD_TOO_LARGE` above).'),
  LIMIT_TOKENS: limit(LIMIT_DEFAULTS.tokens, 'The most lexical tokens in one document (`TOO_MANY_TOKENS`).'),
  LIMIT_DEPTH: limit(LIMIT_DEFAULTS.depth, 'The deepest selection nesting (`TOO_DEEP`).'),
  LIMIT_ALIASES: limit(LIMIT_DEFAULTS.aliases, 'Aliased fields per operation (`TOO_MANY_ALIASES`).'),
  LIMIT_ROOT_FIELDS: limit(LIMIT_DEFAULTS.rootFields, 'Top-level fields per operation (`TOO_MANY_ROOT_FIELDS`).'),
  LIMIT_COST: limit(LIMIT_DEFAULTS.cost, 'The highest estimated cost of one operation (`QUERY_TOO_COSTLY`).'),
  LIMIT_ANALYST_ALIASES: limit(
    undefined,
    `Aliased fields per operation for callers holding \`${ANALYST_SCOPE}\`.`,
    `${LIMIT_DEFAULTS.analyst.aliases}, or LIMIT_ALIASES when higher`,
  ),
  LIMIT_ANALYST_ROOT_FIELDS: limit(
    undefined,
    `Top-level fields per operation for callers holding \`${ANALYST_SCOPE}\`.`,
    `${LIMIT_DEFAULTS.analyst.rootFields}, or LIMIT_ROOT_FIELDS when higher`,
  ),
  LIMIT_ANALYST_COST: limit(undefined, `The highest estimated cost for callers holding \`${ANALYST_SCOPE}\`.`, `${LIMIT_DEFAULTS.analyst.cost}, or LIMIT_COST when higher`),
  LIMIT_BATCH: limit(LIMIT_DEFAULTS.batch, 'The most operations in one JSON array body; 1 turns batching off (`BATCHING_NOT_SUPPORTED`).'),
  LIMIT_CONNECTIONS: limit(DEFAULT_MAX_CONNECTIONS, 'The most client connections open at once (per gateway process); one more is closed as it arrives.'),
  LIMIT_REQUEST_SECONDS: limit(
    DEFAULT_REQUEST_TIMEOUT_MS / 1_000,
    'How long a client has to send one whole request, headers and body, in seconds (408 after): a slow sender cannot hold a connection longer.',
  ),
  INTROSPECTION: flag(LIMIT_DEFAULTS.introspection, 'Answers introspection queries (`__schema`, `__type`).'),
  CORS_ORIGINS: variable(
    {
      description: 'Browser origins allowed to call GraphQL (never `/metrics` or other routes), comma-separated (`*` for any); empty sends no CORS headers.',
      default: 'none',
      accepts: 'origins such as https://registry.example,http://localhost:3000',
    },
    [],
    origins,
  ),
});

/** The gateway's limit settings as read: an analysts' limit unset is its default, or the general limit when that was raised above it (an analyst is never given less room than anyone else unless told so). */
export function limitSettingsOf(config: ReturnType<typeof limitVariables.parse>): LimitSettings {
  return {
    bodyBytes: config.LIMIT_BODY_BYTES,
    tokens: config.LIMIT_TOKENS,
    depth: config.LIMIT_DEPTH,
    aliases: config.LIMIT_ALIASES,
    rootFields: config.LIMIT_ROOT_FIELDS,
    cost: config.LIMIT_COST,
    analyst: {
      aliases: config.LIMIT_ANALYST_ALIASES ?? Math.max(LIMIT_DEFAULTS.analyst.aliases, config.LIMIT_ALIASES),
      rootFields: config.LIMIT_ANALYST_ROOT_FIELDS ?? Math.max(LIMIT_DEFAULTS.analyst.rootFields, config.LIMIT_ROOT_FIELDS),
      cost: config.LIMIT_ANALYST_COST ?? Math.max(LIMIT_DEFAULTS.analyst.cost, config.LIMIT_COST),
    },
    batch: config.LIMIT_BATCH,
    introspection: config.INTROSPECTION,
    corsOrigins: config.CORS_ORIGINS,
    connections: config.LIMIT_CONNECTIONS,
    requestSeconds: config.LIMIT_REQUEST_SECONDS,
  };
}

export function limitSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): LimitSettings {
  return limitSettingsOf(readConfiguration(limitVariables, env));
}
