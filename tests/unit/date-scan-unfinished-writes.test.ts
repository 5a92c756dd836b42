import { DateScanner, DueEventSource } from '../../shared/outbox/date-scan';
import { EventDraft, OUTBOX_COLLECTIONS } from '../../shared/outbox/events';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';

/**
 * The date scan writes an event once for good (its `once` key) for a date a record shows: a
 * credential entering its last month, say. A renewal a stopped process left half-done stays in the
 * store until recovery rolls it back, a lease and a grace later; a scan meanwhile (another replica's)
 * would write an event of a change never made (audit, 2026-12-07). While any write is in flight the
 * scan writes nothing and keeps its progress, so the next scan sees the moment again.
 */

const HALF_RENEWED: EventDraft = {
  type: 'credential.expiring',
  record: { type: 'LAB_ACCREDITATION', id: 'labs:lab-accreditation:labs:lab-0001' },
  organisationId: 'labs:lab-0001',
  data: {},
  once: 'credential.expiring:labs:lab-0001:2027-01-04',
};

/** A source that finds one date passing in whatever window it is asked about. */
const source: DueEventSource = {
  name: 'test-expiring',
  async *due() {
    yield [HALF_RENEWED];
  },
};

describe('the date scan beside a write in flight', () => {
  it('writes no event and keeps its progress while a write is unfinished, then writes it once', async () => {
    const store = new MemoryStore();
    const scanner = new DateScanner(store, [source], 86_400_000);
    const intents = store.collection<StoredDocument & { leaseUntil: Date; steps: unknown[] }>(INTENTS_COLLECTION);
    await intents.insertOne({
      _id: 'intent-1',
      leaseUntil: new Date('2026-12-07T08:00:30Z'),
      steps: [{ collection: 'credentials', id: 'labs:lab-0001', revision: 'r1', replaced: null }],
    });

    expect(await scanner.scan(new Date('2026-12-07T08:00:10Z'))).toBe(0);
    expect(await store.collection(OUTBOX_COLLECTIONS.events).count({})).toBe(0);
    expect(await store.collection(OUTBOX_COLLECTIONS.scans).count({})).toBe(0);

    // Recovery rolled the write back (or its writer finished it): the intent is gone.
    await intents.deleteMany({ _id: 'intent-1' });
    expect(await scanner.scan(new Date('2026-12-07T08:02:00Z'))).toBe(1);
    expect(await scanner.scan(new Date('2026-12-07T08:03:00Z'))).toBe(0);
    expect(await store.collection(OUTBOX_COLLECTIONS.events).count({})).toBe(1);
  });

  it('writes no event of a batch read while a write that began after its first look was in flight', async () => {
    const store = new MemoryStore();
    const intents = store.collection<StoredDocument & { leaseUntil: Date; steps: unknown[] }>(INTENTS_COLLECTION);
    // The renewal's intent is written after the scan's first look and before its documents are read: the batch shows the half-done renewal.
    const racing: DueEventSource = {
      name: 'test-expiring',
      async *due() {
        await intents.insertOne({
          _id: 'intent-2',
          leaseUntil: new Date('2026-12-07T08:00:30Z'),
          steps: [{ collection: 'credentials', id: 'labs:lab-0001', revision: 'r2', replaced: null }],
        });
        yield [HALF_RENEWED];
      },
    };
    const scanner = new DateScanner(store, [racing], 86_400_000);

    expect(await scanner.scan(new Date('2026-12-07T08:00:10Z'))).toBe(0);
    expect(await store.collection(OUTBOX_COLLECTIONS.events).count({})).toBe(0);
    expect(await store.collection(OUTBOX_COLLECTIONS.scans).count({})).toBe(0);
  });
});
