import { Store, StoreCollection, StoredDocument } from '../store/port';
import { PERSONAL_READ_SCOPE } from '../auth/caller';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from './events';

/** A subscriber's endpoint and what it asked for (`_webhook_subscriptions`). */
export interface SubscriptionDocument extends StoredDocument {
  url: string;
  /** The event types it gets; empty: every type. */
  eventTypes: string[];
  /** Only events about this organisation's records; null: every organisation of the registry. */
  organisationId: string | null;
  /** The secret that signs every delivery (Standard Webhooks, `whsec_...`), sealed (secret-box.ts); shown once, when the subscription is made. */
  sealedSecret: string;
  /** The scopes of the admin who made it: what its payloads may hold (personal data only with `personal:read`). */
  scopes: string[];
  /**
   * Until when its payloads carry personal data: set (`WEBHOOK_PERSONAL_GRANT_DAYS` ahead) only by an
   * admin holding `personal:read`, making or renewing it; absent or past, payloads leave it out.
   */
  personalUntil?: Date | null;
  /** The token subject of the admin who made it. */
  createdBy: string | null;
  createdAt: Date;
  /** A paused subscription's events wait, undelivered, until it is resumed. */
  paused: boolean;
  description?: string;
}

/** Whether `event` is one `subscription` asked for. */
export const subscribesTo = (subscription: SubscriptionDocument, event: Pick<OutboxEventDocument, 'type' | 'organisationId'>): boolean =>
  (subscription.eventTypes.length === 0 || subscription.eventTypes.includes(event.type)) &&
  (subscription.organisationId === null || subscription.organisationId === event.organisationId);

export const subscriptionsOf = (store: Store): StoreCollection<SubscriptionDocument> => store.collection<SubscriptionDocument>(OUTBOX_COLLECTIONS.subscriptions);

/** Whether `subscription`'s payloads carry personal data at `now`: granted by a holder of `personal:read`, and not yet expired. */
export const sendsPersonalData = (subscription: SubscriptionDocument, now: Date): boolean =>
  subscription.scopes.includes(PERSONAL_READ_SCOPE) && subscription.personalUntil != null && subscription.personalUntil.getTime() > now.getTime();
