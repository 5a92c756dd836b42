import { MongoClient } from 'mongodb';
import { DuplicateKeyError, Store, WriteConflictError } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { MongoStore } from '../../shared/store/mongo-store';
import { dropDatabases, freshDatabaseName, FreshStore, mongoServerUnderTest, openFresh, storesUnderTest } from '../support/stores';

interface Owner {
  _id: string;
  name: string;
}
interface Unit {
  _id: string;
  ownerId: string;
  licence: string;
}
// A write's document is only a StoredDocument: these keep the fields checked against the collection's type.
const ownerDocument = (document: Owner): Owner => document;
const unitDocument = (document: Unit): Unit => document;

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`all-or-nothing writes on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    let fresh: FreshStore;

    beforeEach(async () => {
      fresh = await openFresh(candidate, 'writeall');
      store = fresh.store;
      await store.collection<Unit>('units').ensureIndex({ name: 'units_licence_unique', keys: { licence: 1 }, unique: true });
      await store.collection<Owner>('owners').insertOne({ _id: 'o1', name: 'before' });
      await store.collection<Unit>('units').insertOne({ _id: 'u1', ownerId: 'o1', licence: 'L-1' });
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    const state = async () => ({
      owners: await store.collection<Owner>('owners').find({}, { sort: { _id: 1 } }),
      units: await store.collection<Unit>('units').find({}, { sort: { _id: 1 } }),
    });

    const owner = async (id: string) => (await store.collection<Owner>('owners').find({ _id: id }))[0]!;

    it('writes every document when none fails, each with a revision of its own', async () => {
      const o1 = await owner('o1');
      await store.writeAll([
        { collection: 'owners', kind: 'replace', previous: o1, document: ownerDocument({ ...o1, name: 'after' }) },
        { collection: 'owners', kind: 'insert', document: ownerDocument({ _id: 'o2', name: 'new' }) },
        { collection: 'units', kind: 'insert', document: unitDocument({ _id: 'u2', ownerId: 'o2', licence: 'L-2' }) },
      ]);
      const after = await state();
      // Every document written carries a fresh revision (what replaceIfUnchanged matches, and what an undo checks).
      expect(after).toEqual({
        owners: [
          { _id: 'o1', name: 'after', _rev: expect.any(String) },
          { _id: 'o2', name: 'new', _rev: expect.any(String) },
        ],
        units: [
          { _id: 'u1', ownerId: 'o1', licence: 'L-1' },
          { _id: 'u2', ownerId: 'o2', licence: 'L-2', _rev: expect.any(String) },
        ],
      });
      const revisions = [after.owners[0], after.owners[1], after.units[1]].map((document) => (document as unknown as { _rev: string })._rev);
      expect(new Set(revisions).size).toBe(3);
    });

    it('writes nothing when a replaced document was changed since it was read', async () => {
      const o1 = await owner('o1');
      await store.collection<Owner>('owners').upsertOne({ ...o1, name: 'changed meanwhile' });
      const before = await state();
      const writes = store.writeAll([
        { collection: 'owners', kind: 'insert', document: ownerDocument({ _id: 'o2', name: 'new' }) },
        { collection: 'owners', kind: 'replace', previous: o1, document: ownerDocument({ ...o1, name: 'after' }) },
      ]);
      await expect(writes).rejects.toBeInstanceOf(WriteConflictError);
      expect(await state()).toEqual(before);
    });

    it('writes nothing when the last write clashes with a unique index, restoring what it replaced', async () => {
      const before = await state();
      const o1 = await owner('o1');
      const writes = store.writeAll([
        { collection: 'owners', kind: 'replace', previous: o1, document: ownerDocument({ ...o1, name: 'after' }) },
        { collection: 'owners', kind: 'insert', document: ownerDocument({ _id: 'o2', name: 'new' }) },
        { collection: 'units', kind: 'insert', document: unitDocument({ _id: 'u2', ownerId: 'o2', licence: 'L-1' }) },
      ]);
      await expect(writes).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(writes).rejects.toMatchObject({ fields: ['licence'] });
      expect(await state()).toEqual(before);
    });

    it('writes nothing when two of its own writes take one unique key', async () => {
      const before = await state();
      const writes = store.writeAll([
        { collection: 'units', kind: 'insert', document: unitDocument({ _id: 'u2', ownerId: 'o1', licence: 'L-2' }) },
        { collection: 'owners', kind: 'insert', document: ownerDocument({ _id: 'o2', name: 'new' }) },
        { collection: 'units', kind: 'insert', document: unitDocument({ _id: 'u3', ownerId: 'o2', licence: 'L-2' }) },
      ]);
      await expect(writes).rejects.toMatchObject({ name: 'DuplicateKeyError', fields: ['licence'] });
      expect(await state()).toEqual(before);
    });

    it('lets a later write take a unique key an earlier one of the same write gives up', async () => {
      const [u1] = await store.collection<Unit>('units').find({ _id: 'u1' });
      await store.writeAll([
        { collection: 'units', kind: 'replace', previous: u1!, document: unitDocument({ ...u1!, licence: 'L-1-old' }) },
        { collection: 'units', kind: 'insert', document: unitDocument({ _id: 'u2', ownerId: 'o1', licence: 'L-1' }) },
      ]);
      expect((await state()).units.map(({ _id, licence }) => ({ _id, licence }))).toEqual([
        { _id: 'u1', licence: 'L-1-old' },
        { _id: 'u2', licence: 'L-1' },
      ]);
    });

    it('writes nothing when an insert meets an existing _id', async () => {
      const before = await state();
      await expect(
        store.writeAll([
          { collection: 'owners', kind: 'insert', document: ownerDocument({ _id: 'o3', name: 'new' }) },
          { collection: 'units', kind: 'insert', document: unitDocument({ _id: 'u1', ownerId: 'o3', licence: 'L-9' }) },
        ]),
      ).rejects.toMatchObject({ name: 'DuplicateKeyError', fields: ['_id'] });
      expect(await state()).toEqual(before);
    });
  });
}

/**
 * Which way MongoStore.writeAll goes: a transaction where the server has them (a replica set, named
 * by `replicaSet=` in MONGODB_URI), otherwise the write journal, whose intents collection it creates.
 */
describe('the way writeAll writes on the MongoDB server under test', () => {
  const mongo = mongoServerUnderTest();
  const transactions = mongo.uri !== null && /[?&]replicaSet=/.test(mongo.uri);
  const skipReason =
    mongo.uri === null
      ? mongo.skipReason
      : mongo.description.startsWith('FerretDB')
        ? 'FerretDB 1.24 has no transactions'
        : 'the server under test is not a replica set (MONGODB_URI names no replicaSet), so it has no transactions';

  const intentsCollectionAfterAWrite = async (uri: string): Promise<boolean> => {
    const database = freshDatabaseName('writeall_path');
    const store = await MongoStore.connect(uri, database);
    const client = new MongoClient(uri);
    try {
      await store.writeAll([
        { collection: 'owners', kind: 'insert', document: { _id: 'o1' } },
        { collection: 'units', kind: 'insert', document: { _id: 'u1' } },
      ]);
      const names = (await client.db(database).listCollections().toArray()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['owners', 'units']));
      return names.includes(INTENTS_COLLECTION);
    } finally {
      await client.close();
      await store.close();
      await dropDatabases(uri, [database]);
    }
  };

  (transactions ? it : it.skip)(`in a transaction, recording no intent${transactions ? '' : ` (skipped: ${skipReason})`}`, async () => {
    expect(await intentsCollectionAfterAWrite(mongo.uri!)).toBe(false);
  });

  (mongo.uri !== null && !transactions ? it : it.skip)(
    `through the write journal, without transactions${mongo.uri === null ? ` (skipped: ${mongo.skipReason})` : transactions ? ' (skipped: the server has transactions)' : ''}`,
    async () => {
      expect(await intentsCollectionAfterAWrite(mongo.uri!)).toBe(true);
    },
  );
});
