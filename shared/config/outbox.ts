import { z } from 'zod';
import { ConfigurationSection } from './read';
import { flag, wholeNumber } from './variables';

const whole = (min: number, max: number, fallback: number, description: string) => wholeNumber({ min, max, description }, fallback);

/** A subgraph's webhook delivery worker and reminders (README, "Reminders (webhooks)"). */
export const webhookVariables = z.object({
  WEBHOOKS: flag(true, '`off` runs no delivery worker in this process (another replica delivers, or nobody does).'),
  WEBHOOK_POLL_MS: whole(10, 3_600_000, 1_000, 'How long the worker waits between passes when no event wakes it, in milliseconds.'),
  WEBHOOK_ATTEMPT_TIMEOUT_MS: whole(100, 300_000, 10_000, 'How long one delivery attempt may wait for an answer, in milliseconds.'),
  WEBHOOK_MAX_ATTEMPTS: whole(1, 100, 12, 'Attempts before a delivery becomes a dead letter.'),
  WEBHOOK_BACKOFF_BASE_MS: whole(1, 86_400_000, 5_000, 'The wait after the first failed attempt, doubled after each, in milliseconds.'),
  WEBHOOK_BACKOFF_MAX_MS: whole(1, 7 * 86_400_000, 6 * 3_600_000, 'The longest wait between attempts, in milliseconds; half of each wait is random.'),
  WEBHOOK_CONCURRENCY: whole(1, 256, 8, "Deliveries to different records' queues under way at once."),
  WEBHOOK_MAX_SUBSCRIPTIONS: whole(
    1,
    10_000,
    100,
    "The most webhook subscriptions a registry keeps; one more is refused (TOO_MANY_WEBHOOK_SUBSCRIPTIONS). Receivers that answer slowly each hold one of the worker's lanes for an attempt's deadline, so every subscription more can delay the others' deliveries.",
  ),
  REMINDER_SCAN_MS: whole(1_000, 86_400_000, 60_000, 'How often the worker scans for dates that pass, in milliseconds.'),
  REMINDER_EXPIRING_DAYS: whole(1, 3650, 30, 'A credential\'s "expiring" reminder comes this many days before its last valid day.'),
  REMINDER_FIRST_LOOKBACK_DAYS: whole(0, 3650, 1, 'How many days back the very first scan of a registry looks.'),
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: flag(false, 'Lets deliveries go to loopback, private and link-local addresses (development, tests).'),
  WEBHOOK_PERSONAL_GRANT_DAYS: wholeNumber(
    {
      min: 1,
      max: 365,
      unit: 'days',
      description: "Days a subscription's payloads carry personal data after an admin holding `personal:read` made or renewed it; afterwards they drop it until renewed.",
    },
    30,
  ),
});

export const WEBHOOK_SECTION: ConfigurationSection = { title: 'Webhooks and reminders', readBy: 'every subgraph', variables: webhookVariables };
