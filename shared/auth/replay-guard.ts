/**
 * Remembers the ids (`jti`) of the caller assertions a subgraph has accepted, each until its
 * assertion expires, so that a captured one cannot be used twice. The subgraph asks before it
 * answers; an implementation shared by every replica of one subgraph (Redis `SET jti 1 NX PXAT
 * expires`, for instance) closes the window the in-memory one leaves between replicas.
 */
export interface ReplayGuard {
  /** Records `jti` until `expiresAtMs` (epoch milliseconds); false when it was recorded before: a replay. */
  firstUse(jti: string, expiresAtMs: number): boolean | Promise<boolean>;
}

/**
 * The in-memory replay guard of one subgraph process. Entries are kept in arrival order and dropped
 * from the oldest once expired: since every assertion's lifetime is capped, an entry outlives its
 * assertion by at most that cap, and memory stays at (requests per second) x (lifetime).
 */
export class MemoryReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();

  firstUse(jti: string, expiresAtMs: number, now = Date.now()): boolean {
    this.forgetExpired(now);
    if (this.seen.has(jti)) return false;
    this.seen.set(jti, expiresAtMs);
    return true;
  }

  /** How many assertion ids are remembered. */
  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    for (const [jti, until] of this.seen) {
      if (until > now) return;
      this.seen.delete(jti);
    }
  }
}
