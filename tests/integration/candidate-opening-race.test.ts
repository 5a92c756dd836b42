import { GraphQLError } from 'graphql';
import { StoredDocument } from '../../shared/store/port';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { ElectionsContext, ElectionsRepository } from '../../subgraphs/guilds/elections';
import { addElectionCandidate } from '../../subgraphs/guilds/elections/add-candidate';
import { castBallot } from '../../subgraphs/guilds/elections/cast-ballot';
import { createGuildElection } from '../../subgraphs/guilds/elections/create-election';
import { CandidateDocument } from '../../subgraphs/guilds/elections/documents';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { electionsRequest, eligibleMembersAt } from '../support/election-requests';
import { InterleavingStore } from '../support/interleaving-store';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

/**
 * A candidate checked while an election was scheduled, whose write comes after voting opened and a
 * ballot was cast (integrity audit, 2026-12-06): before, it landed, and the candidate list changed
 * under voters who had already voted. The first ballot now fixes the candidates in a write of its
 * own, and a candidate is written with the election as read, so the late one is refused and
 * nothing of it is stored. The ballot lands, on an injected clock, from inside the candidate's write.
 */

const demo = guildsDemoData();
const UNION = 'guilds:fars-union-007';
const OPENS_AT = new Date('2026-03-01T04:30:00Z');
/** One election a day per union: the second case's opens a day later. */
const NEXT_DAY = 86_400_000;
const eligible = eligibleMembersAt(demo, UNION, OPENS_AT);

const refusal = async (promise: Promise<unknown>): Promise<{ code: unknown; message: string } | 'accepted'> => {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return { code: (error as GraphQLError).extensions?.code, message: (error as Error).message };
  }
};

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`a candidate written after the first ballot, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let fresh: FreshStore;
    let store: InterleavingStore;
    let guilds: GuildsRepository;
    let elections: ElectionsRepository;
    let now = new Date(OPENS_AT.getTime() - 60_000);

    const contextFor = (subject: string): ElectionsContext => electionsRequest(guilds, elections, () => now, subject);
    /** An election of two candidates for one seat, opening at `opensAt` for ten hours, created a minute before. */
    const scheduled = (opensAt: Date) => {
      now = new Date(opensAt.getTime() - 60_000);
      const closesAt = new Date(opensAt.getTime() + 10 * 3_600_000);
      return createGuildElection(
        { unionId: UNION, seats: 1, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), candidateNationalCodes: eligible.slice(0, 2) },
        contextFor('officer'),
      );
    };
    const candidatesOf = async (electionId: string) => (await store.collection<CandidateDocument>('election_candidates').find({ electionId })).map((c) => c.nationalCode).sort();
    const stored = (collection: string, filter: Record<string, unknown>) => store.collection<StoredDocument>(collection).find(filter);

    beforeAll(async () => {
      fresh = await openFresh(candidate, 'candidate_race');
      store = new InterleavingStore(fresh.store);
      guilds = new GuildsRepository(store);
      elections = new ElectionsRepository(store);
      await guilds.ensureIndexes();
      await elections.ensureIndexes();
      await guilds.loadDemoData(demo);
    }, 60_000);
    afterAll(async () => fresh?.dispose());

    it('refuses the candidate, storing nothing of it, and keeps the list the ballot was cast on', async () => {
      expect(eligible.length).toBeGreaterThanOrEqual(4);
      const election = await scheduled(OPENS_AT);
      const ballot: { outcome?: Awaited<ReturnType<typeof refusal>> } = {};
      store.beforeNextWriteOf('election_candidates', async () => {
        now = OPENS_AT;
        ballot.outcome = await refusal(castBallot({ electionId: election._id, choices: [eligible[0]!] }, contextFor(eligible[3]!)));
      });
      const late = await refusal(addElectionCandidate({ electionId: election._id, nationalCode: eligible[2]! }, contextFor('officer')));

      expect(ballot.outcome).toBe('accepted');
      expect(late).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/candidates are fixed/) });
      expect(await candidatesOf(election._id)).toEqual(eligible.slice(0, 2));
      expect(await stored('elections', { _id: election._id })).toEqual([expect.objectContaining({ candidatesFixed: true })]);
      // The clock says open; the fixed list refuses a candidate even before it would.
      expect(await refusal(addElectionCandidate({ electionId: election._id, nationalCode: eligible[2]! }, contextFor('officer')))).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    });

    it('keeps a candidate whose write came first, and the ballot after it fixes the list with them on it', async () => {
      const opensAt = new Date(OPENS_AT.getTime() + NEXT_DAY);
      const election = await scheduled(opensAt);
      // The ballot is checked on the list of two; the candidate's write lands before the ballot fixes the list.
      store.beforeNextWriteOf('elections', async () => {
        now = new Date(opensAt.getTime() - 1);
        expect(await refusal(addElectionCandidate({ electionId: election._id, nationalCode: eligible[2]! }, contextFor('officer')))).toBe('accepted');
        now = opensAt;
      });
      now = opensAt;
      expect(await refusal(castBallot({ electionId: election._id, choices: [eligible[0]!] }, contextFor(eligible[3]!)))).toBe('accepted');
      expect(await candidatesOf(election._id)).toEqual(eligible.slice(0, 3));
      expect(await stored('elections', { _id: election._id })).toEqual([expect.objectContaining({ candidatesFixed: true })]);
      expect(await stored('election_voters', { electionId: election._id })).toHaveLength(1);
    });
  });
}
