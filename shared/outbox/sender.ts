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
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { ok: false, status: null, error: timedOut ? `no answer within ${deadlineMs} ms` : connectionFailure(error) };
    }
  };
}

/**
 * What went wrong reaching a receiver, in words of our own: the admins who read a dead letter's
 * `lastError` are told the kind of failure, not the transport's text, which names the address the
 * host resolved to and a certificate's names (outside audit, 2026-12-07). The log keeps no more.
 */
export function connectionFailure(error: unknown): string {
  const cause: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  // The address policy's own refusal (address-policy.ts) names only the host the admin gave.
  if (code === 'EWEBHOOKADDRESS' && cause instanceof Error) return cause.message;
  if (code === 'ECONNREFUSED') return 'the receiver refused the connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return "the receiver's host name did not resolve";
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'the receiver closed the connection';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection to the receiver timed out';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    return "the receiver's TLS certificate was not accepted";
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'the receiver could not be reached';
  return 'the connection to the receiver failed';
}
