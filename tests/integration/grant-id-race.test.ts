import { StoredDocument } from '../../shared/store/port';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { GraphQLResponse, TestGraph } from '../support/graph';
import { InterleavingStore, startInterleavedGraph } from '../support/interleaving-store';
import { storesUnderTest } from '../support/stores';

/**
 * A committee and a meeting series made at the same time with the same id (one grant,
 * `labs:committee:<id>`, names either): the check that the id is free passes for both, so the
 * write itself must refuse the second. The other creation lands through the API from inside the
 * first one's write. One of them is made, the other refused with BAD_USER_INPUT on `id`, and the
 * stores hold one record under the id, never both.
 */

const CREATE_COMMITTEE = 'mutation C($input: CreateCommitteeInput!) { createLabsCommittee(input: $input) { id } }';
const CREATE_SERIES = 'mutation S($input: CreateMeetingSeriesInput!) { createLabsMeetingSeries(input: $input) { id } }';
const committee = (id: string) => ({ id, kind: 'COMMITTEE', title: 'کمیته آزمون رقابت', mandate: 'آزمون شناسه مشترک', leadOrganisationId: 'labs:association' });
const series = (id: string) => ({ id, title: 'نشست‌های آزمون رقابت', convenorId: 'labs:association' });

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`a committee and a meeting series made at once with one id, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    let labs: InterleavingStore;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      ({ graph, interleaved: labs } = await startInterleavedGraph('labs', databases.open));
      admin = await testToken(['labs:admin']);
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const held = async (id: string) => ({
      committees: (await graph.stores.labs.collection<StoredDocument>('projects').find({ _id: id })).length,
      series: (await graph.stores.labs.collection<StoredDocument>('meetingSeries').find({ _id: id })).length,
    });

    const expectRefusedAsTaken = (answer: GraphQLResponse<unknown>) => {
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/was just taken by a committee or meeting series made at the same time/);
    };

    const CREATIONS = {
      committee: { collection: 'projects', mutation: CREATE_COMMITTEE, input: committee },
      series: { collection: 'meetingSeries', mutation: CREATE_SERIES, input: series },
    };

    it.each([
      { refused: 'committee', first: 'series', id: 'labs:race-series-first', held: { committees: 0, series: 1 } },
      { refused: 'series', first: 'committee', id: 'labs:race-committee-first', held: { committees: 1, series: 0 } },
    ] as const)('refuses the $refused when the $first takes the id between its check and its write', async ({ refused, first, id, held: expected }) => {
      let taker: GraphQLResponse<unknown> | undefined;
      labs.beforeNextWriteOf(CREATIONS[refused].collection, async () => {
        taker = await graph.query(CREATIONS[first].mutation, { input: CREATIONS[first].input(id) }, admin);
      });
      const late = await graph.query(CREATIONS[refused].mutation, { input: CREATIONS[refused].input(id) }, admin);
      expect(taker?.errors).toBeUndefined();
      expectRefusedAsTaken(late);
      expect(await held(id)).toEqual(expected);
    });
  });
}
