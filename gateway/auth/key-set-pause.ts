import type { createRemoteJWKSet, JWTVerifyGetKey } from 'jose';

/** A key set fetched from `AUTH_JWKS_URL` (jose's createRemoteJWKSet): the key look-up, and whether what it holds is still fresh. */
type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * How long after the key set could not be fetched no other fetch is started: the tokens the gateway
 * has not verified meanwhile are answered 503 `AUTHENTICATION_UNAVAILABLE` at once.
 */
export const AUTH_KEY_SET_RETRY_PAUSE_MS = 5_000;

/**
 * The key set's failure repeated during the pause after it (AUTH_KEY_SET_RETRY_PAUSE_MS): the
 * gateway already logged why, so it is not logged again.
 */
export class KeySetPausedError extends Error {
  override name = 'KeySetPausedError';

  constructor(readonly failure: unknown) {
    super('the key set could not be fetched a moment ago; it is fetched again after a pause');
  }
}

/**
 * `keySet` with a pause after a fetch that failed. jose fetches the set again for every token it is
 * asked about once the set is older than its maximum age (a minute) and keeps no failure: with the
 * identity provider down, each request carrying any token with an asymmetric `alg` (an anonymous
 * caller's forged one too) started a fetch of its own and logged an error, at the rate of the
 * requests (audit, 2026-12-07). Now one fetch at most each pause; a set still fresh is used as before.
 */
export function withRetryPause(keySet: RemoteKeySet, pauseMs = AUTH_KEY_SET_RETRY_PAUSE_MS): JWTVerifyGetKey {
  let failedAt: number | undefined;
  let failure: unknown;
  return async (protectedHeader, token) => {
    if (failedAt !== undefined && !keySet.fresh && Date.now() - failedAt < pauseMs) throw new KeySetPausedError(failure);
    try {
      const key = await keySet(protectedHeader, token);
      failedAt = undefined;
      return key;
    } catch (error) {
      // Still not fresh: the fetch failed (a key the set lacks or cannot use leaves it fresh).
      if (!keySet.fresh) {
        failedAt = Date.now();
        failure = error;
      }
      throw error;
    }
  };
}
