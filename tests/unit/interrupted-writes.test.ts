import { seededRandom } from '../../shared/demo/builders';
import { ForwardingStore } from '../../shared/store/forwarding-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { DocumentWrite, DuplicateKeyError, StoreCollection, StoredDocument, StoreUnavailableError } from '../../shared/store/port';
import { INTENTS_COLLECTION, WriteJournal } from '../../shared/store/write-journal';
import { byDepth } from '../support/depth';
import { FaultyStore } from '../support/faulty-store';
import { MultiDocumentWrites, WRITE_KINDS, WriteKind } from '../support/multi-document-writes';

const LEASE_MS = 1_000;
/** Past a lease and its grace: what recovery waits for before it rolls back an intent left behind. */
const PAST_GRACE = 2 * LEASE_MS + 1;

/** A clock the test moves on by hand. */
function handClock(start = Date.parse('2026-03-01T08:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe('multi-document writes cut off by a database that goes away after a random operation (embedded store, fault injected)', () => {
  const RUNS = byDepth({ default: 500, deep: 2_000 });

  it(`keep every write whole or absent, leave no intent and recover everything, over ${RUNS} runs`, async () => {
    const random = seededRandom(20260512);
    const cut = Object.fromEntries(WRITE_KINDS.map((kind) => [kind, 0])) as Record<WriteKind, number>;
    for (let run = 0; run < RUNS; run += 1) {
      const time = handClock();
      const store = new FaultyStore(new MemoryStore(), random, { leaseMs: LEASE_MS, clock: time.clock });
      // One slot: the second ballot adds a batch of them (the election replaced, the slots inserted).
      const writes = new MultiDocumentWrites(store, 1);
      await writes.prepare();
      store.operations = 0;
      const k = Math.floor(random() * 90);
      store.failAfter = k;
      // Each kind twice, in lanes side by side (a lane stops at its first failure, as a caller would).
      await Promise.all(
        WRITE_KINDS.map(async (kind) => {
          for (let i = 0; i < 2; i += 1) if (!(await writes.perform(kind)).ok) return;
        }),
      );
      const failed = writes.outcomes.filter((outcome) => !outcome.ok);
      for (const outcome of failed) {
        if (!(outcome.error instanceof StoreUnavailableError)) throw new Error(`run ${run}: ${outcome.kind} failed with ${String(outcome.error)}`);
        if (outcome.error.interruptedWrite) cut[outcome.kind] += 1;
      }
      store.heal();
      time.advance(PAST_GRACE);
      await store.recoverWrites();
      const problems = await writes.violations();
      if (problems.length > 0) throw new Error(`run ${run} (database gone after operation ${k}): ${problems.join('; ')}`);
    }
    process.stderr.write(`[interrupted writes] embedded store, ${RUNS} runs: writes cut off inside writeAll and recovered, by kind: ${JSON.stringify(cut)}\n`);
    // One run in twenty, at least, cuts each kind inside writeAll (at 2,000 runs: 100 of each).
    for (const kind of WRITE_KINDS) expect({ kind, cut: cut[kind] >= RUNS / 20 }).toEqual({ kind, cut: true });
  });
});

/** A store whose inserts into one collection wait until released: a writer paused in the middle of a step. */
class PausingStore extends ForwardingStore {
  private readonly waiting: (() => void)[] = [];
  private readonly watchers: (() => void)[] = [];

  constructor(
    inner: MemoryStore,
    private readonly pausedCollection: string,
    readonly journal: (store: PausingStore) => WriteJournal,
  ) {
    super(inner);
  }

  /** Resolves once an insert is held. */
  paused(): Promise<void> {
    if (this.waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push(resolve));
  }

  /** Lets the held insert go on. */
  resume(): void {
    this.waiting.shift()?.();
  }

  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    if (name !== this.pausedCollection) return inner;
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'insertOne' || typeof value !== 'function') return value;
        return async (document: T) => {
          await new Promise<void>((resume) => {
            this.waiting.push(resume);
            for (const watcher of this.watchers.splice(0)) watcher();
          });
          return (value as (d: T) => Promise<void>).call(target, document);
        };
      },
    });
  }

  override writeAll(writes: DocumentWrite[]): Promise<void> {
    return this.journal(this).writeAll(writes);
  }
}

