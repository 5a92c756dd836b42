import type { Caller } from '../../shared/auth/caller';

const identities = new WeakMap<Caller, string>();

/** The identity of every unauthenticated caller: one caller, to a subgraph and to the per-caller caches. */
export const ANONYMOUS_IDENTITY = 'anonymous';

/**
 * Who a subgraph call is made for, as the caller assertion says it: the subject and the sorted
 * scopes, or `anonymous` (every unauthenticated caller is the same caller to a subgraph). A
 * request asks it several times (its context, the caches, each subgraph call): written once per
 * caller that cannot change (frozen, its scopes too: the verified-token cache hands out such).
 */
export function callerIdentity(caller: Caller | undefined): string {
  if (!caller || !caller.authenticated) return ANONYMOUS_IDENTITY;
  const frozen = Object.isFrozen(caller) && Object.isFrozen(caller.scopes);
  const known = frozen ? identities.get(caller) : undefined;
  if (known !== undefined) return known;
  const identity = JSON.stringify([caller.subject ?? null, [...caller.scopes].sort()]);
  if (frozen) identities.set(caller, identity);
  return identity;
}

/**
 * Identical calls in flight at the same time, made once: the first call's promise is handed to every
 * identical call that starts before it settles, and forgotten as soon as it settles (nothing is kept
 * after the answer: this is not a cache).
 */
export class InFlightShares<T> {
  private readonly inFlight = new Map<string, { promise: Promise<T>; callers: number }>();

  /** `start()`'s promise, or that of the identical call (same key) already in flight. */
  share(key: string, start: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const running = this.inFlight.get(key);
    if (running) {
      running.callers += 1;
      return { promise: running.promise, joined: true };
    }
    const promise = start();
    const entry = { promise, callers: 1 };
    this.inFlight.set(key, entry);
    const forget = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    promise.then(forget, forget);
    return { promise, joined: false };
  }

  /** How many callers wait on each call in flight. */
  callersInFlight(): number[] {
    return [...this.inFlight.values()].map((entry) => entry.callers);
  }
}
