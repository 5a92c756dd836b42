import { readConfiguration, webhookVariables } from '../config';

/** How a subgraph's delivery worker runs (README, "Reminders (webhooks)"). */
export interface WebhookSettings {
  /** How long the worker waits between passes when no event wakes it (`WEBHOOK_POLL_MS`, 1 s). */
  pollMs: number;
  /** How long one attempt may wait for an answer (`WEBHOOK_ATTEMPT_TIMEOUT_MS`, 10 s). */
  attemptTimeoutMs: number;
  /** Attempts before a delivery becomes a dead letter (`WEBHOOK_MAX_ATTEMPTS`, 12). */
  maxAttempts: number;
  /** The wait after the first failed attempt, doubled after each (`WEBHOOK_BACKOFF_BASE_MS`, 5 s)... */
  backoffBaseMs: number;
  /** ...up to this (`WEBHOOK_BACKOFF_MAX_MS`, 6 h); half of each wait is random. */
  backoffMaxMs: number;
  /** Deliveries to different records' queues under way at once (`WEBHOOK_CONCURRENCY`, 8). */
  concurrency: number;
  /** How often the worker scans for dates that pass (`REMINDER_SCAN_MS`, 60 s). */
  scanIntervalMs: number;
  /** A credential's "expiring" reminder comes this many days before its last valid day (`REMINDER_EXPIRING_DAYS`, 30). */
  expiringWithinDays: number;
  /** How far back the very first scan of a registry looks (`REMINDER_FIRST_LOOKBACK_DAYS`, 1). */
  firstLookbackDays: number;
  /** Whether deliveries may go to loopback, private and link-local addresses (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES=1`; no). */
  allowPrivateAddresses: boolean;
  /**
   * How long (real time) one queue goes on delivering in a row within a pass (1 s; not configurable,
   * tests shorten it): after a slow answer, the queue's next event waits for the next pass.
   */
  queueSliceMs: number;
  /**
   * How long (real time) a pass goes on taking queues (5 s; likewise): the attempts under way then
   * end by their deadline, and the next pass hands out new events first, so receivers that answer
   * slowly, or never, hold a pass for this and one attempt's deadline, not for all their deliveries.
   */
  passSliceMs: number;
}

const SLICES = { queueSliceMs: 1_000, passSliceMs: 5_000 };

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  pollMs: 1_000,
  attemptTimeoutMs: 10_000,
  maxAttempts: 12,
  backoffBaseMs: 5_000,
  backoffMaxMs: 6 * 3_600_000,
  concurrency: 8,
  scanIntervalMs: 60_000,
  expiringWithinDays: 30,
  firstLookbackDays: 1,
  allowPrivateAddresses: false,
  ...SLICES,
};

type WebhookConfiguration = ReturnType<typeof webhookVariables.parse>;

/** The worker's settings as read (shared/config/outbox.ts), or null when `WEBHOOKS=off`. */
export function webhookSettingsOf(config: WebhookConfiguration): WebhookSettings | null {
  if (!config.WEBHOOKS) return null;
  return {
    pollMs: config.WEBHOOK_POLL_MS,
    attemptTimeoutMs: config.WEBHOOK_ATTEMPT_TIMEOUT_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    backoffBaseMs: config.WEBHOOK_BACKOFF_BASE_MS,
    backoffMaxMs: config.WEBHOOK_BACKOFF_MAX_MS,
    concurrency: config.WEBHOOK_CONCURRENCY,
    scanIntervalMs: config.REMINDER_SCAN_MS,
    expiringWithinDays: config.REMINDER_EXPIRING_DAYS,
    firstLookbackDays: config.REMINDER_FIRST_LOOKBACK_DAYS,
    allowPrivateAddresses: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    ...SLICES,
  };
}

/**
 * The worker's settings from `WEBHOOK_*` and `REMINDER_*` (each a whole number in its range, else
 * an error naming it; `WEBHOOK_PERSONAL_GRANT_DAYS` checked too, though the subscription API reads
 * it), or null when `WEBHOOKS=off` (no worker in this process: another replica delivers, or nobody does).
 */
export function webhookSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): WebhookSettings | null {
  return webhookSettingsOf(readConfiguration(webhookVariables, env));
}

/** The variable bounding how long a subscription's personal-data grant lasts (README, "Reminders (webhooks)"). */
export const PERSONAL_GRANT_DAYS_VARIABLE = 'WEBHOOK_PERSONAL_GRANT_DAYS';

const personalGrantDaysVariable = webhookVariables.pick({ WEBHOOK_PERSONAL_GRANT_DAYS: true });

/**
 * Days a subscription's payloads carry personal data after an admin holding `personal:read` made
 * or renewed it (`WEBHOOK_PERSONAL_GRANT_DAYS`, 30, from 1 to 365); afterwards they drop it until renewed.
 */
export function personalGrantDays(env: NodeJS.ProcessEnv = process.env): number {
  return readConfiguration(personalGrantDaysVariable, env).WEBHOOK_PERSONAL_GRANT_DAYS;
}

const maxSubscriptionsVariable = webhookVariables.pick({ WEBHOOK_MAX_SUBSCRIPTIONS: true });

/** The most webhook subscriptions a registry keeps (`WEBHOOK_MAX_SUBSCRIPTIONS`, 100, from 1 to 10,000). */
export function maxWebhookSubscriptions(env: NodeJS.ProcessEnv = process.env): number {
  return readConfiguration(maxSubscriptionsVariable, env).WEBHOOK_MAX_SUBSCRIPTIONS;
}