describe('the write journal', () => {
  const ids = async (store: MemoryStore, collection: string) => (await store.collection(collection).find({})).map((document) => document._id);

  it('leaves a slow writer alone within its lease and grace, then rolls it back; the writer, finding its intent taken, undoes what it wrote after', async () => {
    const database = new MemoryStore();
    const time = handClock();
    const options = { leaseMs: LEASE_MS, clock: time.clock };
    const writer = new PausingStore(database, 'b', (store) => new WriteJournal(store, options));
    const writing = writer.writeAll([
      { collection: 'a', kind: 'insert', document: { _id: 'a1' } },
      { collection: 'b', kind: 'insert', document: { _id: 'b1' } },
    ]);
    await writer.paused();
    const recovery = new WriteJournal(database, options);
    time.advance(LEASE_MS + LEASE_MS / 2);
    expect(await recovery.recover()).toBe(0);
    expect(await ids(database, 'a')).toEqual(['a1']);
    time.advance(LEASE_MS);
    expect(await recovery.recover()).toBe(1);
    expect(await ids(database, 'a')).toEqual([]);
    writer.resume();
    await expect(writing).rejects.toMatchObject({ name: 'StoreUnavailableError', interruptedWrite: true });
    expect({ a: await ids(database, 'a'), b: await ids(database, 'b'), intents: await ids(database, INTENTS_COLLECTION) }).toEqual({ a: [], b: [], intents: [] });
  });

  it('lets a writer slower than its lease renew it, so that recovery leaves it alone, and the write is kept', async () => {
    const database = new MemoryStore();
    const time = handClock();
    const options = { leaseMs: LEASE_MS, clock: time.clock };
    const writer = new PausingStore(database, 'b', (store) => new WriteJournal(store, options));
    const recovery = new WriteJournal(database, options);
    const writing = writer.writeAll([
      { collection: 'a', kind: 'insert', document: { _id: 'a1' } },
      { collection: 'b', kind: 'insert', document: { _id: 'b1' } },
      { collection: 'x', kind: 'insert', document: { _id: 'x1' } },
      { collection: 'b', kind: 'insert', document: { _id: 'b2' } },
    ]);
    await writer.paused();
    time.advance((3 * LEASE_MS) / 4);
    writer.resume();
    // Before its next step the writer renews its lease; held again at b2, past the first lease and its grace.
    await writer.paused();
    time.advance(LEASE_MS + LEASE_MS / 2);
    expect(await recovery.recover()).toBe(0);
    writer.resume();
    await writing;
    expect({ a: await ids(database, 'a'), b: await ids(database, 'b'), x: await ids(database, 'x'), intents: await ids(database, INTENTS_COLLECTION) }).toEqual({
      a: ['a1'],
      b: ['b1', 'b2'],
      x: ['x1'],
      intents: [],
    });
  });

  it('never undoes over a newer write: a failed writer, and a recovery, leave a document another write changed since', async () => {
    for (const how of ['the writer fails', 'the writer is never heard of again'] as const) {
      const database = new MemoryStore();
      await database.collection('a').insertOne({ _id: 'x', value: 'original' } as StoredDocument);
      await database.collection('b').insertOne({ _id: 'taken' });
      const time = handClock();
      const options = { leaseMs: LEASE_MS, clock: time.clock };
      const writer = new PausingStore(database, 'b', (store) => new WriteJournal(store, options));
      const [x] = await database.collection('a').find({ _id: 'x' });
      const writing = writer.writeAll([
        { collection: 'a', kind: 'replace', previous: x!, document: { ...x!, value: 'by the writer' } as StoredDocument },
        { collection: 'b', kind: 'insert', document: { _id: 'taken' } },
      ]);
      await writer.paused();
      const [written] = await database.collection('a').find({ _id: 'x' });
      expect(written).toMatchObject({ value: 'by the writer' });
      expect(await database.collection('a').replaceIfUnchanged(written!, { ...written!, value: 'newer' } as StoredDocument)).toBe(true);
      if (how === 'the writer fails') {
        writer.resume();
        await expect(writing).rejects.toBeInstanceOf(DuplicateKeyError);
      } else {
        time.advance(PAST_GRACE);
        expect(await new WriteJournal(database, options).recover()).toBe(1);
      }
      expect({ how, x: await database.collection('a').find({ _id: 'x' }) }).toEqual({ how, x: [expect.objectContaining({ value: 'newer' })] });
      expect(await ids(database, INTENTS_COLLECTION)).toEqual([]);
    }
  });

  it('undoes a failed write as soon as the database is back, so a voter cut off mid-ballot can vote again at once, and clears the intent after the grace', async () => {
    const time = handClock();
    const database = new MemoryStore();
    const store = new FaultyStore(database, () => 1, { leaseMs: LEASE_MS, clock: time.clock });
    const writes = new MultiDocumentWrites(store);
    await writes.prepare();
    // The ballot's operations: draw a slot, read the intents (a slot read before another write's commit is refused), the intent, the voter record; then the database goes.
    const ballot = async () => writes.perform('recordBallot');
    store.operations = 0;
    store.failAfter = 4;
    const first = await ballot();
    expect(first.error).toMatchObject({ name: 'StoreUnavailableError', interruptedWrite: true });
    expect(await database.collection('election_voters').count({})).toBe(1);
    store.heal();
    // Within the lease, the voter tries again: their record meets the one left behind, which this
    // process undoes at once (its own write: no lease to wait for), and the ballot is recorded.
    expect(await writes.retry(first)).toMatchObject({ ok: true });
    expect(await database.collection('election_voters').count({})).toBe(1);
    expect(await database.collection(INTENTS_COLLECTION).count({})).toBe(1);
    time.advance(PAST_GRACE);
    expect(await store.recoverWrites()).toBe(1);
    expect(await writes.violations()).toEqual([]);
  });

  it('rolls back what blocks a new write when the clash is with a write left unfinished, and writes it', async () => {
    const time = handClock();
    const database = new MemoryStore();
    const cut = new FaultyStore(database, () => 0, { leaseMs: LEASE_MS, clock: time.clock });
    cut.failAfter = 2; // the intent and the first document, then the database goes
    await expect(
      cut.writeAll([
        { collection: 'people', kind: 'insert', document: { _id: 'owner' } },
        { collection: 'units', kind: 'insert', document: { _id: 'unit' } },
      ]),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    // Another process, after the lease and its grace, registers the same owner: the clash is undone first.
    time.advance(PAST_GRACE);
    const other = new FaultyStore(database, () => 0, { leaseMs: LEASE_MS, clock: time.clock });
    await other.writeAll([
      { collection: 'people', kind: 'insert', document: { _id: 'owner' } },
      { collection: 'units', kind: 'insert', document: { _id: 'unit-2' } },
    ]);
    expect({ people: await ids(database, 'people'), units: await ids(database, 'units'), intents: await ids(database, INTENTS_COLLECTION) }).toEqual({
      people: ['owner'],
      units: ['unit-2'],
      intents: [],
    });
  });
});
