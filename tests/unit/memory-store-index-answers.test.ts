import { seededRandom } from '../../shared/demo/builders';
import { MemoryStore } from '../../shared/store/memory-store';
import { Filter, StoredDocument } from '../../shared/store/port';

/**
 * The embedded store answers some reads from its field indexes alone (postings intersected, counts
 * and matches without testing each document, grouped counts off the buckets): every answer must be
 * the one the same store gives without those indexes, whatever the documents hold (strings,
 * numbers, arrays of them, arrays of anything, null, nothing, an object).
 */

const VALUES: unknown[] = ['x', 'y', 'z', 1, 2, ['x', 'y'], ['y', 2], ['x', { deep: 1 }], null, { nested: 'x' }, true];

function documents(count: number, random: () => number): StoredDocument[] {
  const pick = () => VALUES[Math.floor(random() * VALUES.length)];
  return Array.from({ length: count }, (_, i) => {
    const document: Record<string, unknown> = { _id: `d${String(i).padStart(4, '0')}`, c: i % 3 };
    if (random() < 0.9) document.a = pick();
    if (random() < 0.9) document.b = pick();
    return document as unknown as StoredDocument;
  });
}

const FILTERS: Filter[] = [
  {},
  { a: 'x' },
  { a: 2 },
  { a: { $in: ['x', 2] } },
  { a: 'x', b: 'y' },
  { $and: [{ a: { $in: ['x', 'y'] } }, { b: { $in: ['y', 2] } }] },
  { $and: [{ a: 'x' }, { a: 'y' }] },
  { a: 'y', c: 1 },
  { a: 'x', $or: [{ b: 'y' }, { c: 2 }] },
  { a: null },
];

describe('reads the embedded store answers from its field indexes', () => {
  it.each([
    ['only strings and numbers', (random: () => number) => documents(300, random).map((d) => ({ ...d, a: typeof (d as { a?: unknown }).a === 'string' ? 'x' : 1 }))],
    ['every kind of value', (random: () => number) => documents(300, random)],
  ])('are those a scan gives, with %s', async (_, make) => {
    const data = make(seededRandom(20261204));
    const indexed = new MemoryStore();
    const scanned = new MemoryStore();
    await indexed.collection('t').ensureIndex({ name: 'a', keys: { a: 1 } });
    await indexed.collection('t').ensureIndex({ name: 'b', keys: { b: 1, c: 1 } });
    await indexed.collection('t').insertMany(data);
    await scanned.collection('t').insertMany(data);
    // Replacements move nothing: the order a scan gives stays the insertion order.
    for (const document of data.slice(0, 40)) {
      await indexed.collection('t').upsertMany([{ ...document, a: 'y' } as StoredDocument]);
      await scanned.collection('t').upsertMany([{ ...document, a: 'y' } as StoredDocument]);
    }
    for (const filter of FILTERS) {
      const [mine, theirs] = [indexed.collection('t'), scanned.collection('t')];
      expect({ filter, count: await mine.count(filter) }).toEqual({ filter, count: await theirs.count(filter) });
      expect({ filter, found: await mine.find(filter, { limit: 25 }) }).toEqual({ filter, found: await theirs.find(filter, { limit: 25 }) });
      expect({ filter, fields: await mine.find(filter, { fields: ['b'] }) }).toEqual({ filter, fields: await theirs.find(filter, { fields: ['b'] }) });
      for (const field of ['a', 'b', 'c']) {
        expect({ filter, field, groups: await mine.countBy!(field, filter) }).toEqual({ filter, field, groups: await theirs.countBy!(field, filter) });
      }
    }
  });
});
