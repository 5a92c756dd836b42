import { DocumentWrite, DuplicateKeyError, Store, StoreCollection, WriteConflictError } from '../store/port';
import { writesInFlight } from '../store/write-journal';
import { newDelivery } from './deliveries';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from './events';
import { sendsPersonalData, subscribesTo, subscriptionsOf } from './subscriptions';

/** What one fan-out pass did. */
export interface FanOutReport {
  /** Events handed to their subscriptions (and removed from the outbox). */
  events: number;
  /** Deliveries made. */
  deliveries: number;
  /** Events left for a later pass: written by a change still in flight, or after one of their record's that is. */
  waiting: number;
}

/**
 * Hands the outbox's oldest events (up to `batch`, in sequence order) to every subscription that
 * asked for them: for each event, one delivery per matching subscription and the event marked,
 * all or nothing, then the marked events removed. Replicas may run it at once: the delivery ids
 * are the event's and the subscription's, and the mark replaces the event only as it was read, so
 * an event is handed out once. A record's events are handed out in order, and none whose write may
 * still be rolled back (a server without transactions writes a change step by step: see
 * writesInFlight), nor any after it of the same record.
 */
export async function fanOut(store: Store, now: Date, batch = 100): Promise<FanOutReport> {
  const events = store.collection<OutboxEventDocument>(OUTBOX_COLLECTIONS.events);
  await removeHandedOut(store, events);
  // In sequence order: with a record's event, every earlier one of the record still here is in the batch.
  const oldest = await events.find({}, { sort: { sequence: 1, _id: 1 }, limit: batch });
  const report: FanOutReport = { events: 0, deliveries: 0, waiting: 0 };
  if (oldest.length === 0) return report;
  const inFlight = await writesInFlight(
    store,
    OUTBOX_COLLECTIONS.events,
    oldest.map((event) => event._id),
  );
  const subscriptions = await subscriptionsOf(store).find({});
  const held = new Set<string>();
  for (const event of oldest) {
    if (event.fannedOut) continue;
    if (held.has(event.recordKey) || inFlight.has(event._id)) {
      held.add(event.recordKey);
      report.waiting += 1;
      continue;
    }
    const deliveries = subscriptions
      .filter((subscription) => subscribesTo(subscription, event))
      .map((subscription) => newDelivery(event, subscription._id, now, sendsPersonalData(subscription, now)));
    const marked: OutboxEventDocument = { ...event, fannedOut: true };
    try {
      // Kept once made (as every write is): a replica may remove the marked event as soon as the write's intent is gone.
      await store.writeAll([
        ...deliveries.map((document): DocumentWrite => ({ collection: OUTBOX_COLLECTIONS.deliveries, kind: 'insert', document })),
        { collection: OUTBOX_COLLECTIONS.events, kind: 'replace', previous: event, document: marked },
      ]);
    } catch (error) {
      // Another replica handed it out first (or its write was rolled back meanwhile): the next pass reads again.
      if (!(error instanceof WriteConflictError || error instanceof DuplicateKeyError)) throw error;
      held.add(event.recordKey);
      report.waiting += 1;
      continue;
    }
    report.events += 1;
    report.deliveries += deliveries.length;
  }
  if (report.events > 0) await removeHandedOut(store, events);
  return report;
}

/**
 * Removes the events handed out, but not one whose marking write may still be rolled back (its
 * intent stands): removed, the event would be gone when that write's undo takes its deliveries back.
 */
async function removeHandedOut(store: Store, events: StoreCollection<OutboxEventDocument>): Promise<void> {
  const marked = await events.find({ fannedOut: true });
  if (marked.length === 0) return;
  const inFlight = await writesInFlight(
    store,
    OUTBOX_COLLECTIONS.events,
    marked.map((event) => event._id),
  );
  const done = marked.filter((event) => !inFlight.has(event._id)).map((event) => event._id);
  if (done.length > 0) await events.deleteMany({ _id: { $in: done }, fannedOut: true });
}
