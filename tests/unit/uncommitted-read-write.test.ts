import { MemoryStore } from '../../shared/store/memory-store';
import { DuplicateKeyError, revisionOf, StoreCollection, StoredDocument, withNewRevision, WriteConflictError } from '../../shared/store/port';
import { INTENTS_COLLECTION, WriteJournal } from '../../shared/store/write-journal';

/**
 * Found by the integrity audit of 2026-12-06: write A replaces M, then fails on its next step (a
 * duplicate); between the two, write B reads M as A left it and replaces it. A's undo, conditional on
 * the revision A stamped, found B's and was skipped: A was told it failed, yet its change stayed in M
 * (inside B's). Now a write that replaces a document as another write left it before its commit is
 * refused as a conflict, and A's undo restores M.
 */

type Note = StoredDocument & { status: string; notes: string[] };

describe('a write that read another write before its commit', () => {
  it('is refused as a conflict (a single-document replacement too), and the other write, failing, leaves nothing of itself', async () => {
    const backing = new MemoryStore();
    let betweenSteps: (() => Promise<void>) | undefined;
    // The store the journal writes through: its next insert into `x` first runs `betweenSteps`.
    const source = {
      collection<T extends StoredDocument>(name: string): StoreCollection<T> {
        const real = backing.collection<T>(name);
        if (name !== 'x') return real;
        return Object.assign(Object.create(real) as StoreCollection<T>, {
          insertOne: async (document: T) => {
            const run = betweenSteps;
            betweenSteps = undefined;
            await run?.();
            return real.insertOne(document);
          },
        });
      },
    };
    const journal = new WriteJournal(source, { leaseMs: 30_000, clock: () => new Date() });
    const original = withNewRevision<Note>({ _id: 'M', status: 'OPEN', notes: [] });
    await backing.collection<Note>('m').insertOne(original);
    await backing.collection('x').insertOne(withNewRevision({ _id: 'X' }));

    let second: unknown = 'not tried';
    let single: boolean | undefined;
    betweenSteps = async () => {
      const [seen] = await backing.collection<Note>('m').find({ _id: 'M' });
      expect(seen!.status).toBe('CLOSED_BY_A');
      second = await journal.writeAll([{ collection: 'm', kind: 'replace', previous: seen!, document: { ...seen!, notes: ['by B'] } as Note }]).then(
        () => 'written',
        (error: unknown) => error,
      );
      // A single-document replacement, through the collection as the store hands it out, is told "changed since".
      single = await journal.guard('m', backing.collection<Note>('m')).replaceIfUnchanged(seen!, { ...seen!, notes: ['by C'] });
    };
    await expect(
      journal.writeAll([
        { collection: 'm', kind: 'replace', previous: original, document: { ...original, status: 'CLOSED_BY_A' } as Note },
        { collection: 'x', kind: 'insert', document: { _id: 'X' } },
      ]),
    ).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(second).toBeInstanceOf(WriteConflictError);
    expect(single).toBe(false);
    const [stored] = await backing.collection<Note>('m').find({ _id: 'M' });
    expect({ status: stored!.status, notes: stored!.notes }).toEqual({ status: 'OPEN', notes: [] });
    expect(await backing.collection(INTENTS_COLLECTION).count({})).toBe(0);

    // Read again once the other write is settled, the change goes through.
    await journal.writeAll([{ collection: 'm', kind: 'replace', previous: stored!, document: { ...stored!, notes: ['by B'] } as Note }]);
    const [after] = await backing.collection<Note>('m').find({ _id: 'M' });
    expect(after!.notes).toEqual(['by B']);
    expect(revisionOf(after!)).not.toBe(revisionOf(stored!));
  });
});
