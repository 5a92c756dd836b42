import { z } from 'zod';
import { readConfiguration, url, wholeNumber } from '../../shared/config';
import { gatewayProcessCount } from '../processes/settings';

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

/** The gateway's shared caches (`REDIS_URL`, `RESPONSE_CACHE_TTL_SECONDS`; docs/configuration.md lists them). */
export const cacheVariables = z.object({
  REDIS_URL: url(['redis:', 'rediss:'], {
    description: "A Redis server the gateway's replicas share: the persisted-query (APQ) store and the response cache live there. Unset: each replica keeps its own in memory.",
    accepts: 'a redis:// or rediss:// URL such as redis://redis:6379',
  }),
  RESPONSE_CACHE_TTL_SECONDS: wholeNumber(
    {
      min: 0,
      unit: 'seconds',
      description: "How long a public query's response is kept, in seconds; 0 turns the response cache off.",
      default: `${DEFAULT_SHARED_RESPONSE_TTL_SECONDS} with REDIS_URL, 0 without`,
      accepts: 'a whole number of seconds (0 turns the response cache off)',
    },
    undefined,
  ),
});

/** The cache settings as read: `RESPONSE_CACHE_TTL_SECONDS` defaults to 5 with `REDIS_URL`, 0 without (a single gateway caches no responses unless asked to). */
export function cacheSettingsOf(config: ReturnType<typeof cacheVariables.parse>): CacheSettings {
  const redisUrl = config.REDIS_URL;
  const responseTtlSeconds = config.RESPONSE_CACHE_TTL_SECONDS ?? (redisUrl ? DEFAULT_SHARED_RESPONSE_TTL_SECONDS : 0);
  return { ...(redisUrl ? { redisUrl } : {}), responseTtlSeconds };
}

/** `GATEWAY_PROCESSES` as read, or 1 when it is refused (gateway/config.ts names it then). */
function processCountOf(env: NodeJS.ProcessEnv): number {
  try {
    return gatewayProcessCount(env);
  } catch {
    return 1;
  }
}

/**
 * Reads `REDIS_URL` and `RESPONSE_CACHE_TTL_SECONDS` (see cacheSettingsOf). Refuses a response cache
 * in memory under `GATEWAY_PROCESSES` above 1: each process would keep its own entries and its own
 * generation, so a mutation run by one left the others serving the answers made before it (a member's
 * old name, a licence's old standing) for the whole TTL to whichever connection reached them (audit, 2026-12-07).
 */
export function cacheSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): CacheSettings {
  const settings = cacheSettingsOf(readConfiguration(cacheVariables, env));
  const processes = processCountOf(env);
  if (settings.responseTtlSeconds > 0 && !settings.redisUrl && processes > 1) {
    throw new Error(
      `RESPONSE_CACHE_TTL_SECONDS is ${settings.responseTtlSeconds} without REDIS_URL under GATEWAY_PROCESSES=${processes}: each process would keep its own responses, ` +
        'and a mutation run by one would leave the others serving answers made before it; set REDIS_URL (the processes then share one cache) or RESPONSE_CACHE_TTL_SECONDS=0',
    );
  }
  return settings;
}
