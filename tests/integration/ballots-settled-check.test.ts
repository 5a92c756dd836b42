import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { MemoryStore } from '../../shared/store/memory-store';
import { BallotDocument, ELECTION_COLLECTIONS, ElectionDocument, VoterDocument, voterId } from '../../subgraphs/guilds/elections/documents';
import { ElectionsRepository } from '../../subgraphs/guilds/elections/repository';
import { testToken } from '../support/auth';
import { KilledBeforeCommit, KilledWriter } from '../support/killed-writer';
import { FaultyStore } from '../support/faulty-store';
import { startTestGraph, TestGraph } from '../support/graph';
import { openDemoElection } from '../support/open-election';

/**
 * Found by the election-integrity audit of 2026-12-07: closing and publishing an election looked
 * for a ballot's write in flight (ballotsUnsettled) once, before they counted. A ballot whose write
 * began between that look and the count (checked while voting was open, its process killed mid-way)
 * was counted all the same: the result kept for good said 6 voters for 5 ballots, or voting ended
 * early on a fifth ballot that recovery then took out of the box. Now the look is made again after
 * the count, and either is refused with WRITE_CONFLICT while a write in flight names the ballots.
 */

const CAST = 'mutation B($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }';
const CLOSE = 'mutation C($input: GuildElectionRefInput!) { closeGuildElection(input: $input) { id } }';
const PUBLISH = 'mutation P($input: GuildElectionRefInput!) { publishGuildElectionResult(input: $input) { result { ballots voters } } }';

describe('closing and publishing an election while a ballot is written between their look at the writes in flight and their count', () => {
  let graph: TestGraph;
  let admin: string;
  const backing = new MemoryStore();
  const unsettled = jest.spyOn(ElectionsRepository.prototype, 'ballotsUnsettled');

  beforeAll(async () => {
    // Guilds writes as on a server without transactions (the write journal, as on FerretDB), over a store the test can read.
    graph = await startTestGraph(async (key) => (key === 'guilds' ? new FaultyStore(backing, Math.random, { leaseMs: 30_000, clock: () => new Date() }) : new MemoryStore()));
    admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
  });
  afterAll(async () => {
    unsettled.mockRestore();
    await graph?.stop();
  });

  /** Makes the next look at the ballots in flight answer as it found them, `then` (a ballot's write beginning) done right after. */
  const writtenJustAfterTheLook = (then: () => Promise<void>): void => {
    unsettled.mockImplementationOnce(async function (this: ElectionsRepository, electionId: string) {
      // Called again from within, the spy has no implementation left for once: the real look.
      const found = await this.ballotsUnsettled(electionId);
      await then();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return found;
    });
  };

  const castBy = async (electionId: string, voters: readonly string[], choice: string): Promise<void> => {
    for (const voter of voters) {
      const cast = await graph.query(CAST, { input: { electionId, choices: [choice] } }, await testToken([], { subject: voter }));
      expect(cast.errors).toBeUndefined();
    }
  };

  it('does not publish a result counting the voter record of a ballot whose write began after the look, and writes no result', async () => {
    const { electionId, eligibleNationalCodes: eligible } = await openDemoElection((query, variables) => graph.query(query, variables, admin), 'guilds:fars-union-009');
    const voters = eligible.slice(2, 8);
    await castBy(electionId, voters.slice(0, 5), eligible[0]!);
    expect((await graph.query(CLOSE, { input: { electionId } }, admin)).errors).toBeUndefined();
    // A sixth ballot, checked while voting was open and its slot drawn before the seal, whose process is killed after its voter record went in.
    const late = voters[5]!;
    writtenJustAfterTheLook(async () => {
      const [slot] = await backing.collection<BallotDocument>(ELECTION_COLLECTIONS.ballots).find({ electionId }, { limit: 1 });
      const voter: VoterDocument = { _id: voterId(electionId, late), electionId, nationalCode: late, votedAt: new Date() };
      const filled: BallotDocument = { ...slot!, filled: 1 };
      void new KilledWriter(backing, ELECTION_COLLECTIONS.ballots).writeAll([
        { collection: ELECTION_COLLECTIONS.voters, kind: 'insert', document: voter },
        { collection: ELECTION_COLLECTIONS.ballots, kind: 'replace', previous: slot!, document: filled },
      ]);
    });

    const early = await graph.query<{ publishGuildElectionResult: { result: { ballots: number; voters: number } } }>(PUBLISH, { input: { electionId } }, admin);
    expect({ code: early.errors?.[0]?.extensions?.code, data: early.data?.publishGuildElectionResult ?? null }).toEqual({ code: 'WRITE_CONFLICT', data: null });
    const [stored] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    expect(stored!.result).toBeUndefined();
  });

  it('does not close an election early on a fifth ballot whose write began after the look', async () => {
    const { electionId, eligibleNationalCodes: eligible } = await openDemoElection((query, variables) => graph.query(query, variables, admin), 'guilds:fars-union-011');
    const voters = eligible.slice(2, 7);
    await castBy(electionId, voters.slice(0, 4), eligible[0]!);
    const [election] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    // The fifth ballot, its process killed before its commit: in the box, rolled back by recovery once its lease is over.
    const late = voters[4]!;
    writtenJustAfterTheLook(async () => {
      void new ElectionsRepository(new KilledBeforeCommit(backing)).recordBallot(
        election!,
        { _id: voterId(electionId, late), electionId, nationalCode: late, votedAt: new Date() },
        [eligible[1]!],
      );
    });

    const closed = await graph.query(CLOSE, { input: { electionId } }, admin);
    expect(closed.errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    const [stored] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    expect(stored!.endsAt.getTime()).toBe(election!.endsAt.getTime());
  });
});
