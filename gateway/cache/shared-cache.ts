import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Keyv } from 'keyv';
import { Log } from '../../shared/server/log';

/** A cache the gateway's replicas share, and how to let go of it. */
export interface SharedCache {
  cache: KeyValueCache<string>;
  close(): Promise<void>;
}

/** Every key the gateway writes starts with this (then Keyv's `::`), so one Redis can serve other things too. */
export const REDIS_NAMESPACE = 'registries-gateway';

/** The longest a request waits for Redis before going on as if the entry were missing. */
export const REDIS_OPERATION_TIMEOUT_MS = 500;

/**
 * A cache whose failures are misses: an operation that throws, or takes longer than `timeoutMs`,
 * answers `undefined` (get) or nothing (set, delete), and `onFailure` hears of it. A cache is an
 * optimisation: when Redis is down or slow, requests go on without it instead of failing.
 */
export class FailSoftCache implements KeyValueCache<string> {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly timeoutMs: number,
    private readonly onFailure: (operation: string, error: unknown) => void,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.bounded('get', () => this.inner.get(key), undefined);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.bounded('set', () => this.inner.set(key, value, options), undefined);
  }

  delete(key: string): Promise<boolean | void> {
    return this.bounded('delete', () => this.inner.delete(key), false);
  }

  private async bounded<T>(operation: string, run: () => Promise<T>, fallback: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      this.onFailure(operation, error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reconnection after a lost connection: 100 ms, doubling, at most 5 s between attempts, forever. */
const reconnectDelay = (retries: number): number => Math.min(100 * 2 ** Math.min(retries, 6), 5_000);

/**
 * The Redis behind `REDIS_URL` as an Apollo key-value cache, through Keyv (`@keyv/redis`) and
 * Apollo's `KeyvAdapter` (which batches the gets of one tick into one MGET).
 *
 * The connection is opened at the first use. Commands are not queued while Redis is unreachable
 * (`disableOfflineQueue`): they fail at once, and `FailSoftCache` turns failures and slow answers
 * into misses, so a gateway without its Redis still answers, only without the shared caches. The
 * log says once when Redis is lost and once when it is back.
 */
export function redisSharedCache(url: string, log: Log): SharedCache {
  // Required here, not imported at the top: the Redis client is hundreds of modules that a gateway without REDIS_URL never uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: KeyvRedis } = require('@keyv/redis') as typeof import('@keyv/redis');
  const store = new KeyvRedis<string>(
    { url, disableOfflineQueue: true, socket: { connectTimeout: 2_000, reconnectStrategy: reconnectDelay } },
    { throwOnConnectError: false, throwErrors: true },
  );
  const client = store.client;
  const where = new URL(url).host;
  let healthy = true;
  const failed = (what: string, error: unknown) => {
    if (!healthy) return;
    healthy = false;
    log.warn(`Redis at ${where} ${what}: ${error instanceof Error ? error.message : String(error)}; the gateway goes on without the shared caches until it is back`);
  };
  // An EventEmitter's 'error' without a listener would end the process.
  client.on('error', (error: unknown) => failed('is not reachable', error));
  client.on('ready', () => {
    if (!healthy) log.info(`Redis at ${where} is reachable again; the shared caches are back`);
    healthy = true;
  });
  const keyv = new Keyv<string>({ store, namespace: REDIS_NAMESPACE, emitErrors: false });
  const cache = new FailSoftCache(new KeyvAdapter<string>(keyv), REDIS_OPERATION_TIMEOUT_MS, (operation, error) => failed(`failed a ${operation}`, error));
  return {
    cache,
    close: async () => {
      if (client.isOpen) await client.disconnect().catch(() => undefined);
    },
  };
}
