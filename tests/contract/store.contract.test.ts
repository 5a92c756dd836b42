import { DuplicateKeyError, Store } from '../../shared/store/port';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

interface Item {
  _id: string;
  group: string;
  rank: number;
  code?: string | undefined;
  tags?: string[];
}

const items: Item[] = [
  { _id: 'a', group: 'x', rank: 3, code: 'A1', tags: ['red'] },
  { _id: 'b', group: 'y', rank: 1, code: 'B1' },
  { _id: 'c', group: 'x', rank: 2, code: 'C1', tags: ['red', 'blue'] },
  { _id: 'd', group: 'z', rank: 5 },
];

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`store contract on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    let fresh: FreshStore;

    beforeEach(async () => {
      fresh = await openFresh(candidate, 'contract');
      store = fresh.store;
      await store.collection<Item>('items').insertMany(items);
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    it('upsertMany replaces the stored documents and inserts the others, also when two loads of the same new ones race', async () => {
      const collection = store.collection<Item>('items');
      await collection.upsertMany([
        { ...items[0]!, rank: 30 },
        { _id: 'e', group: 'x', rank: 7 },
      ]);
      expect(await collection.find({ _id: { $in: ['a', 'e'] } }, { sort: { _id: 1 } })).toEqual([
        { ...items[0]!, rank: 30 },
        { _id: 'e', group: 'x', rank: 7 },
      ]);
      const load = (rank: number) => Array.from({ length: 60 }, (_, n) => ({ _id: `new-${n}`, group: 'w', rank }));
      await Promise.all([collection.upsertMany(load(1)), collection.upsertMany(load(2))]);
      const loaded = await collection.find({ group: 'w' });
      expect(loaded).toHaveLength(60);
      expect(new Set(loaded.map((item) => item.rank)).size).toBeLessThanOrEqual(2);
      expect(await collection.count({})).toBe(items.length + 1 + 60);
    });

    it('finds by _id, by $in and by field, sorted and limited', async () => {
      const collection = store.collection<Item>('items');
      expect(await collection.find({ _id: 'b' })).toEqual([items[1]]);
      expect((await collection.find({ _id: { $in: ['d', 'a', 'zz'] } }, { sort: { _id: 1 } })).map((i) => i._id)).toEqual(['a', 'd']);
      expect((await collection.find({ group: 'x' }, { sort: { rank: 1 } })).map((i) => i._id)).toEqual(['c', 'a']);
      expect((await collection.find({}, { sort: { rank: -1 }, limit: 2 })).map((i) => i._id)).toEqual(['d', 'a']);
      expect((await collection.find({ tags: 'red' }, { sort: { _id: 1 } })).map((i) => i._id)).toEqual(['a', 'c']);
    });

    it('finds and counts a document once when an $in by _id names it more than once, in the same order without a sort', async () => {
      const collection = store.collection<Item>('items');
      const repeated = { _id: { $in: ['c', 'a', 'c', 'zz', 'a'] } };
      expect((await collection.find(repeated)).map((item) => item._id)).toEqual(['a', 'c']);
      expect((await collection.find(repeated, { sort: { _id: -1 } })).map((item) => item._id)).toEqual(['c', 'a']);
      expect((await collection.find({ ...repeated, group: 'x' }, { fields: [] })).map((item) => item._id)).toEqual(['a', 'c']);
      expect(await collection.count(repeated)).toBe(2);
      expect(await collection.countBy!('group', repeated)).toEqual([{ key: 'x', count: 2 }]);
    });

    it('finds nothing with a limit of 0, and refuses a negative or fractional limit, by an index or a scan', async () => {
      const collection = store.collection<Item>('items');
      await collection.ensureIndex({ name: 'items_group', keys: { group: 1 } });
      for (const filter of [{}, { group: 'x' }, { rank: { $gt: 0 } }]) {
        expect(await collection.find(filter, { limit: 0 })).toEqual([]);
        expect(await collection.find(filter, { sort: { _id: 1 }, limit: 0 })).toEqual([]);
        await expect(collection.find(filter, { limit: -1 })).rejects.toBeInstanceOf(RangeError);
        await expect(collection.find(filter, { limit: 1.5 })).rejects.toBeInstanceOf(RangeError);
      }
    });

    it('leaves out a field written as undefined, by every kind of write, so that $exists finds it missing on both stores', async () => {
      const collection = store.collection<Item>('items');
      const without = (id: string): Item => ({ _id: id, group: 'u', rank: 0, code: undefined });
      await collection.insertOne(without('u1'));
      await collection.insertMany([without('u2')]);
      await collection.upsertOne(without('u3'));
      await collection.upsertMany([without('u4')]);
      const [stored] = await collection.find({ _id: 'u3' });
      await collection.replaceIfUnchanged(stored!, { ...without('u3'), rank: 1 });
      await store.writeAll([{ collection: 'items', kind: 'insert', document: without('u5') }]);
      const missing = await collection.find({ group: 'u', code: { $exists: false } }, { sort: { _id: 1 } });
      expect(missing.map((item) => item._id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
      expect(missing.every((item) => item.code === undefined)).toBe(true);
      // A filter's undefined still means null (missing), not no condition at all.
      expect((await collection.find({ group: 'u', code: undefined })).map((item) => item._id).sort()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    });

    it('reads only the fields asked for, and only the ids when none is', async () => {
      const collection = store.collection<Item>('items');
      expect(await collection.find({ _id: { $in: ['a', 'b'] } }, { sort: { _id: 1 }, fields: ['code'] })).toEqual([
        { _id: 'a', code: 'A1' },
        { _id: 'b', code: 'B1' },
      ]);
      expect(await collection.find({ group: 'x' }, { sort: { _id: 1 }, fields: [] })).toEqual([{ _id: 'a' }, { _id: 'c' }]);
    });

    it('evaluates keyset ranges, $and and anchored-free regular expressions the same way', async () => {
      const collection = store.collection<Item>('items');
      const page = await collection.find({ $and: [{ group: { $in: ['x', 'z'] } }, { _id: { $gt: 'a' } }] }, { sort: { _id: 1 } });
      expect(page.map((i) => i._id)).toEqual(['c', 'd']);
      expect((await collection.find({ code: { $regex: '1' } }, { sort: { _id: 1 } })).map((i) => i._id)).toEqual(['a', 'b', 'c']);
      expect(await collection.count({ group: 'x' })).toBe(2);
      expect(await collection.count({})).toBe(4);
    });

    it('replaces on upsert and inserts when absent', async () => {
      const collection = store.collection<Item>('items');
      await collection.upsertOne({ _id: 'a', group: 'y', rank: 9 });
      await collection.upsertOne({ _id: 'e', group: 'y', rank: 0 });
      expect(await collection.find({ _id: 'a' })).toEqual([{ _id: 'a', group: 'y', rank: 9, _rev: expect.any(String) }]);
      expect(await collection.count({ group: 'y' })).toBe(3);
    });

    it('replaces only the revision a caller read: one of simultaneous changes wins, the others write nothing', async () => {
      const collection = store.collection<Item>('items');
      await collection.upsertOne({ _id: 'a', group: 'x', rank: 1 });
      const [read] = await collection.find({ _id: 'a' });
      const attempts = await Promise.all([10, 11, 12, 13, 14, 15].map((rank) => collection.replaceIfUnchanged(read!, { ...read!, rank })));
      expect(attempts.filter(Boolean)).toHaveLength(1);
      const [after] = await collection.find({ _id: 'a' });
      expect(after!.rank).toBe(10 + attempts.indexOf(true));
      expect(await collection.replaceIfUnchanged(read!, { ...read!, rank: 99 })).toBe(false);
      expect(await collection.replaceIfUnchanged(after!, { ...after!, rank: 20 })).toBe(true);
      expect((await collection.find({ _id: 'a' }))[0]!.rank).toBe(20);
    });

    it('does not let a change made from an old read overwrite an upsert made since, on a document never stamped before', async () => {
      const collection = store.collection<Item>('items');
      const [read] = await collection.find({ _id: 'c' });
      await collection.upsertOne({ ...read!, rank: 50 });
      expect(await collection.replaceIfUnchanged(read!, { ...read!, rank: 60 })).toBe(false);
      expect((await collection.find({ _id: 'c' }))[0]!.rank).toBe(50);
      expect(await collection.replaceIfUnchanged({ ...read!, _id: 'nobody' }, { ...read!, _id: 'nobody' })).toBe(false);
      expect(await collection.count({ _id: 'nobody' })).toBe(0);
    });

    it('refuses a duplicate _id and a duplicate unique key, naming the fields, and keeps the rest intact', async () => {
      const collection = store.collection<Item>('items');
      await expect(collection.insertOne({ _id: 'a', group: 'q', rank: 0 })).rejects.toBeInstanceOf(DuplicateKeyError);
      await collection.ensureIndex({ name: 'items_code_unique', keys: { code: 1 }, unique: true });
      const clash = collection.upsertOne({ _id: 'b', group: 'y', rank: 1, code: 'A1' });
      await expect(clash).rejects.toMatchObject({ name: 'DuplicateKeyError', fields: ['code'] });
      expect(await collection.find({ _id: 'b' })).toEqual([items[1]]);
    });

    it('finds the same documents through a secondary index, after changes and deletes too', async () => {
      const collection = store.collection<Item & { tags?: unknown }>('items');
      const ids = async (filter: Record<string, unknown>) => (await collection.find(filter, { sort: { _id: 1 } })).map((i) => i._id);
      const queries: Record<string, unknown>[] = [
        { group: 'x' },
        { group: { $in: ['y', 'z'] } },
        { $and: [{ group: 'x' }, { rank: { $gt: 2 } }] },
        { tags: 'red' },
        { group: 'nowhere' },
      ];
      const before = await Promise.all(queries.map(ids));
      await collection.ensureIndex({ name: 'items_group', keys: { group: 1 } });
      await collection.ensureIndex({ name: 'items_tags', keys: { tags: 1 } });
      expect(await Promise.all(queries.map(ids))).toEqual(before);
      await collection.upsertOne({ _id: 'a', group: 'z', rank: 3 });
      await collection.insertOne({ _id: 'e', group: 'x', rank: 9, tags: ['red'] });
      await collection.insertOne({ _id: 'f', rank: 1 } as Item);
      await collection.deleteMany({ _id: 'c' });
      expect(await ids({ group: 'x' })).toEqual(['e']);
      expect(await ids({ group: { $in: ['z'] } })).toEqual(['a', 'd']);
      expect(await ids({ tags: 'red' })).toEqual(['e']);
      expect(await collection.count({ group: 'x' })).toBe(1);
      expect(await ids({ group: null })).toEqual(['f']);
    });

    it('creates indexes idempotently and lists them', async () => {
      const collection = store.collection<Item>('items');
      await collection.ensureIndex({ name: 'items_group', keys: { group: 1 } });
      await collection.ensureIndex({ name: 'items_group', keys: { group: 1 } });
      expect(await collection.listIndexNames()).toEqual(expect.arrayContaining(['_id_', 'items_group']));
    });

    it('deletes by filter and reports how many', async () => {
      const collection = store.collection<Item>('items');
      expect(await collection.deleteMany({ group: 'x' })).toBe(2);
      expect(await collection.count({})).toBe(2);
    });

    it('never lets a caller change stored documents through a returned object', async () => {
      const collection = store.collection<Item>('items');
      const [found] = await collection.find({ _id: 'a' });
      found!.rank = 100;
      found!.tags!.push('green');
      expect(await collection.find({ _id: 'a' })).toEqual([items[0]]);
    });
  });
}
