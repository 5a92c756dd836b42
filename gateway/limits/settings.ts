import { DocumentLimits, flag, positiveInteger } from '../../shared/limits';

/** The scope that gives a caller the analysts' limits (`LIMIT_ANALYST_*`): room for wide comparisons. */
export const ANALYST_SCOPE = 'analytics:query';

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
  /** `CORS_ORIGINS`: browser origins allowed to call the gateway; empty sends no CORS headers. */
  corsOrigins: string[];
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
};

/** `CORS_ORIGINS`: comma-separated origins such as `https://registry.example,http://localhost:3000`. */
function origins(env: NodeJS.ProcessEnv): string[] {
  const raw = env.CORS_ORIGINS ?? '';
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
    .map((origin) => {
      if (origin === '*') return origin;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`CORS_ORIGINS: "${origin}" is not an origin such as https://registry.example`);
      }
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error(`CORS_ORIGINS: "${origin}" is not an origin (scheme, host and port only), e.g. ${url.origin}`);
      return url.origin;
    });
}

/**
 * An analysts' limit: `LIMIT_ANALYST_<name>` when set, else its default, or the general limit when
 * that was raised above it (an analyst is never given less room than anyone else unless told so).
 */
const analystLimit = (env: NodeJS.ProcessEnv, name: string, fallback: number, general: number): number =>
  positiveInteger(env, `${ANALYST_LIMIT_PREFIX}${name}`, Math.max(fallback, general));

export function limitSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): LimitSettings {
  const aliases = positiveInteger(env, 'LIMIT_ALIASES', LIMIT_DEFAULTS.aliases);
  const rootFields = positiveInteger(env, 'LIMIT_ROOT_FIELDS', LIMIT_DEFAULTS.rootFields);
  const cost = positiveInteger(env, 'LIMIT_COST', LIMIT_DEFAULTS.cost);
  return {
    bodyBytes: positiveInteger(env, 'LIMIT_BODY_BYTES', LIMIT_DEFAULTS.bodyBytes),
    tokens: positiveInteger(env, 'LIMIT_TOKENS', LIMIT_DEFAULTS.tokens),
    depth: positiveInteger(env, 'LIMIT_DEPTH', LIMIT_DEFAULTS.depth),
    aliases,
    rootFields,
    cost,
    analyst: {
      aliases: analystLimit(env, 'ALIASES', LIMIT_DEFAULTS.analyst.aliases, aliases),
      rootFields: analystLimit(env, 'ROOT_FIELDS', LIMIT_DEFAULTS.analyst.rootFields, rootFields),
      cost: analystLimit(env, 'COST', LIMIT_DEFAULTS.analyst.cost, cost),
    },
    batch: positiveInteger(env, 'LIMIT_BATCH', LIMIT_DEFAULTS.batch),
    introspection: flag(env, 'INTROSPECTION', LIMIT_DEFAULTS.introspection),
    corsOrigins: origins(env),
  };
}
