import type { FetchImplementation } from 'jose';

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

/** Why a key set's answer cannot be used (what jose would refuse it for), or nothing when it can. */
function unusableAnswer(status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  try {
    const keySet = JSON.parse(body) as { keys?: unknown } | null;
    const keys = typeof keySet === 'object' && keySet !== null ? keySet.keys : undefined;
    const isObject = (key: unknown) => typeof key === 'object' && key !== null && !Array.isArray(key);
    return Array.isArray(keys) && keys.every(isObject) ? undefined : 'an answer that is not a JSON Web Key Set';
  } catch {
    return 'an answer that is not JSON';
  }
}

/**
 * The fetch jose's createRemoteJWKSet makes of the key set (its `customFetch` option), with a pause
 * after one that failed. jose fetches the set again for every token it is asked about once the set
 * is older than its maximum age (a minute), and for every token whose `kid` the set lacks once the
 * set is past its cooldown (30 s), and keeps no failure: with the identity provider down, each
 * request carrying any token with an asymmetric `alg` (an anonymous caller's forged one, with a
 * `kid` of its own) started a fetch of its own and logged an error, at the rate of the requests
 * (audit, 2026-12-07; until the second audit that day the pause was kept only for a set past its
 * minute, so for the half minute after the cooldown forged `kid`s still started a fetch each). Now
 * one fetch at most each pause, whichever of jose's reasons asks for it; a key the set holds is
 * used without a fetch as before.
 */
export function fetchWithRetryPause(pauseMs = AUTH_KEY_SET_RETRY_PAUSE_MS, fetchImpl: typeof fetch = fetch): FetchImplementation {
  let failedAt: number | undefined;
  let failure: unknown;
  const failed = (error: unknown) => {
    failedAt = Date.now();
    failure = error;
    return error;
  };
  return async (url, options) => {
    if (failedAt !== undefined && Date.now() - failedAt < pauseMs) throw new KeySetPausedError(failure);
    let response: Response;
    try {
      response = await fetchImpl(url, options);
    } catch (error) {
      throw failed(error);
    }
    // Read here to know whether jose can use it; handed on as read, jose's own refusal kept for one it cannot.
    const body = await response.text().catch((error: unknown) => {
      throw failed(error);
    });
    const unusable = unusableAnswer(response.status, body);
    if (unusable === undefined) failedAt = undefined;
    else failed(new Error(`the key set answered ${unusable}`));
    const bodyless = [101, 204, 205, 304].includes(response.status);
    return new Response(bodyless ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
