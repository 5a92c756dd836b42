import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as the Standard Webhooks specification has them (https://www.standardwebhooks.com):
 * the headers `webhook-id` (the event's id: the same on every retry, the receiver's idempotency
 * key), `webhook-timestamp` (seconds since the epoch, of this attempt) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, several separated by spaces while a
 * secret is being rotated), under a secret `whsec_<base64 key>`.
 */
export const SECRET_PREFIX = 'whsec_';

/** A new subscription's secret: 32 random bytes. */
export const newWebhookSecret = (): string => `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/** The key bytes of a `whsec_` secret (a secret without the prefix is read as the base64 key itself). */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** `v1,<signature>` of one message. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${digest}`;
}

/** The headers of one delivery attempt. */
export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signWebhook(secret, id, timestampSeconds, body),
  };
}

export interface VerifyOptions {
  /** How far the timestamp may be from now (replays of old messages are refused); 5 minutes by default. */
  toleranceSeconds?: number;
  now?: Date;
}

/**
 * What a receiver does with a delivery: checks that one of the `webhook-signature` values is the
 * signature of this id, timestamp and exact body under the secret, and that the timestamp is
 * recent. Returns why not, or undefined when the message is genuine.
 */
export function webhookProblem(secret: string, headers: Record<string, string | string[] | undefined>, body: string, options: VerifyOptions = {}): string | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures) return 'webhook-id, webhook-timestamp and webhook-signature are required';
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) return 'webhook-timestamp is not a number of seconds';
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - seconds) > (options.toleranceSeconds ?? 300)) return 'webhook-timestamp is too far from now';
  const expected = Buffer.from(signWebhook(secret, id, seconds, body));
  const matches = signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? undefined : 'no webhook-signature matches the body under the secret';
}
