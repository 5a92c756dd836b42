import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Who made a change to a committee, meeting or resolution (`RecordChange.by`, #15 item 1): the
 * token subject of the caller who made it, shown to the administrators of the registry that keeps
 * the record and to nobody else (a subject may be a member's national code), both on the record
 * itself and through the directory's `JointProject.history`.
 */

const COMMITTEE = 'guilds:committee-cultural-social';
const RESOLUTION = 'guilds:markets-group-meetings/0012/r08';
const OFFICER = 'guilds-secretary-7';

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`who made a governance change, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let guildsAdmin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      guildsAdmin = await testToken(['guilds:admin'], { subject: OFFICER });
      const status = await graph.query(
        `mutation { setGuildsCommitteeStatus(input: { id: "${COMMITTEE}", status: COMPLETED, note: "گزارش ارائه شد" }) { id } }`,
        undefined,
        guildsAdmin,
      );
      expect(status.errors).toBeUndefined();
      const done = await graph.query(`mutation { setGuildsResolutionStatus(input: { id: "${RESOLUTION}", status: DONE }) { id } }`, undefined, guildsAdmin);
      expect(done.errors).toBeUndefined();
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const authors = async (token?: string) => {
      const { data, errors } = await graph.query<{
        jointProjects: { nodes: { id: string; history: { by: string | null }[] }[] };
        resolution: { history: { by: string | null }[] };
      }>(`{ jointProjects(first: 50) { nodes { id history { by } } } resolution(id: "${RESOLUTION}") { history { by } } }`, undefined, token);
      expect(errors).toBeUndefined();
      return {
        committee: data!.jointProjects.nodes.find((node) => node.id === COMMITTEE)!.history.map(({ by }) => by),
        resolution: data!.resolution.history.map(({ by }) => by),
      };
    };

    it("shows the keeping registry's administrators with personal:read who made each change", async () => {
      expect(await authors(await testToken(['guilds:admin', 'personal:read']))).toEqual({ committee: [OFFICER], resolution: [OFFICER] });
    });

    it('shows nobody else: anonymous, the administrator of another registry, its own administrator without personal:read (a subject may be a national code)', async () => {
      expect(await authors()).toEqual({ committee: [null], resolution: [null] });
      expect(await authors(guildsAdmin)).toEqual({ committee: [null], resolution: [null] });
      expect(await authors(await testToken(['labs:admin', 'personal:read']))).toEqual({ committee: [null], resolution: [null] });
    });
  });
}
