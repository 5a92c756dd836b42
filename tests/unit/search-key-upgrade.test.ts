import { organisationDocument } from '../../shared/demo/builders';
import { OrganisationDocument } from '../../shared/registry/documents';
import { SEARCH_KEY_RULES_MARKER, upgradeSearchKeys } from '../../shared/registry/search-key-upgrade';
import { SEARCH_COLLECTION, SearchEntryDocument } from '../../shared/search/documents';
import { SEARCH_SOURCES, searchEntry } from '../../shared/search/sources';
import { MemoryStore } from '../../shared/store/memory-store';
import { SEARCH_KEY_RULES, searchKey } from '../../shared/text/normalize';
import { LabsRepository } from '../../subgraphs/labs/repository';

/** Bengali digits as the release before SEARCH_KEY_RULES 2 kept them in a key (it made only Persian and Arabic-Indic digits ASCII). */
const BENGALI_SEVEN = '\u09ed';
const underOldRules = (key: string): string => key.replace(/7/g, BENGALI_SEVEN);

/**
 * A database the previous release wrote: an organisation «Ar Lab ৭৭» whose name key and search
 * entry keep its Bengali digits, as that release's searchKey did, and no rules mark.
 */
async function storeWrittenByThePreviousRelease(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const organisation = organisationDocument('labs:old-bengali', `Ar Lab ${BENGALI_SEVEN}${BENGALI_SEVEN}`, 'LABORATORY', {});
  await store.collection<OrganisationDocument>('organisations').insertOne({ ...organisation, nameKey: underOldRules(organisation.nameKey) });
  const source = SEARCH_SOURCES.find((candidate) => candidate.collection === 'organisations')!;
  const entry = searchEntry(source, organisation);
  await store.collection<SearchEntryDocument>(SEARCH_COLLECTION).insertOne({ ...entry, terms: entry.terms.map(underOldRules) });
  return store;
}

describe('name keys and search entries stored under older searchKey rules', () => {
  it('are derived again at start, so the duplicate-name check and search find the old record under its new key', async () => {
    const store = await storeWrittenByThePreviousRelease();
    const repository = new LabsRepository(store);
    await repository.ensureIndexes();

    const named = await repository.organisationsNamed(searchKey('Ar Lab 77'), null);
    expect(named.map((organisation) => organisation._id)).toEqual(['labs:old-bengali']);
    const found = await repository.searchIndex.search({ text: 'Lab 77', size: 10, list: 'test' }, 'labs');
    expect(found.hits.map((hit) => hit.ref)).toContain('labs:old-bengali');
    const [marker] = await store.collection<{ _id: string; rules: number }>('_meta').find({ _id: SEARCH_KEY_RULES_MARKER });
    expect(marker?.rules).toBe(SEARCH_KEY_RULES);
  });

  it('rewrite nothing the second time, nor on a second process starting on the same database', async () => {
    const store = await storeWrittenByThePreviousRelease();
    const first = new LabsRepository(store);
    const second = new LabsRepository(store);
    await Promise.all([first.ensureIndexes(), second.ensureIndexes()]);
    const [stored] = await store.collection<{ _id: string; nameKey: string }>('organisations').find({ _id: 'labs:old-bengali' });
    expect(stored?.nameKey).toBe(searchKey('Ar Lab 77'));
    expect(await upgradeSearchKeys(store, [{ collection: 'organisations', field: 'nameKey', derive: () => 'never-written' }], first.searchIndex)).toBe(0);
  });
});
