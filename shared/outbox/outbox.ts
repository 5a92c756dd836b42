import { randomUUID } from 'node:crypto';
import { DocumentWrite, DuplicateKeyError, Store, StoreCollection, StoredDocument, WriteConflictError } from '../store/port';
import { EventDraft, OUTBOX_COLLECTIONS, OutboxEventDocument, recordKeyOf } from './events';

/** The last sequence number given to a record's events; `_id` is the record's key. */
interface SequenceDocument extends StoredDocument {
  sequence: number;
}

/** That the event with this `once` key was written. */
interface OnceDocument extends StoredDocument {
  eventId: string;
  at: Date;
}

/** How often a write meeting another one's sequence numbers (or the same `once` key) is tried again. */
const CLASH_ATTEMPTS = 10;

/** Who is told, in this process, that a store's outbox has new events (its delivery worker). */
const listeners = new WeakMap<Store, Set<() => void>>();

/** Calls `listener` whenever events are written to `store`'s outbox in this process; returns how to stop. */
export function onEventsWritten(store: Store, listener: () => void): () => void {
  let set = listeners.get(store);
  if (!set) {
    set = new Set();
    listeners.set(store, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

const isClash = (error: unknown): boolean =>
  (error instanceof WriteConflictError || error instanceof DuplicateKeyError) &&
  (error.collection === OUTBOX_COLLECTIONS.sequences || error.collection === OUTBOX_COLLECTIONS.once);

/**
 * A registry's outbox: events written in the same all-or-nothing write (`Store.writeAll`) as the
 * change that causes them, so an event exists exactly when its change does. Each event gets the
 * next sequence number of its record (a counter per record, replaced in the same write only if no
 * other write moved it since), so a record's events are ordered even when replicas write them.
 * Holds no state: any number of them may write to one store.
 */
export class Outbox {
  private readonly events: StoreCollection<OutboxEventDocument>;
  private readonly sequences: StoreCollection<SequenceDocument>;
  private readonly once: StoreCollection<OnceDocument>;

  constructor(private readonly store: Store) {
    this.events = store.collection(OUTBOX_COLLECTIONS.events);
    this.sequences = store.collection(OUTBOX_COLLECTIONS.sequences);
    this.once = store.collection(OUTBOX_COLLECTIONS.once);
  }

  /** Idempotent: the fan-out reads events in sequence order. */
  async ensureIndexes(): Promise<void> {
    await this.events.ensureIndex({ name: 'outbox_events_by_sequence', keys: { sequence: 1 } });
  }

  /**
   * Writes `writes` and the events they cause, all or nothing. An event with a `once` key already
   * written is left out (the rest is written). The caller's own clashes (a WriteConflictError or
   * DuplicateKeyError on its documents) come back as they are; a clash on a record's sequence
   * number (another write gave the record an event meanwhile) is tried again. Returns the events written.
   */
  async writeWith(writes: readonly DocumentWrite[], drafts: readonly EventDraft[], options: { at?: Date } = {}): Promise<OutboxEventDocument[]> {
    if (drafts.length === 0) {
      if (writes.length > 0) await this.store.writeAll([...writes]);
      return [];
    }
    for (let attempt = 1; ; attempt += 1) {
      const { eventWrites, events } = await this.prepare(drafts, options.at ?? new Date());
      const all = [...writes, ...eventWrites];
      try {
        if (all.length > 0) await this.store.writeAll(all);
      } catch (error) {
        if (attempt < CLASH_ATTEMPTS && isClash(error)) continue;
        throw error;
      }
      if (events.length > 0) for (const listener of listeners.get(this.store) ?? []) listener();
      return events;
    }
  }

  /**
   * The events' documents, numbered after each record's counter as it stands, their `once` keys,
   * and the counters moved on. Events come before the counters: a counter that another write
   * reads moved on has its events written already (a write without transactions makes one step after another).
   */
  private async prepare(drafts: readonly EventDraft[], at: Date): Promise<{ eventWrites: DocumentWrite[]; events: OutboxEventDocument[] }> {
    const onceKeys = drafts.flatMap((draft) => (draft.once ? [draft.once] : []));
    const taken = new Set(onceKeys.length ? (await this.once.find({ _id: { $in: onceKeys } })).map((document) => document._id) : []);
    const kept = drafts.filter((draft, i) => !draft.once || (!taken.has(draft.once) && drafts.findIndex((d) => d.once === draft.once) === i));
    if (kept.length === 0) return { eventWrites: [], events: [] };
    const keys = [...new Set(kept.map((draft) => recordKeyOf(draft.record)))];
    const counters = new Map((await this.sequences.find({ _id: { $in: keys } })).map((counter) => [counter._id, counter]));
    const next = new Map(keys.map((key) => [key, counters.get(key)?.sequence ?? 0]));
    const events = kept.map((draft): OutboxEventDocument => {
      const recordKey = recordKeyOf(draft.record);
      const sequence = next.get(recordKey)! + 1;
      next.set(recordKey, sequence);
      return {
        _id: randomUUID(),
        type: draft.type,
        record: draft.record,
        recordKey,
        organisationId: draft.organisationId,
        sequence,
        occurredAt: at,
        data: draft.data,
        ...(draft.personal ? { personal: draft.personal } : {}),
      };
    });
    const eventWrites: DocumentWrite[] = [
      ...events.map((document): DocumentWrite => ({ collection: OUTBOX_COLLECTIONS.events, kind: 'insert', document })),
      ...kept.flatMap((draft, i): DocumentWrite[] => {
        if (!draft.once) return [];
        const document: OnceDocument = { _id: draft.once, eventId: events[i]!._id, at };
        return [{ collection: OUTBOX_COLLECTIONS.once, kind: 'insert', document }];
      }),
      ...keys.map((key): DocumentWrite => {
        const previous = counters.get(key);
        const document: SequenceDocument = { _id: key, sequence: next.get(key)! };
        return previous
          ? { collection: OUTBOX_COLLECTIONS.sequences, kind: 'replace', previous, document }
          : { collection: OUTBOX_COLLECTIONS.sequences, kind: 'insert', document };
      }),
    ];
    return { eventWrites, events };
  }
}
