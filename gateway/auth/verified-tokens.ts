import { Caller } from '../../shared/auth/caller';
import { BoundedCache } from '../execution/bounded-cache';

/** How many verified tokens the gateway remembers; the least recently used go first. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

interface Verified {
  caller: Caller;
  /** The token's `exp`, in milliseconds: the entry is not used from then on. */
  expiresAtMs: number;
}

/**
 * Bearer tokens already verified, keyed by the token's exact text, each kept until its own `exp`
 * and never past it (without the clock tolerance verification allows), at most `capacity` of them.
 * A token found here skips the signature and claim checks; one not found (new, dropped or expired)
 * is verified again in full. Only accepted tokens are kept.
 */
export class VerifiedTokenCache {
  private readonly entries: BoundedCache<string, Verified>;

  constructor(capacity = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE) {
    this.entries = new BoundedCache(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The caller a still-unexpired token was verified as, or undefined. */
  get(token: string, nowMs = Date.now()): Caller | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.caller;
  }

  /** Remembers a token verified as `caller` until its `exp` (seconds since 1970); a token already past it is not kept. */
  set(token: string, caller: Caller, expSeconds: number, nowMs = Date.now()): void {
    const expiresAtMs = expSeconds * 1000;
    if (!Number.isFinite(expiresAtMs) || expiresAtMs <= nowMs) return;
    // One caller object answers every request with this token: frozen, so no request can change another's.
    Object.freeze(caller.scopes);
    this.entries.set(token, { caller: Object.freeze(caller), expiresAtMs });
  }
}
