import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { StoredDocument } from '../../shared/store/port';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { TestGraph } from '../support/graph';
import { InterleavingStore, startInterleavedGraph } from '../support/interleaving-store';
import { storesUnderTest } from '../support/stores';

/**
 * An organisation closed between the check that found it open and the write of the record naming it
 * (#15, nothing half-written): the record is refused with ORGANISATION_CLOSED and nothing is
 * written, for an engineer's licence (upsertEngineeringMember) and a position (assignEngineeringRole).
 * A change that leaves it open (a rename) in the same gap does not stop the write. The change lands
 * through the API, from inside the first request's write: the moment a concurrent request would
 * have to hit by chance.
 */

const ORGANISATION = 'engineering:race-test-org';
const ENGINEER = '0061234508';
const MEMBER = '0019876505';
const UPSERT = 'mutation U($input: UpsertEngineeringMemberInput!) { upsertEngineeringMember(input: $input) { nationalCode } }';
const ASSIGN = 'mutation A($input: AssignRoleInput!) { assignEngineeringRole(input: $input) { body } }';
const CLOSE = 'mutation X($input: CloseOrganisationInput!) { closeEngineeringOrganisation(input: $input) { status } }';
const RENAME = 'mutation R($input: RenameOrganisationInput!) { renameEngineeringOrganisation(input: $input) { name } }';

const licence = (number: string) => ({ number, discipline: 'CIVIL', grade: 'GRADE_2', provincialOrganisationId: ORGANISATION, validUntil: '2029-01-01' });

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`an organisation closed between the check and the write, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    let engineering: InterleavingStore;
    const databases = perAssociationDatabases(candidate);

    const ok = async (query: string, input: Record<string, unknown>) => {
      const { errors } = await graph.query(query, { input }, admin);
      expect(errors).toBeUndefined();
    };
    const stored = async (collection: string, filter: Record<string, unknown>) => graph.stores.engineering.collection<StoredDocument>(collection).find(filter);

    beforeEach(async () => {
      ({ graph, interleaved: engineering } = await startInterleavedGraph('engineering', databases.open));
      admin = await testToken(['engineering:admin', PERSONAL_READ_SCOPE], { subject: 'race-tester' });
      await ok('mutation C($input: CreateEngineeringOrganisationInput!) { createEngineeringOrganisation(input: $input) { id } }', {
        id: ORGANISATION,
        name: 'سازمان آزمون رقابت',
        kind: 'PROVINCIAL_ORGANISATION',
        parentId: 'engineering:central-council',
        province: 'آزمون',
      });
    }, 120_000);
    afterEach(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it("refuses an engineer's new licence when the organisation closes after the check, writing nothing", async () => {
      engineering.beforeNextWriteOf('people', () => ok(CLOSE, { id: ORGANISATION, closedOn: '2026-03-01', reason: 'ادغام' }));
      const { errors } = await graph.query(UPSERT, { input: { nationalCode: ENGINEER, fullName: 'آزمون رقابت', licence: licence('RT-0001') } }, admin);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors![0]!.extensions!.problems).toEqual([
        expect.objectContaining({ field: 'licence.provincialOrganisationId', messageId: 'ORGANISATION_CLOSED', params: expect.objectContaining({ organisation: ORGANISATION }) }),
      ]);
      expect(await stored('people', { _id: ENGINEER })).toEqual([]);
      expect((await stored('organisations', { _id: ORGANISATION }))[0]).toMatchObject({ status: 'CLOSED' });
    });

    it('refuses a position in it the same way', async () => {
      await ok(UPSERT, { nationalCode: MEMBER, fullName: 'عضو آزمون' });
      const rolesBefore = await stored('roles', {});
      engineering.beforeNextWriteOf('roles', () => ok(CLOSE, { id: ORGANISATION, closedOn: '2026-03-01', reason: 'ادغام' }));
      const { errors } = await graph.query(
        ASSIGN,
        { input: { nationalCode: MEMBER, organisationId: ORGANISATION, body: 'هیئت مدیره', bodyKind: 'BOARD', position: 'MEMBER' } },
        admin,
      );
      expect(errors?.[0]?.extensions?.problems).toEqual([expect.objectContaining({ field: 'organisationId', messageId: 'ORGANISATION_CLOSED' })]);
      expect(await stored('roles', {})).toEqual(rolesBefore);
    });

    it('writes the record when the organisation changed in the gap but is still open', async () => {
      engineering.beforeNextWriteOf('people', () => ok(RENAME, { id: ORGANISATION, name: 'سازمان آزمون رقابت نام نو' }));
      const { errors } = await graph.query(UPSERT, { input: { nationalCode: ENGINEER, fullName: 'آزمون رقابت', licence: licence('RT-0002') } }, admin);
      expect(errors).toBeUndefined();
      expect((await stored('people', { _id: ENGINEER }))[0]).toMatchObject({ licence: expect.objectContaining({ number: 'RT-0002', provincialOrganisationId: ORGANISATION }) });
      expect((await stored('organisations', { _id: ORGANISATION }))[0]).toMatchObject({ name: 'سازمان آزمون رقابت نام نو' });
    });
  });
}
