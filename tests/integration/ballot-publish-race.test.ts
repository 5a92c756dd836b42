import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { StoredDocument } from '../../shared/store/port';
import { ballotChoiceOf } from '../../subgraphs/guilds/elections/ballot-choice';
import { MIN_BALLOTS_FOR_A_RESULT } from '../../subgraphs/guilds/elections/close-publish';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { TestGraph } from '../support/graph';
import { InterleavingStore, startInterleavedGraph } from '../support/interleaving-store';
import { castBallotsToClose, openDemoElection, OpenElection } from '../support/open-election';
import { storesUnderTest } from '../support/stores';

/**
 * A ballot checked while voting was open, whose write comes after the election was closed and its
 * result published (integrity audit, 2026-12-06): before, it was stored and left out of the
 * published count. Publishing now seals the ballot box's empty slots before it counts, so that
 * ballot is refused (ELECTION_CLOSED) and writes nothing, and the result counts every ballot
 * stored. The close and the publication land through the API, from inside the ballot's write.
 */

const UNION = 'guilds:fars-union-004';
const CAST = 'mutation B($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }';
const CLOSE = 'mutation C($id: ID!) { closeGuildElection(input: { electionId: $id }) { status } }';
const PUBLISH = 'mutation P($id: ID!) { publishGuildElectionResult(input: { electionId: $id }) { status result { ballots voters } } }';

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`a ballot written after the result was published, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let guilds: InterleavingStore;
    let admin: string;
    let election: OpenElection;
    const databases = perAssociationDatabases(candidate);
    const stored = (collection: string, filter: Record<string, unknown>) => graph.stores.guilds.collection<StoredDocument>(collection).find(filter);
    const vote = async (voter: string) =>
      graph.query(
        CAST,
        { input: { electionId: election.electionId, choices: [ballotChoiceOf(election.electionId, election.candidateNationalCodes[0]!)] } },
        await testToken([], { subject: voter }),
      );

    beforeAll(async () => {
      ({ graph, interleaved: guilds } = await startInterleavedGraph('guilds', databases.open));
      admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
      election = await openDemoElection((query, variables) => graph.query(query, variables, admin), UNION);
      // Enough ballots for voting to end early; none of them the voter's.
      await castBallotsToClose(election, async (voter, query, variables) => graph.query(query, variables, await testToken([], { subject: voter })));
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('refuses it, writing nothing, and the result counts every ballot stored', async () => {
      const published: { status?: string; result?: { ballots: number; voters: number } } = {};
      guilds.beforeNextWriteOf('election_ballots', async () => {
        expect((await graph.query(CLOSE, { id: election.electionId }, admin)).errors).toBeUndefined();
        const { data, errors } = await graph.query<{ publishGuildElectionResult: typeof published }>(PUBLISH, { id: election.electionId }, admin);
        expect(errors).toBeUndefined();
        Object.assign(published, data!.publishGuildElectionResult);
      });
      const late = await vote(election.voterNationalCode);
      expect(published).toEqual({ status: 'PUBLISHED', result: { ballots: MIN_BALLOTS_FOR_A_RESULT, voters: MIN_BALLOTS_FOR_A_RESULT } });
      expect(late.errors?.[0]?.extensions?.code).toBe('ELECTION_CLOSED');
      expect(await stored('election_ballots', { electionId: election.electionId, filled: 1 })).toHaveLength(MIN_BALLOTS_FOR_A_RESULT);
      expect(await stored('election_voters', { electionId: election.electionId })).toHaveLength(MIN_BALLOTS_FOR_A_RESULT);
      // The box stays sealed: no empty slot is left, nor added.
      expect(await stored('election_ballots', { electionId: election.electionId, filled: 0 })).toHaveLength(0);
      // The union's last member, who has not voted.
      expect((await vote(election.eligibleNationalCodes.at(-1)!)).errors?.[0]?.extensions?.code).toBe('ELECTION_CLOSED');
    });
  });
}
