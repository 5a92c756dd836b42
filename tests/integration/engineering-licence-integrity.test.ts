import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { StoredDocument } from '../../shared/store/port';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * An engineer's licence through `upsertEngineeringMember` (#15 item 1 and the closed-organisation
 * rule): an upsert that leaves the licence out keeps the stored one (it no longer clears it), and a
 * licence naming a closed provincial organisation is refused with ORGANISATION_CLOSED, with nothing
 * written; a licence already held from that organisation is still kept when the upsert repeats it.
 * Checked in the answers and in what the stores hold.
 */

type StoredPerson = StoredDocument & { fullName: string; licence?: { number: string; provincialOrganisationId: string } };

const UPSERT = 'mutation U($input: UpsertEngineeringMemberInput!) { upsertEngineeringMember(input: $input) { nationalCode licence { number } } }';
const ENGINEER = '0061234508';
const OTHER = '0019876505';
const OPEN_ORGANISATION = 'engineering:licence-test-open';
const CLOSED_ORGANISATION = 'engineering:licence-test-closed';
const CLOSED_ON = '2026-03-01';

const licence = (number: string, provincialOrganisationId: string) => ({ number, discipline: 'CIVIL', grade: 'GRADE_2', provincialOrganisationId, validUntil: '2029-01-01' });

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`an engineer's licence through the member upsert, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    const databases = perAssociationDatabases(candidate);

    const stored = async (nationalCode: string): Promise<StoredPerson | undefined> =>
      (await graph.stores.engineering.collection('people').find({ _id: nationalCode }))[0] as StoredPerson | undefined;
    const ok = async (query: string, input: Record<string, unknown>) => {
      const { errors } = await graph.query(query, { input }, admin);
      expect(errors).toBeUndefined();
    };

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['engineering:admin', PERSONAL_READ_SCOPE], { subject: 'licence-tester' });
      const create = 'mutation C($input: CreateEngineeringOrganisationInput!) { createEngineeringOrganisation(input: $input) { id } }';
      const close = 'mutation X($input: CloseOrganisationInput!) { closeEngineeringOrganisation(input: $input) { id } }';
      await ok(create, { id: OPEN_ORGANISATION, name: 'سازمان آزمون باز', kind: 'PROVINCIAL_ORGANISATION', parentId: 'engineering:central-council', province: 'آزمون' });
      await ok(create, { id: CLOSED_ORGANISATION, name: 'سازمان آزمون بسته', kind: 'PROVINCIAL_ORGANISATION', parentId: 'engineering:central-council', province: 'آزمون' });
      // An engineer licensed by the organisation while it was open.
      await ok(UPSERT, { nationalCode: OTHER, fullName: 'آزمون دوم', licence: licence('LT-0002', CLOSED_ORGANISATION) });
      await ok(close, { id: CLOSED_ORGANISATION, closedOn: CLOSED_ON, reason: 'ادغام' });
      await ok(UPSERT, { nationalCode: ENGINEER, fullName: 'آزمون', licence: licence('LT-0001', OPEN_ORGANISATION) });
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('keeps the stored licence when an upsert leaves it out (a change of name only)', async () => {
      await ok(UPSERT, { nationalCode: ENGINEER, fullName: 'آزمون نام نو' });
      const person = await stored(ENGINEER);
      expect(person?.fullName).toBe('آزمون نام نو');
      expect(person?.licence).toEqual(expect.objectContaining({ number: 'LT-0001', provincialOrganisationId: OPEN_ORGANISATION }));
    });

    it('refuses a licence from a closed provincial organisation with ORGANISATION_CLOSED, and writes nothing', async () => {
      const before = await graph.stores.engineering.collection('people').find({}, { sort: { _id: 1 } });
      const { errors } = await graph.query(UPSERT, { input: { nationalCode: ENGINEER, fullName: 'آزمون نام نو', licence: licence('LT-0001', CLOSED_ORGANISATION) } }, admin);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors![0]!.extensions!.problems).toEqual([
        expect.objectContaining({
          field: 'licence.provincialOrganisationId',
          messageId: 'ORGANISATION_CLOSED',
          params: expect.objectContaining({ organisation: CLOSED_ORGANISATION, closedOn: CLOSED_ON }),
        }),
      ]);
      expect(await graph.stores.engineering.collection('people').find({}, { sort: { _id: 1 } })).toEqual(before);
    });

    it('still takes an upsert that repeats a licence held from the organisation before it closed', async () => {
      await ok(UPSERT, { nationalCode: OTHER, fullName: 'آزمون دوم نام نو', licence: licence('LT-0002', CLOSED_ORGANISATION) });
      const person = await stored(OTHER);
      expect(person?.fullName).toBe('آزمون دوم نام نو');
      expect(person?.licence).toEqual(expect.objectContaining({ number: 'LT-0002', provincialOrganisationId: CLOSED_ORGANISATION }));
    });
  });
}
