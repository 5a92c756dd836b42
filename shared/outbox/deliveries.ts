import { Store, StoreCollection, StoredDocument } from '../store/port';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from './events';

/** The event as a delivery keeps it: everything but the outbox's own marks. */
export type DeliveredEvent = Omit<OutboxEventDocument, 'fannedOut' | '_rev'>;

/**
 * One event on its way to one subscription (`_webhook_deliveries`), from the fan-out until the
 * subscriber answers 2xx (then it is removed), or until it runs out of attempts (then it stays, a
 * dead letter, until an admin replays it or deletes the subscription). `_id` is
 * `<event id>|<subscription id>`. It holds the event's personal part only while that can be sent:
 * never as a dead letter, nor once the subscription's grant has ended (see `withoutPersonal`).
 */
export interface DeliveryDocument extends StoredDocument {
  subscriptionId: string;
  eventId: string;
  /** The subscription's queue of one record: `<subscription id>|<record key>`. */
  queue: string;
  sequence: number;
  event: DeliveredEvent;
  state: 'pending' | 'dead';
  /** Attempts made so far (the one under way included). */
  attempts: number;
  /**
   * When it may be tried next: now, after its backoff, or, while a worker is trying it, when that
   * worker's lease runs out (a worker that died mid-attempt is taken over then).
   */
  nextAttemptAt: Date;
  createdAt: Date;
  lastAttemptAt?: Date;
  /** The last attempt's HTTP status; null when none came (refused, timed out). */
  lastStatus?: number | null;
  lastError?: string;
  deadAt?: Date;
}

export const deliveryId = (eventId: string, subscriptionId: string): string => `${eventId}|${subscriptionId}`;
export const queueOf = (subscriptionId: string, recordKey: string): string => `${subscriptionId}|${recordKey}`;

export const deliveriesOf = (store: Store): StoreCollection<DeliveryDocument> => store.collection<DeliveryDocument>(OUTBOX_COLLECTIONS.deliveries);

/**
 * A new delivery of `event` to a subscription, due at once. Its personal part (national codes,
 * tallies) is kept only when `personal` says the subscription may be sent it now (a grant from a
 * caller with `personal:read`, not past its end): a delivery to any other never holds it, nor a dead
 * letter of one (outside audit, 2026-12-07). Sending checks the grant again.
 */
export function newDelivery(event: OutboxEventDocument, subscriptionId: string, now: Date, personal: boolean): DeliveryDocument {
  const { fannedOut: _mark, ...rest } = event;
  const { _rev: _revision, personal: personalPart, ...kept } = rest as DeliveredEvent & { _rev?: string };
  const delivered: DeliveredEvent = personal && personalPart !== undefined ? { ...kept, personal: personalPart } : kept;
  return {
    _id: deliveryId(event._id, subscriptionId),
    subscriptionId,
    eventId: event._id,
    queue: queueOf(subscriptionId, event.recordKey),
    sequence: event.sequence,
    event: delivered,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/**
 * `delivery` without its event's personal part: what it keeps once that can no longer be sent (it
 * became a dead letter, or its subscription's grant ended). Until 2026-12-07 a dead letter kept it
 * until replayed or its subscription deleted, for ever if neither came: national codes, an
 * election's tallies, after the grant had ended and after the person's data was erased (audit).
 */
export function withoutPersonal(delivery: DeliveryDocument): DeliveryDocument {
  const { personal: _personal, ...event } = delivery.event;
  return { ...delivery, event };
}

/** Idempotent: what the delivery worker and the dead-letter list read. */
export async function ensureDeliveryIndexes(store: Store): Promise<void> {
  const deliveries = deliveriesOf(store);
  await deliveries.ensureIndex({ name: 'webhook_deliveries_due', keys: { nextAttemptAt: 1 } });
  await deliveries.ensureIndex({ name: 'webhook_deliveries_by_queue', keys: { queue: 1, sequence: 1 } });
  await deliveries.ensureIndex({ name: 'webhook_deliveries_by_subscription', keys: { subscriptionId: 1 } });
}
