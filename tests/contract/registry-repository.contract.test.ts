import { personDocument } from '../../shared/demo/builders';
import { syntheticPeople } from '../../shared/demo/people';
import { RegistryRepository } from '../../shared/registry/repository';
import { OrganisationDocument, PersonDocument, RegistryData } from '../../shared/registry/documents';
import { Store } from '../../shared/store/port';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`registry repository on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    let fresh: FreshStore;
    let repository: RegistryRepository<PersonDocument, OrganisationDocument>;
    const people = syntheticPeople(0, 25).map((person) => personDocument(person, {}));

    beforeEach(async () => {
      fresh = await openFresh(candidate, 'repository');
      store = fresh.store;
      repository = new RegistryRepository(store);
      await repository.ensureIndexes();
      await repository.loadDemoData(demo(people));
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    it('pages by key without skipping or repeating when people are added between pages', async () => {
      const first = await repository.pagePeople({ first: 10 });
      expect(first.totalCount).toBe(25);
      const sorted = [...people].map((p) => p._id).sort();
      expect(first.nodes.map((p) => p._id)).toEqual(sorted.slice(0, 10));
      // A person whose code sorts before the cursor must not shift the next page.
      await repository.savePerson(personDocument({ nationalCode: '0000000019', fullName: 'نفر تازه' }, {}));
      const second = await repository.pagePeople({ first: 10, after: first.pageInfo.endCursor });
      expect(second.nodes.map((p) => p._id)).toEqual(sorted.slice(10, 20));
      expect(second.totalCount).toBe(26);
    });

    it('finds a name whichever way its letters, digits and joiners were typed', async () => {
      await repository.savePerson(personDocument({ nationalCode: '0061234559', fullName: 'سركار خانم مهندس حاجی زاده' }, {}));
      for (const typed of ['حاجی‌زاده', 'حاجيزاده', 'سرکار']) {
        const page = await repository.pagePeople({ search: typed });
        expect(page.nodes.map((p) => p._id)).toEqual(['0061234559']);
      }
    });

    it('loads demo data once, and again only when forced, without duplicating anything', async () => {
      expect(await repository.loadDemoData(demo(people))).toBe(false);
      expect(await repository.loadDemoData(demo(people), { force: true })).toBe(true);
      expect((await repository.pagePeople({ first: 1 })).totalCount).toBe(25);
    });

    it('leaves a registry holding real members alone, and resumes a load that was cut short', async () => {
      const real = new RegistryRepository<PersonDocument, OrganisationDocument>(store);
      await store.collection('_meta').deleteMany({});
      expect(await real.loadDemoData(demo(syntheticPeople(100, 110).map((p) => personDocument(p, {}))))).toBe(false);
      expect((await real.pagePeople({ first: 1 })).totalCount).toBe(25);

      await store.collection<{ _id: string; state: string }>('_meta').upsertOne({ _id: 'demo-data', state: 'started' });
      expect(await real.loadDemoData(demo(syntheticPeople(100, 110).map((p) => personDocument(p, {}))))).toBe(true);
      expect((await real.pagePeople({ first: 1 })).totalCount).toBe(35);
      expect(await real.loadDemoData(demo([]))).toBe(false);
    });
  });
}

function demo(people: PersonDocument[]): RegistryData<PersonDocument, OrganisationDocument> {
  return { people, organisations: [], roles: [], projects: [], participations: [] };
}
