import { DuplicateKeyError, Store, StoredDocument } from '../../shared/store/port';
import { RevisionDocument, RevisionKeepingStore, REVISIONS_COLLECTION } from '../../shared/store/revision-keeping-store';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

interface Unit extends StoredDocument {
  name: string;
  licence: string;
}

/** A unit as a write of several documents takes it. */
const unit = (document: Unit): StoredDocument => document;

const AT = new Date('2026-12-05T08:00:00.000Z');

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`earlier versions kept on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let fresh: FreshStore;
    let raw: Store;
    let store: RevisionKeepingStore;
    let author: string | undefined;

    beforeEach(async () => {
      fresh = await openFresh(candidate, 'revisions');
      raw = fresh.store;
      author = 'officer-1';
      store = new RevisionKeepingStore(raw, { unkept: ['ballots'], author: () => author, clock: () => AT });
      await store.ensureIndexes();
      await store.collection<Unit>('units').ensureIndex({ name: 'units_licence_unique', keys: { licence: 1 }, unique: true });
      await store.collection<Unit>('units').insertOne({ _id: 'u1', name: 'first', licence: 'L-1' });
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    const units = () => store.collection<Unit>('units');
    const stored = async (id = 'u1') => (await raw.collection<Unit>('units').find({ _id: id }))[0];
    const revisions = () => raw.collection<RevisionDocument>(REVISIONS_COLLECTION).find({}, { sort: { _id: 1 } });
    const befores = async () => (await revisions()).map((revision) => JSON.parse(revision.before) as Unit);

    it('keeps the record a replaceIfUnchanged replaces, with when, by whom and what it was', async () => {
      const previous = (await stored())!;
      expect(await units().replaceIfUnchanged(previous, { ...previous, name: 'second' })).toBe(true);
      expect((await stored())!.name).toBe('second');
      const [revision, ...more] = await revisions();
      expect(more).toEqual([]);
      expect(revision).toMatchObject({ collection: 'units', recordId: 'u1', by: 'officer-1', change: 'replaced' });
      expect(new Date(revision!.at).toISOString()).toBe(AT.toISOString());
      expect(JSON.parse(revision!.before)).toEqual({ _id: 'u1', name: 'first', licence: 'L-1' });
      expect(await store.revisionsOf('u1', 10)).toHaveLength(1);
    });

    it('keeps the value every upsert replaces, and nothing for an insert or an upsert that changes nothing', async () => {
      await units().upsertOne({ _id: 'u1', name: 'second', licence: 'L-1' });
      await units().upsertOne({ _id: 'u1', name: 'second', licence: 'L-1' });
      await units().upsertOne({ _id: 'u2', name: 'new', licence: 'L-2' });
      await units().upsertMany([
        { _id: 'u1', name: 'third', licence: 'L-1' },
        { _id: 'u2', name: 'new', licence: 'L-2' },
        { _id: 'u3', name: 'newer', licence: 'L-3' },
      ]);
      expect(await befores()).toEqual(
        expect.arrayContaining([
          { _id: 'u1', name: 'first', licence: 'L-1' },
          { _id: 'u1', name: 'second', licence: 'L-1' },
        ]),
      );
      expect(await revisions()).toHaveLength(2);
      expect((await raw.collection<Unit>('units').find({}, { sort: { _id: 1 } })).map(({ name }) => name)).toEqual(['third', 'new', 'newer']);
    });

    it('keeps the records a writeAll replaces, all or nothing with them', async () => {
      const previous = (await stored())!;
      await store.writeAll([
        { collection: 'units', kind: 'replace', previous, document: unit({ ...previous, name: 'second' }) },
        { collection: 'units', kind: 'insert', document: unit({ _id: 'u2', name: 'new', licence: 'L-2' }) },
      ]);
      expect(await befores()).toEqual([{ _id: 'u1', name: 'first', licence: 'L-1' }]);

      // A write that fails (a licence already taken) writes neither the record nor its revision.
      const now = (await stored())!;
      await expect(
        store.writeAll([
          { collection: 'units', kind: 'replace', previous: now, document: unit({ ...now, name: 'third' }) },
          { collection: 'units', kind: 'insert', document: unit({ _id: 'u3', name: 'clash', licence: 'L-2' }) },
        ]),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await stored())!.name).toBe('second');
      expect(await revisions()).toHaveLength(1);
    });

    it('writes neither the record nor a revision when another write changed the record since it was read', async () => {
      const previous = (await stored())!;
      await units().upsertOne({ ...previous, name: 'meanwhile' });
      expect(await units().replaceIfUnchanged(previous, { ...previous, name: 'late' })).toBe(false);
      expect((await stored())!.name).toBe('meanwhile');
      expect(await befores()).toEqual([{ _id: 'u1', name: 'first', licence: 'L-1' }]);
    });

    it('refuses an upsert that breaks a unique index without keeping a revision or retrying it', async () => {
      await units().insertOne({ _id: 'u2', name: 'other', licence: 'L-2' });
      await expect(units().upsertOne({ _id: 'u1', name: 'first', licence: 'L-2' })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await revisions()).toEqual([]);
    });

    it('keeps deleted records, and no revision of the store’s own collections or of an unkept one', async () => {
      await store.collection<Unit>('ballots').insertOne({ _id: 'b1', name: 'empty', licence: '-' });
      await store.collection<Unit>('ballots').upsertOne({ _id: 'b1', name: 'filled', licence: '-' });
      await store.collection<Unit>('_meta').insertOne({ _id: 'm1', name: 'started', licence: '-' });
      await store.collection<Unit>('_meta').upsertOne({ _id: 'm1', name: 'complete', licence: '-' });
      expect(await units().deleteMany({ name: 'first' })).toBe(1);
      expect(await stored()).toBeUndefined();
      const kept = await revisions();
      expect(kept.map(({ collection, recordId, change }) => ({ collection, recordId, change }))).toEqual([{ collection: 'units', recordId: 'u1', change: 'deleted' }]);
    });

    it('erases every earlier version of one record when an operator must, and no other record’s', async () => {
      await units().upsertOne({ _id: 'u1', name: 'second', licence: 'L-1' });
      await units().upsertOne({ _id: 'u1', name: 'third', licence: 'L-1' });
      await units().insertOne({ _id: 'u2', name: 'other', licence: 'L-2' });
      await units().upsertOne({ _id: 'u2', name: 'other, renamed', licence: 'L-2' });
      expect(await units().deleteMany({ _id: 'u1' })).toBe(1);
      expect(await store.revisionsOf('u1', 10)).toHaveLength(3);
      expect(await store.forgetRevisionsOf('u1')).toBe(3);
      expect(await store.revisionsOf('u1', 10)).toEqual([]);
      expect((await revisions()).map(({ recordId, before }) => [recordId, (JSON.parse(before) as Unit).name])).toEqual([['u2', 'other']]);
      expect(await store.forgetRevisionsOf('u1')).toBe(0);
    });

    it('records no author for a write outside a request', async () => {
      author = undefined;
      await units().upsertOne({ _id: 'u1', name: 'second', licence: 'L-1' });
      const [revision] = await revisions();
      expect(revision).toBeDefined();
      expect(revision!.by).toBeUndefined();
    });
  });
}
