import { ElectionsRepository } from '../../subgraphs/guilds/elections';
import { BallotDocument, VoterDocument, voterId } from '../../subgraphs/guilds/elections/documents';
import { DuplicateKeyError, Store } from '../../shared/store/port';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

const ELECTION = 'guilds:election-fars-union-007-2026-01-01';
const voter = (nationalCode: string, electionId = ELECTION): VoterDocument => ({
  _id: voterId(electionId, nationalCode),
  electionId,
  nationalCode,
  votedAt: new Date('2026-01-01T10:00:00Z'),
});
const ballot = (id: string, choices: string[], electionId = ELECTION): BallotDocument => ({ _id: id, electionId, choices });

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`one ballot per voter, enforced by the store, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    let fresh: FreshStore;
    let repository: ElectionsRepository;

    beforeEach(async () => {
      fresh = await openFresh(candidate, 'ballots');
      store = fresh.store;
      repository = new ElectionsRepository(store);
      await repository.ensureIndexes();
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    const ballots = () => store.collection<BallotDocument>('election_ballots').find({}, { sort: { _id: 1 } });
    const voters = () => store.collection<VoterDocument>('election_voters').find({}, { sort: { _id: 1 } });

    it('has the unique voter index', async () => {
      expect(await store.collection('election_voters').listIndexNames()).toContain('election_voters_one_ballot');
    });

    it('keeps a second ballot of the same voter out, writing neither of its documents', async () => {
      await repository.recordBallot(voter('0061234508'), ballot('b-1', ['0061234516']));
      const second = repository.recordBallot(voter('0061234508'), ballot('b-2', ['0061234524']));
      await expect(second).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(second).rejects.toMatchObject({ collection: 'election_voters' });
      expect((await ballots()).map((b) => b._id)).toEqual(['b-1']);
      expect(await voters()).toHaveLength(1);
    });

    it('lets exactly one of many simultaneous ballots of one voter through', async () => {
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => repository.recordBallot(voter('0061234508'), ballot(`c-${i}`, ['0061234516']))),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const refused of attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) expect(refused.reason).toBeInstanceOf(DuplicateKeyError);
      expect(await ballots()).toHaveLength(1);
      expect(await voters()).toHaveLength(1);
      expect(await repository.countBallots(ELECTION)).toBe(1);
    });

    it('accepts one ballot from each voter, and the same voter in another election', async () => {
      const codes = ['0061234508', '0061234516', '0061234524', '0061234532'];
      await Promise.all(codes.map((code, i) => repository.recordBallot(voter(code), ballot(`d-${i}`, [codes[0]!]))));
      await repository.recordBallot(voter(codes[0]!, 'guilds:election-other'), ballot('d-other', [codes[1]!], 'guilds:election-other'));
      expect(await repository.countBallots(ELECTION)).toBe(4);
      expect(await repository.countVoters(ELECTION)).toBe(4);
      expect(await repository.countVotesFor(ELECTION, codes[0]!)).toBe(4);
      expect(await repository.countVotesFor(ELECTION, codes[1]!)).toBe(0);
    });
  });
}
