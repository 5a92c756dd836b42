import { PersonDocument } from '../../shared/registry/documents';
import { personNameFields } from '../../shared/registry/person-name-fields';
import { SEARCH_COLLECTION } from '../../shared/search/documents';
import { SearchIndex } from '../../shared/search/index';
import { MemoryStore } from '../../shared/store/memory-store';

/**
 * A record removed around the index (an operator deleting the record of a member who left, or who
 * asked to be erased: no mutation removes a member) left its entry: the name was found by anyone
 * searching for it, as that registry's member, until the registry's next start rebuilt the kind
 * (audit, 2026-12-07).
 */

const LEFT = '0061234508';
const STAYS = '3106335203';
const person = (code: string, fullName: string): PersonDocument => ({ _id: code, ...personNameFields({ fullName }, code), updatedAt: new Date('2026-01-01T00:00:00Z') });

describe("a registry's search after a record is removed around the index", () => {
  let store: MemoryStore;
  let index: SearchIndex;

  beforeEach(async () => {
    store = new MemoryStore();
    index = new SearchIndex(store);
    await index.ensureIndexes();
    await store.collection<PersonDocument>('people').insertOne(person(LEFT, 'سعید تاجیک'));
    await store.collection<PersonDocument>('people').insertOne(person(STAYS, 'سعید تاجیکی'));
    await index.sync();
    // The operator removes the member's record; the registry runs on (no start re-indexes).
    await store.collection<PersonDocument>('people').deleteMany({ _id: LEFT });
  });

  it('no longer shows the name, nor counts it', async () => {
    const slice = await index.search({ text: 'سعید تاجیک', size: 5, list: 'test' }, 'labs');
    expect(slice.hits.map((hit) => [hit.ref, hit.title])).toEqual([[STAYS, 'سعید تاجیکی']]);
    expect(slice.totalCount).toBe(1);
    expect(JSON.stringify(slice)).not.toContain(LEFT);
  });

  it('drops the entry, so the next search counts right and a page is still full', async () => {
    await index.search({ text: 'سعید', size: 1, list: 'test' }, 'labs');
    expect(await store.collection(SEARCH_COLLECTION).count({ ref: LEFT })).toBe(0);
    const page = await index.search({ text: 'سعید', size: 0, list: 'test' }, 'labs');
    expect(page.hits.map((hit) => hit.ref)).toEqual([STAYS]);
    expect(page.totalCount).toBe(1);
  });

  it('fills a page past a removed record', async () => {
    const page = await index.search({ text: 'سعید', size: 0, list: 'test' }, 'labs');
    expect(page.hits.map((hit) => hit.ref)).toEqual([STAYS]);
  });
});
