import { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import { ALLOW_ADVICE, guardedLookup, refusedHost } from './address-policy';
import { webhookHeaders } from './signature';

/** What one attempt to deliver got: a 2xx (`ok`), another status, or no answer at all (`status` null). */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  /** Why it failed, in words (for the dead-letter list). */
  error?: string;
}

/** Sends one signed webhook; the worker's way out (tests give their own). */
export type WebhookSender = (request: { url: string; secret: string; id: string; timestampSeconds: number; body: string; deadlineMs: number }) => Promise<AttemptResult>;

export interface PosterOptions {
  /** `WEBHOOK_ALLOW_PRIVATE_ADDRESSES`: connect to loopback, private and link-local addresses too. */
  allowPrivateAddresses: boolean;
  /** How host names are resolved (the system's DNS by default; tests give their own). */
  lookup?: LookupFunction;
}

/**
 * A sender that POSTs the body with the Standard Webhooks headers (see signature.ts), and fails
 * when no answer has come by the deadline. Redirects are not followed (a 3xx fails the attempt),
 * and the answer's body is not read. Unless private addresses are allowed, it refuses a URL whose
 * host is a non-public IP or `localhost`, and connects only to the public addresses a name
 * resolves to, checked on the address actually connected to (so DNS rebinding gains nothing).
 */
export function webhookPoster(options: PosterOptions): WebhookSender {
  const dispatcher = options.allowPrivateAddresses
    ? new Agent(options.lookup ? { connect: { lookup: options.lookup } } : {})
    : new Agent({ connect: { lookup: guardedLookup(options.lookup) } });
  return async ({ url, secret, id, timestampSeconds, body, deadlineMs }) => {
    if (!options.allowPrivateAddresses) {
      const refused = refusedHost(new URL(url));
      if (refused) return { ok: false, status: null, error: `refused to connect: ${refused}; ${ALLOW_ADVICE}` };
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'association-registries-webhooks/1', ...webhookHeaders(secret, id, timestampSeconds, body) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(deadlineMs),
        dispatcher,
      });
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return ok ? { ok, status: response.status } : { ok, status: response.status, error: `answered HTTP ${response.status}` };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { ok: false, status: null, error: timedOut ? `no answer within ${deadlineMs} ms` : `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  };
}
