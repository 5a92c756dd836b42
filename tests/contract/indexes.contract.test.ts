import { ALL_SUBGRAPHS } from '../support/graph';
import { perAssociationDatabases } from '../support/databases';
import { storesUnderTest } from '../support/stores';
import { Store } from '../../shared/store/port';
import { prepareStore } from '../../shared/server/run';

/** Every lookup and sort the repositories do, by collection: `_id_` serves keys, national codes and keyset pages. */
const SHARED_INDEXES: Record<string, string[]> = {
  people: ['_id_', 'people_nameKey'],
  organisations: ['_id_', 'organisations_nameKey'],
  roles: ['_id_', 'roles_by_person', 'roles_by_organisation'],
  participations: ['_id_', 'participations_by_project'],
};
const OWN_INDEXES: Record<string, Record<string, string[]>> = {
  guilds: { guildUnits: ['_id_', 'guildUnits_by_owner', 'guildUnits_by_union'] },
};

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`indexes after start-up on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    const databases = perAssociationDatabases(candidate);
    afterAll(() => databases.dropAll());

    it.each(ALL_SUBGRAPHS.map((definition) => [definition.key, definition] as const))('%s has them all, and creating them twice is harmless', async (key, definition) => {
      const store: Store = await databases.open(key);
      try {
        const instance = definition.create(store);
        await prepareStore(instance, { seedDemoData: true });
        await prepareStore(instance, { seedDemoData: true });
        const expected = { ...SHARED_INDEXES, ...(OWN_INDEXES[key] ?? {}) };
        for (const [collection, names] of Object.entries(expected)) {
          expect({ collection, indexes: (await store.collection(collection).listIndexNames()).sort() }).toEqual({ collection, indexes: [...names].sort() });
        }
      } finally {
        await store.close();
      }
    });
  });
}
