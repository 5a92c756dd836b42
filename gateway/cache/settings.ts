/** How the gateway caches persisted queries and responses, and whether replicas share them. */
export interface CacheSettings {
  /**
   * A Redis server (`redis://host:6379`, `rediss://` with TLS) the gateway's replicas share: the
   * persisted-query (APQ) store and the response cache live there. Unset: each replica keeps its own
   * in memory.
   */
  redisUrl?: string;
  /** How long a public query's response is kept, in seconds; 0 turns the response cache off. */
  responseTtlSeconds: number;
}

/** With a shared Redis, responses are kept this long unless `RESPONSE_CACHE_TTL_SECONDS` says otherwise. */
export const DEFAULT_SHARED_RESPONSE_TTL_SECONDS = 5;

/**
 * `REDIS_URL` and `RESPONSE_CACHE_TTL_SECONDS` (default 5 with `REDIS_URL`, 0 without: a single
 * gateway caches no responses unless asked to).
 */
export function cacheSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): CacheSettings {
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/[^/\s]/.test(redisUrl)) {
    throw new Error(`REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379; got "${redisUrl}"`);
  }
  const raw = env.RESPONSE_CACHE_TTL_SECONDS?.trim();
  const fallback = redisUrl ? DEFAULT_SHARED_RESPONSE_TTL_SECONDS : 0;
  const responseTtlSeconds = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(responseTtlSeconds) || responseTtlSeconds < 0) {
    throw new Error(`RESPONSE_CACHE_TTL_SECONDS must be a whole number of seconds (0 turns the response cache off); got "${raw}"`);
  }
  return { ...(redisUrl ? { redisUrl } : {}), responseTtlSeconds };
}
