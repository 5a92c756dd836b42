import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { InMemoryLRUCache, KeyValueCache } from '@apollo/utils.keyvaluecache';
import { Log } from '../../shared/server/log';
import { cacheKeyDigest } from './cache-key-digest';
import { PublicOperationCheck, responseCachePlugin } from './response-cache';
import { CacheSettings } from './settings';
import { redisSharedCache } from './shared-cache';

export { publicOperations } from './public-operations';
export { cacheKeyDigest } from './cache-key-digest';
export { GENERATION_KEY, responseCachePlugin } from './response-cache';
export type { PublicOperationCheck, ResponseCacheOptions } from './response-cache';
export { cacheSettingsFromEnvironment, DEFAULT_SHARED_RESPONSE_TTL_SECONDS } from './settings';
export type { CacheSettings } from './settings';
export { FailSoftCache, REDIS_NAMESPACE, redisSharedCache } from './shared-cache';
export type { SharedCache } from './shared-cache';

/** What the gateway's Apollo Server gets from its cache settings. */
export interface GatewayCaching<C extends BaseContext> {
  /** Apollo Server's `cache` (persisted queries); undefined leaves Apollo's own in-memory one. */
  cache?: KeyValueCache<string>;
  /** The response cache, when it is on. */
  plugins: ApolloServerPlugin<C>[];
  /** One line for the start-up log. */
  description: string;
  close(): Promise<void>;
}

/**
 * The gateway's caches: with `redisUrl`, persisted queries and responses in the Redis every replica
 * shares; without, in this process's memory (responses only when `responseTtlSeconds` asks for them).
 * A response is kept for the caller it was made for (`callerOf`), public queries only (`isPublic`),
 * and never for a caller whose answers may carry personal data through unguarded fields (`keepsAnswersFor`).
 */
export function gatewayCaching<C extends BaseContext>(
  settings: CacheSettings,
  isPublic: PublicOperationCheck,
  callers: { callerOf: (context: C) => string; keepsAnswersFor: (context: C) => boolean },
  log: Log,
): GatewayCaching<C> {
  const shared = settings.redisUrl ? redisSharedCache(settings.redisUrl, log) : undefined;
  const responses = settings.responseTtlSeconds > 0;
  const cache: KeyValueCache<string> | undefined = shared?.cache ?? (responses ? new InMemoryLRUCache<string>() : undefined);
  const where = shared ? `Redis at ${new URL(settings.redisUrl!).host}, shared by the replicas` : 'this process';
  return {
    ...(cache ? { cache } : {}),
    plugins: responses && cache ? [responseCachePlugin<C>({ cache, ttlSeconds: settings.responseTtlSeconds, isPublic, ...callers, keyDigest: cacheKeyDigest() })] : [],
    description: `persisted queries in ${where}; ` + (responses ? `public query responses kept ${settings.responseTtlSeconds} s in ${where}` : 'no response cache'),
    close: async () => {
      await shared?.close();
    },
  };
}
