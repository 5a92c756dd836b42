import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { REVISION_FIELD, Store, StoredDocument } from '../../shared/store/port';
import { RevisionDocument, REVISIONS_COLLECTION } from '../../shared/store/revision-keeping-store';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * No update destroys the value it replaces (#15 item 1): after a round of everyday updates through
 * the gateway, every stored record that changed or went has its earlier version in `_revisions`,
 * exactly as it stood, with when and by whom; administrators read them with
 * `<key>RecordRevisions`, nobody else can. Checked against what the stores hold.
 */

const PROGRAMME = 'guilds:programme-casablanca-settat-2023';
const RESOLUTION = 'guilds:markets-group-meetings/0012/r08';

type Snapshot = Map<string, string>;

/** Every record of the registry's own collections (not the store's `_...`), as its content. */
async function snapshot(store: Store, collections: readonly string[]): Promise<Snapshot> {
  const records: Snapshot = new Map();
  for (const name of collections) {
    for (const document of await store.collection<StoredDocument>(name).find({})) {
      records.set(
        `${name}\u0000${document._id}`,
        JSON.stringify(document, (key, value: unknown) => (key === REVISION_FIELD ? undefined : value)),
      );
    }
  }
  return records;
}

const UPDATES: { registry: 'labs' | 'guilds'; query: string; input: Record<string, unknown> }[] = [
  {
    registry: 'labs',
    query: 'mutation R($input: RenameOrganisationInput!) { renameLabsOrganisation(input: $input) { id } }',
    input: { id: 'labs:lab-0002', name: 'آزمایشگاه نام نو' },
  },
  {
    registry: 'labs',
    query: 'mutation R($input: RenewLabAccreditationInput!) { renewLabAccreditation(input: $input) { status } }',
    input: { laboratoryId: 'labs:lab-0002', validUntil: '2031-02-13' },
  },
  {
    registry: 'guilds',
    query: 'mutation R($input: RecordProgrammeIndicatorActualInput!) { recordProgrammeIndicatorActual(input: $input) { id } }',
    input: { indicatorId: `${PROGRAMME}|COMMUNICATION|1`, actual: 40, asOf: '2024-01-20' },
  },
  { registry: 'guilds', query: 'mutation S($input: SetResolutionStatusInput!) { setGuildsResolutionStatus(input: $input) { id } }', input: { id: RESOLUTION, status: 'DONE' } },
  {
    registry: 'guilds',
    query: 'mutation R($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { licenceNumber } }',
    input: { licenceNumber: '71-001-00001', validUntil: '2034-09-30' },
  },
];

const REVISIONS = 'query V($id: ID!) { labsRecordRevisions(recordId: $id, last: 5) { at by deleted collection recordId before } }';

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`earlier versions of every updated record, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);
    const before = new Map<string, Snapshot>();
    const collections = new Map<string, string[]>();
    let labsAdmin: string;

    const ownCollections = async (registry: 'labs' | 'guilds'): Promise<string[]> => {
      const names = new Set<string>();
      // The collections the demo data and the updates use: every one a record lives in.
      for (const name of [
        'people',
        'organisations',
        'roles',
        'projects',
        'participations',
        'accreditations',
        'programmes',
        'meetings',
        'resolutions',
        'governance_members',
        'guildUnits',
      ])
        if ((await graph.stores[registry].collection(name).count({})) > 0) names.add(name);
      return [...names];
    };

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      labsAdmin = await testToken(['labs:admin', PERSONAL_READ_SCOPE], { subject: 'labs-officer' });
      const guildsAdmin = await testToken(['guilds:admin'], { subject: 'guilds-officer' });
      for (const registry of ['labs', 'guilds'] as const) {
        collections.set(registry, await ownCollections(registry));
        before.set(registry, await snapshot(graph.stores[registry], collections.get(registry)!));
      }
      for (const { registry, query, input } of UPDATES) {
        const { errors } = await graph.query(query, { input }, registry === 'labs' ? labsAdmin : guildsAdmin);
        expect(errors).toBeUndefined();
      }
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('keeps, for every record an update changed, the record exactly as it stood, by the caller who changed it', async () => {
      for (const registry of ['labs', 'guilds'] as const) {
        const after = await snapshot(graph.stores[registry], collections.get(registry)!);
        const changed = [...before.get(registry)!].filter(([key, content]) => after.get(key) !== content);
        expect(changed.length).toBeGreaterThan(0);
        const kept = await graph.stores[registry].collection<RevisionDocument>(REVISIONS_COLLECTION).find({});
        for (const [key, content] of changed) {
          const [collection, recordId] = key.split('\u0000') as [string, string];
          const revision = kept.find((candidateRevision) => candidateRevision.collection === collection && candidateRevision.recordId === recordId);
          expect({ key, before: revision && JSON.parse(revision.before) }).toEqual({ key, before: JSON.parse(content) });
          expect(revision!.by).toBe(`${registry}-officer`);
        }
      }
    });

    it('gives the registry administrator the earlier versions, newest first', async () => {
      const { data, errors } = await graph.query<{ labsRecordRevisions: { by: string; deleted: boolean; collection: string; before: string }[] }>(
        REVISIONS,
        { id: 'labs:lab-0002' },
        labsAdmin,
      );
      expect(errors).toBeUndefined();
      const names = data!.labsRecordRevisions.filter(({ collection }) => collection === 'organisations').map(({ before }) => (JSON.parse(before) as { name: string }).name);
      // The renewal (second) replaced the renamed record; the rename (first) the record as the demo has it.
      expect(names).toEqual(['آزمایشگاه نام نو', 'آزمایشگاه آزمون لوازم خانگی اصفهان شماره ۲']);
      expect(data!.labsRecordRevisions.every(({ by, deleted }) => by === 'labs-officer' && !deleted)).toBe(true);
    });

    it('refuses anyone but the registry administrator with personal:read, and checks how many are asked for', async () => {
      const anonymous = await graph.query(REVISIONS, { id: 'labs:lab-0002' });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.data ?? null).toBeNull();
      const otherAdmin = await graph.query(REVISIONS, { id: 'labs:lab-0002' }, await testToken(['guilds:admin', PERSONAL_READ_SCOPE]));
      expect(otherAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // A record holds personal data (a member's national code and contact): the registry's own administrator needs personal:read too.
      const adminWithoutPersonal = await graph.query(REVISIONS, { id: 'labs:lab-0002' }, await testToken(['labs:admin']));
      expect(adminWithoutPersonal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(adminWithoutPersonal.data ?? null).toBeNull();
      const tooMany = await graph.query('query { labsRecordRevisions(recordId: "labs:lab-0002", last: 1000) { at } }', {}, labsAdmin);
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(tooMany.errors?.[0]?.message).toMatch(/last/);
    });
  });
}
