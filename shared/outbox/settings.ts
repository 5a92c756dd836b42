import { privateAddressesAllowed } from './address-policy';

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
}

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
};

type NumericSetting = Exclude<keyof WebhookSettings, 'allowPrivateAddresses'>;

const VARIABLES: Record<NumericSetting, { name: string; min: number; max: number }> = {
  pollMs: { name: 'WEBHOOK_POLL_MS', min: 10, max: 3_600_000 },
  attemptTimeoutMs: { name: 'WEBHOOK_ATTEMPT_TIMEOUT_MS', min: 100, max: 300_000 },
  maxAttempts: { name: 'WEBHOOK_MAX_ATTEMPTS', min: 1, max: 100 },
  backoffBaseMs: { name: 'WEBHOOK_BACKOFF_BASE_MS', min: 1, max: 86_400_000 },
  backoffMaxMs: { name: 'WEBHOOK_BACKOFF_MAX_MS', min: 1, max: 7 * 86_400_000 },
  concurrency: { name: 'WEBHOOK_CONCURRENCY', min: 1, max: 256 },
  scanIntervalMs: { name: 'REMINDER_SCAN_MS', min: 1_000, max: 86_400_000 },
  expiringWithinDays: { name: 'REMINDER_EXPIRING_DAYS', min: 1, max: 3650 },
  firstLookbackDays: { name: 'REMINDER_FIRST_LOOKBACK_DAYS', min: 0, max: 3650 },
};

/**
 * The worker's settings from `WEBHOOK_*` and `REMINDER_*` (each a whole number in its range, else
 * an error naming it), or null when `WEBHOOKS=off` (no worker in this process: another replica
 * delivers, or nobody does).
 */
export function webhookSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): WebhookSettings | null {
  personalGrantDays(env); // checked at start, though the subscription API reads it
  if ((env.WEBHOOKS ?? '').trim().toLowerCase() === 'off') return null;
  const settings = { ...DEFAULT_WEBHOOK_SETTINGS, allowPrivateAddresses: privateAddressesAllowed(env) };
  for (const [field, { name, min, max }] of Object.entries(VARIABLES) as [NumericSetting, (typeof VARIABLES)[NumericSetting]][]) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = /^\d[\d_]*$/.test(text) ? Number(text.replace(/_/g, '')) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}; got "${env[name]}"`);
    settings[field] = value;
  }
  return settings;
}

/** The variable bounding how long a subscription's personal-data grant lasts (README, "Reminders (webhooks)"). */
export const PERSONAL_GRANT_DAYS_VARIABLE = 'WEBHOOK_PERSONAL_GRANT_DAYS';
const DEFAULT_PERSONAL_GRANT_DAYS = 30;

/**
 * Days a subscription's payloads carry personal data after an admin holding `personal:read` made
 * or renewed it (`WEBHOOK_PERSONAL_GRANT_DAYS`, 30, from 1 to 365); afterwards they drop it until renewed.
 */
export function personalGrantDays(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[PERSONAL_GRANT_DAYS_VARIABLE]?.trim();
  if (!text) return DEFAULT_PERSONAL_GRANT_DAYS;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > 365)
    throw new Error(`${PERSONAL_GRANT_DAYS_VARIABLE} must be a whole number of days from 1 to 365; got "${env[PERSONAL_GRANT_DAYS_VARIABLE]}"`);
  return value;
}
