import { DocumentLimits, flag, positiveInteger } from '../../shared/limits';

/**
 * The gateway's request limits and HTTP policy, read from the environment. Every limit has a
 * default that accepts every operation the README, the tests and the playground send, with room
 * to spare, and refuses the abusive shapes (huge, deep, wide, aliased, list-multiplied) cheaply.
 * The document limits (`LIMIT_TOKENS`, `LIMIT_DEPTH`, `LIMIT_ALIASES`, `LIMIT_ROOT_FIELDS`,
 * `LIMIT_COST`, `INTROSPECTION`) are checked by shared/limits, as each subgraph checks its own.
 */
export interface LimitSettings extends DocumentLimits {
  /** `LIMIT_BODY_BYTES`: the largest request body read, in bytes (413 `PAYLOAD_TOO_LARGE` above). */
  bodyBytes: number;
  /** `LIMIT_BATCH`: the most operations in one JSON array body; 1 turns batching off (`BATCHING_NOT_SUPPORTED`). */
  batch: number;
  /** `CORS_ORIGINS`: browser origins allowed to call the gateway; empty sends no CORS headers. */
  corsOrigins: string[];
}

/** The gateway's limit variables start with this (`LIMIT_DEPTH`...), named in every refusal. */
export const LIMIT_PREFIX = 'LIMIT_';

export const LIMIT_DEFAULTS: LimitSettings = {
  bodyBytes: 100 * 1024,
  tokens: 5_000,
  depth: 10,
  aliases: 30,
  rootFields: 10,
  cost: 50_000,
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

export function limitSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): LimitSettings {
  return {
    bodyBytes: positiveInteger(env, 'LIMIT_BODY_BYTES', LIMIT_DEFAULTS.bodyBytes),
    tokens: positiveInteger(env, 'LIMIT_TOKENS', LIMIT_DEFAULTS.tokens),
    depth: positiveInteger(env, 'LIMIT_DEPTH', LIMIT_DEFAULTS.depth),
    aliases: positiveInteger(env, 'LIMIT_ALIASES', LIMIT_DEFAULTS.aliases),
    rootFields: positiveInteger(env, 'LIMIT_ROOT_FIELDS', LIMIT_DEFAULTS.rootFields),
    cost: positiveInteger(env, 'LIMIT_COST', LIMIT_DEFAULTS.cost),
    batch: positiveInteger(env, 'LIMIT_BATCH', LIMIT_DEFAULTS.batch),
    introspection: flag(env, 'INTROSPECTION', LIMIT_DEFAULTS.introspection),
    corsOrigins: origins(env),
  };
}
