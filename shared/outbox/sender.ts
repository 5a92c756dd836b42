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

/**
 * An HTTP POST of the body with the Standard Webhooks headers (see signature.ts), which fails when
 * no answer has come by the deadline. Redirects are not followed (a 3xx fails the attempt), and the
 * answer's body is not read.
 */
export const postWebhook: WebhookSender = async ({ url, secret, id, timestampSeconds, body, deadlineMs }) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'association-registries-webhooks/1', ...webhookHeaders(secret, id, timestampSeconds, body) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deadlineMs),
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
