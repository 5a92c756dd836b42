/** How long a failed delivery waits before its next attempt: exponential, capped, with jitter. */
export interface BackoffPolicy {
  /** The wait after the first failed attempt, before jitter. */
  baseMs: number;
  /** The longest wait, before jitter. */
  maxMs: number;
}

/**
 * The wait after the `attempt`-th failed attempt (from 1): `baseMs * 2^(attempt-1)`, at most
 * `maxMs`, of which a random half is kept ("equal jitter"), so that the deliveries a receiver's
 * outage held back do not all come back at the same moment.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
