import fc from 'fast-check';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';

interface Doc extends StoredDocument {
  f?: unknown;
}

const KEYS = ['a', 'b', 'c', 1, 2, 0];
/** Every kind of value a field can hold: keys, arrays of keys (an equality matches an element), and values no key can equal. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...KEYS), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, new Date('2025-03-21T00:00:00Z'), { a: 1 }, [['a']]) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const condition = fc.oneof(fc.constantFrom(...KEYS), fc.record({ $in: fc.array(fc.constantFrom(...KEYS), { maxLength: 3 }) }));
/** A write: set document `id`'s field (undefined drops it), or delete the document. */
const write = fc.record({ id: fc.constantFrom('d1', 'd2', 'd3', 'd4', 'd5', 'd6'), value, remove: fc.boolean() });

const docOf = (id: string, f: unknown): Doc => (f === undefined ? { _id: id } : { _id: id, f });

describe('the embedded store answers the same with and without a secondary index on a field', () => {
  it('for equalities and $in of strings and numbers, after inserts, replacements and deletions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 25 }), fc.array(condition, { minLength: 1, maxLength: 5 }), async (writes, conditions) => {
        const indexed = new MemoryStore().collection<Doc>('items');
        const plain = new MemoryStore().collection<Doc>('items');
        await indexed.ensureIndex({ name: 'items_f', keys: { f: 1 } });
        for (const { id, value: f, remove } of writes) {
          for (const collection of [indexed, plain]) {
            if (remove) await collection.deleteMany({ _id: id });
            else await collection.upsertOne(docOf(id, f));
          }
        }
        for (const c of conditions) {
          const ids = async (collection: typeof plain) => (await collection.find({ f: c }, { sort: { _id: 1 } })).map((d) => d._id);
          expect(await ids(indexed)).toEqual(await ids(plain));
          expect(await indexed.count({ f: c })).toBe(await plain.count({ f: c }));
        }
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
