import { fanOut } from '../../shared/outbox/fan-out';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from '../../shared/outbox/events';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument, StoreUnavailableError, WriteOutcomeUnknownError } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { FaultyStore } from '../support/faulty-store';

/**
 * Found by the webhooks run with FerretDB killed twice, which once delivered 99 of 100 events: a
 * fan-out's marking write lost the answer to its intent's deletion and undid itself (taking its
 * delivery back), while the other replica, seeing no intent, had already removed the event it
 * marked. The fan-out's writes are now kept once made, and a marked event is removed only once no
 * intent names it.
 */

const at = new Date('2026-03-01T08:00:00Z');

describe('a write whose intent deletion (its commit) was made but not answered', () => {
  it('is kept, not undone, when the database comes back (the intent is gone: the write is done)', async () => {
    // Operations: 1 the intent, 2 and 3 the documents, 4 the intent's deletion (made, its answer lost).
    const store = new FaultyStore(new MemoryStore(), () => 0, { leaseMs: 1_000, clock: () => at });
    store.failAfter = 3;
    const written = store.writeAll([
      { collection: 'units', kind: 'insert', document: { _id: 'unit-1' } },
      { collection: 'events', kind: 'insert', document: { _id: 'event-1' } },
    ]);
    await expect(written).rejects.toBeInstanceOf(StoreUnavailableError);
    store.heal();
    // This process's next operation settles what the failed write owes first.
    expect(await store.collection('units').find({})).toMatchObject([{ _id: 'unit-1' }]);
    expect(await store.collection('events').find({})).toMatchObject([{ _id: 'event-1' }]);
    expect(await store.collection(INTENTS_COLLECTION).count({})).toBe(0);
    expect(await store.recoverWrites()).toBe(0);
    expect(await store.collection('units').count({})).toBe(1);
  });

  it('is undone when its intent still stands (the deletion was not made)', async () => {
    // The same write, its intent's deletion not made: the random draw says the server did not get it.
    const store = new FaultyStore(new MemoryStore(), () => 0.9, { leaseMs: 1_000, clock: () => at });
    store.failAfter = 3;
    await expect(
      store.writeAll([
        { collection: 'units', kind: 'insert', document: { _id: 'unit-1' } },
        { collection: 'events', kind: 'insert', document: { _id: 'event-1' } },
      ]),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    store.heal();
    expect(await store.collection('units').count({})).toBe(0);
    expect(await store.collection('events').count({})).toBe(0);
  });

  it('is reported of unknown outcome, not failed, while the database cannot say (integrity audit: undone, a business write took back an event already handed out)', async () => {
    const store = new FaultyStore(new MemoryStore(), () => 0, { leaseMs: 1_000, clock: () => at });
    store.failAfter = 3;
    await expect(
      store.writeAll([
        { collection: 'units', kind: 'insert', document: { _id: 'unit-1' } },
        { collection: 'events', kind: 'insert', document: { _id: 'event-1' } },
      ]),
    ).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    store.heal();
    expect(await store.collection('units').count({})).toBe(1);
    expect(await store.collection('events').count({})).toBe(1);
  });
});

describe('the fan-out', () => {
  const event: OutboxEventDocument = {
    _id: 'event-1',
    type: 'credential.renewed',
    record: { type: 'GUILD_UNIT_LICENCE', id: 'unit-1' },
    recordKey: 'GUILD_UNIT_LICENCE|unit-1',
    organisationId: null,
    sequence: 2,
    occurredAt: at,
    data: {},
    fannedOut: true,
    _rev: 'marked',
  } as OutboxEventDocument;

  it('leaves a handed-out event whose marking write may still be rolled back, and removes it once that write is settled', async () => {
    const store = new MemoryStore();
    await store.collection<OutboxEventDocument>(OUTBOX_COLLECTIONS.events).insertOne(event);
    // Another replica's marking write, in flight: its intent names the event.
    await store.collection<StoredDocument & { leaseUntil: Date; steps: unknown[] }>(INTENTS_COLLECTION).insertOne({
      _id: 'intent-1',
      leaseUntil: new Date(at.getTime() + 1_000),
      steps: [{ collection: OUTBOX_COLLECTIONS.events, id: 'event-1', revision: 'marked', replaced: { ...event, fannedOut: undefined, _rev: 'before' } }],
    });
    await fanOut(store, at);
    expect(await store.collection(OUTBOX_COLLECTIONS.events).count({})).toBe(1);
    await store.collection(INTENTS_COLLECTION).deleteMany({ _id: 'intent-1' });
    await fanOut(store, at);
    expect(await store.collection(OUTBOX_COLLECTIONS.events).count({})).toBe(0);
  });
});
