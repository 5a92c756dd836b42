/**
 * The gateway's request limits and HTTP policy, read from the environment. Every limit has a
 * default that accepts every operation the README, the tests and the playground send, with room
 * to spare, and refuses the abusive shapes (huge, deep, wide, aliased, list-multiplied) cheaply.
 */
export interface LimitSettings {
  /** `LIMIT_BODY_BYTES`: the largest request body read, in bytes (413 `PAYLOAD_TOO_LARGE` above). */
  bodyBytes: number;
  /** `LIMIT_TOKENS`: the most lexical tokens the parser reads before it gives up (`TOO_MANY_TOKENS`). */
  tokens: number;
  /** `LIMIT_DEPTH`: the deepest field nesting of an operation, fragments expanded (`QUERY_TOO_DEEP`). */
  depth: number;
  /** `LIMIT_ALIASES`: the most aliased fields in an operation, fragments expanded (`TOO_MANY_ALIASES`). */
  aliases: number;
  /** `LIMIT_ROOT_FIELDS`: the most fields at an operation's top level (`TOO_MANY_ROOT_FIELDS`). */
  rootFields: number;
  /** `LIMIT_COST`: the largest estimated cost, each field counted once per list item above it (`QUERY_TOO_COSTLY`). */
  cost: number;
  /** `LIMIT_BATCH`: the most operations in one JSON array body; 1 turns batching off (`BATCHING_NOT_SUPPORTED`). */
  batch: number;
  /** `INTROSPECTION`: `false` refuses `__schema` and `__type` (`INTROSPECTION_DISABLED`). */
  introspection: boolean;
  /** `CORS_ORIGINS`: browser origins allowed to call the gateway; empty sends no CORS headers. */
  corsOrigins: string[];
}

/** How many items the cost estimate assumes a list holds when the query does not say. */
export const LIST_SIZE_GUESS = {
  /** A paginated field (one with a `first` argument) whose `first` is not given and has no default. */
  connection: 20,
  /** A plain list, such as a member's roles or a project's cooperating organisations. */
  plain: 10,
};

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

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim().replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1 up; got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false; got "${env[name]}"`);
}

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
