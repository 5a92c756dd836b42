import { PersonDocument } from '../../shared/registry/documents';
import { SearchIndex } from '../../shared/search/index';
import { MemoryStore } from '../../shared/store/memory-store';
import { personNameFields } from '../../shared/registry/person-name-fields';

/**
 * A search's positions (shared/search/positions.ts): the last hit of a page is every registry's
 * `afterKey` for the next, so it must not hold a person's national code.
 */

const CODES = ['0061234508', '3106335203'];
const person = (code: string): PersonDocument => ({ _id: code, ...personNameFields({ fullName: 'محمد حسینی' }, code), updatedAt: new Date('2026-01-01T00:00:00Z') });

describe("a registry's search positions", () => {
  let index: SearchIndex;

  beforeAll(async () => {
    const store = new MemoryStore();
    index = new SearchIndex(store);
    await index.ensureIndexes();
    // The records and their entries: a search shows only entries whose record is still stored (search-removed-records.test.ts).
    for (const code of CODES) {
      await store.collection<PersonDocument>('people').insertOne(person(code));
      await index.put('people', person(code));
    }
  });

  it("orders people of one rank without their national codes in the sort key the next page's afterKey is", async () => {
    const { hits } = await index.search({ text: 'محمد حسینی', size: 5, list: 'test' }, 'auditors');
    expect(hits.map((hit) => hit.ref).sort()).toEqual(CODES);
    for (const hit of hits) for (const code of CODES) expect(hit.sortKey).not.toContain(code);
  });

  it('pages through them by that key, each once', async () => {
    const first = await index.search({ text: 'محمد حسینی', size: 1, list: 'test' }, 'auditors');
    const second = await index.search({ text: 'محمد حسینی', size: 1, afterKey: first.hits[0]!.sortKey, list: 'test' }, 'auditors');
    expect(second.hits.map((hit) => hit.ref)).toEqual(CODES.filter((code) => code !== first.hits[0]!.ref));
  });
});
