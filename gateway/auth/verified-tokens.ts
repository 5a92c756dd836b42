import { Caller } from '../../shared/auth/caller';
import { BoundedCache } from '../execution/bounded-cache';

/** How many verified tokens the gateway remembers; the least recently used go first. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

interface Verified {
  caller: Caller;
  /** The token's `exp`, in milliseconds: the entry is not used from then on. */
  expiresAtMs: number;
}

/** Slots of the table of tokens verified once (a power of two): 64 KiB. */
const SEEN_ONCE_SLOTS = 16_384;

/** FNV-1a over the token's last 32 characters (its signature's, which differ from token to token); never 0, which marks an empty slot. */
function tokenHash(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, token.length - 32); i < token.length; i += 1) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return hash >>> 0 || 1;
}

/**
 * Bearer tokens already verified, keyed by the token's exact text, each kept until its own `exp`
 * and never past it (without the clock tolerance verification allows), at most `capacity` of them.
 * A token found here skips the signature and claim checks; one not found (new, dropped or expired)
 * is verified again in full. Only accepted tokens are kept, and only from their second
 * verification: a token used once (a client that signs one per request) would take a place, and
 * memory until it expired or was pushed out, for nothing. Which tokens were verified once is kept
 * as a hash per slot of a fixed table, so it costs the same however many come; two tokens in one
 * slot only make one of them wait for a third verification, or be kept at its second when their
 * hashes are equal.
 */
export class VerifiedTokenCache {
  private readonly entries: BoundedCache<string, Verified>;
  private readonly seenOnce = new Uint32Array(SEEN_ONCE_SLOTS);

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

  /**
   * Remembers a token verified as `caller` until its `exp` (seconds since 1970), when it was verified
   * once before (else notes that it was); a token already past its `exp` is not kept. `caller`
   * answers every request with this token, so it is to be frozen, scopes too (the authenticator
   * freezes every caller it verifies).
   */
  set(token: string, caller: Caller, expSeconds: number, nowMs = Date.now()): void {
    const expiresAtMs = expSeconds * 1000;
    if (!Number.isFinite(expiresAtMs) || expiresAtMs <= nowMs) return;
    if (!this.verifiedBefore(token)) return;
    this.entries.set(token, { caller, expiresAtMs });
  }

  /** Whether `token` was verified once already (by its hash); notes that it now has been. */
  private verifiedBefore(token: string): boolean {
    const hash = tokenHash(token);
    const slot = hash & (SEEN_ONCE_SLOTS - 1);
    if (this.seenOnce[slot] === hash) return true;
    this.seenOnce[slot] = hash;
    return false;
  }
}
