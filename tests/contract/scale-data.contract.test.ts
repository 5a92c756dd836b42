import { BaseContext } from '@apollo/server';
import { graphql } from 'graphql';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { prepareStore, RegistryInstance } from '../../shared/server/run';
import { Store } from '../../shared/store/port';
import { auditorsScaleCounts } from '../../subgraphs/auditors/scale-data';
import { engineeringScaleCounts } from '../../subgraphs/engineering/scale-data';
import { guildsScaleCounts } from '../../subgraphs/guilds/scale-data';
import { labsScaleCounts } from '../../subgraphs/labs/scale-data';
import { perAssociationDatabases } from '../support/databases';
import { byDepth } from '../support/depth';
import { ALL_SUBGRAPHS } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Small scales: the whole suite stays within seconds on FerretDB too. Guilds keeps two batches of
 * units and owners (DEFAULT_BATCH_SIZE); the others fit one batch at either depth.
 */
const SIZE: Record<DemoRegistryKey, number> = byDepth({
  default: { labs: 400, auditors: 400, engineering: 400, guilds: 2_000 },
  deep: { labs: 1_000, auditors: 1_000, engineering: 1_000, guilds: 2_000 },
});

const EXPECTED: Record<DemoRegistryKey, Record<string, number>> = {
  labs: (({ organisations, members, roles }) => ({ organisations, people: members, roles }))(labsScaleCounts(SIZE.labs)),
  auditors: (({ organisations, members, roles, certifications }) => ({ organisations, people: members, roles, certifications }))(auditorsScaleCounts(SIZE.auditors)),
  engineering: (({ organisations, members, roles, courseCompletions, abroadCertificates, licenceNumbers }) => ({
    organisations,
    people: members,
    roles,
    courseCompletions,
    abroadCertificates,
    licenceNumbers,
  }))(engineeringScaleCounts(SIZE.engineering)),
  guilds: (({ organisations, people, units, roles }) => ({ organisations, people, guildUnits: units, roles }))(guildsScaleCounts(SIZE.guilds)),
};

/** The first page of members with their roles' organisations (and, for guilds, their units and unions): all from this registry. */
const MEMBERS_QUERY: Record<DemoRegistryKey, string> = {
  labs: '{ page: labsMembers(first: 5) { totalCount nodes { nationalCode labs { fullName expertise roles { position organisation { id labs { name } } } } } } }',
  auditors:
    '{ page: auditorsMembers(first: 5) { totalCount nodes { nationalCode auditors { fullName certifications { kind } roles { position organisation { id auditors { name } } } } } } }',
  engineering:
    '{ page: engineeringMembers(first: 5) { totalCount nodes { nationalCode engineering { fullName licence { number discipline } roles { position organisation { id engineering { name } } } } } } }',
  guilds: '{ page: guildsMembers(first: 5) { totalCount nodes { nationalCode guilds { fullName standing guildUnits { licenceNumber union { id guilds { name kind } } } } } } }',
};

async function collectionCounts(store: Store, names: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await store.collection(name).count({});
  return counts;
}

/** Runs an operation on the subgraph's schema as a caller allowed to read national codes. */
async function ask(instance: RegistryInstance<BaseContext>, query: string) {
  const contextValue = { ...instance.module.createContext(), caller: { authenticated: true, subject: 'scale-test', scopes: ['personal:read'] } };
  return graphql({ schema: instance.module.schema, source: query, contextValue });
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`scale data on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    const databases = perAssociationDatabases(candidate);
    afterAll(() => databases.dropAll());

    it.each(ALL_SUBGRAPHS.map((definition) => [definition.key, definition] as const))(
      '%s: loading it twice leaves the same documents, and the subgraph serves them',
      async (key, definition) => {
        const store = await databases.open(key);
        try {
          const instance = definition.create(store);
          await instance.ensureIndexes();
          const expected = EXPECTED[key];
          const total = Object.values(expected).reduce((a, b) => a + b, 0);

          expect(await instance.loadScaleData(SIZE[key])).toEqual({ documents: total });
          expect(await collectionCounts(store, Object.keys(expected))).toEqual(expected);
          expect(await instance.loadScaleData(SIZE[key])).toEqual({ documents: total });
          expect(await collectionCounts(store, Object.keys(expected))).toEqual(expected);

          const result = await ask(instance, MEMBERS_QUERY[key]);
          expect(result.errors).toBeUndefined();
          const page = (result.data as { page: { totalCount: number; nodes: Record<string, unknown>[] } }).page;
          expect(page.totalCount).toBe(expected.people);
          expect(page.nodes).toHaveLength(5);
          // Every organisation a member's roles or units point to is found in the registry.
          expect(JSON.stringify(page.nodes)).not.toMatch(new RegExp(`"${key}":null`));
        } finally {
          await store.close();
        }
      },
      // A bound, not a speed check: guilds' 2,000 units twice on FerretDB took 22 s on a quiet machine, over 60 s on a loaded one.
      180_000,
    );

    it('SCALE_SIZE preparation loads the scale data instead of the demo data, and says how much', async () => {
      const store = await databases.open('guilds');
      try {
        const instance = ALL_SUBGRAPHS.find((d) => d.key === 'guilds')!.create(store);
        const prepared = await prepareStore(instance, { seedDemoData: true, scaleSize: 291 });
        const expected = guildsScaleCounts(291);
        expect(prepared).toMatchObject({ seeded: false, scale: { size: 291, documents: expected.organisations + expected.people + expected.units + expected.roles } });
        expect(await collectionCounts(store, ['organisations', 'people', 'guildUnits', 'projects'])).toEqual({
          organisations: expected.organisations,
          people: expected.people,
          guildUnits: expected.units,
          projects: 0,
        });
      } finally {
        await store.close();
      }
    });

    it('upsertMany replaces a few hundred stored documents in one call (FerretDB 1.24 deadlocked at 100 in one command)', async () => {
      const store = await databases.open('labs');
      try {
        const collection = store.collection<{ _id: string; n: number }>('upserts');
        const documents = Array.from({ length: 250 }, (_, i) => ({ _id: `d${String(i).padStart(3, '0')}`, n: i }));
        await collection.insertMany(documents);
        await collection.upsertMany(documents.map((d) => ({ ...d, n: d.n + 1 })));
        const stored = await collection.find({}, { sort: { _id: 1 } });
        expect(stored.map((d) => d.n)).toEqual(documents.map((d) => d.n + 1));
      } finally {
        await store.close();
      }
    });
  });
}
