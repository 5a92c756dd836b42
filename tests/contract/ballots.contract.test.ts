import { ElectionsRepository } from '../../subgraphs/guilds/elections';
import { NO_CHOICE, slotId } from '../../subgraphs/guilds/elections/ballot-slots';
import { BallotDocument, ElectionDocument, VoterDocument, voterId } from '../../subgraphs/guilds/elections/documents';
import { DuplicateKeyError, Store } from '../../shared/store/port';
import { RevisionKeepingStore } from '../../shared/store/revision-keeping-store';
import { currentRequestSubject, inRequest, noteRequestSubject } from '../../shared/server/request-id';
import { FreshStore, openFresh, storesUnderTest } from '../support/stores';

const ELECTION = 'guilds:election-fars-union-007-2026-01-01';
const OTHER = 'guilds:election-other';
const election = (id: string, ballotSlots: number): ElectionDocument & { ballotSlots: number } => ({
  _id: id,
  unionId: 'guilds:fars-union-007',
  chamberId: 'guilds:fars-chamber',
  title: 'ballots',
  seats: 3,
  opensAt: new Date('2026-01-01T04:30:00Z'),
  closesAt: new Date('2026-01-01T14:30:00Z'),
  endsAt: new Date('2026-01-01T14:30:00Z'),
  supervisorNationalCodes: [],
  electronic: true,
  createdAt: new Date('2025-12-01T00:00:00Z'),
  ballotSlots,
});
const voter = (nationalCode: string, electionId = ELECTION): VoterDocument => ({
  _id: voterId(electionId, nationalCode),
  electionId,
  nationalCode,
  votedAt: new Date('2026-01-01T10:00:00Z'),
});

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`one ballot per voter, in slots, enforced by the store, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    let fresh: FreshStore;
    let repository: ElectionsRepository;

    beforeEach(async () => {
      fresh = await openFresh(candidate, 'ballots');
      store = fresh.store;
      repository = new ElectionsRepository(store);
      await repository.ensureIndexes();
      await repository.createElection(election(ELECTION, 20), []);
      await repository.createElection(election(OTHER, 20), []);
    });
    afterEach(async () => {
      await fresh.dispose();
    });

    const slots = (electionId = ELECTION) => store.collection<BallotDocument>('election_ballots').find({ electionId }, { sort: { _id: 1 } });
    const ballots = async (electionId = ELECTION) => (await slots(electionId)).filter((slot) => slot.filled === 1);
    const voters = () => store.collection<VoterDocument>('election_voters').find({}, { sort: { _id: 1 } });

    it('has the unique voter index and the slots index', async () => {
      expect(await store.collection('election_voters').listIndexNames()).toContain('election_voters_one_ballot');
      expect(await store.collection('election_ballots').listIndexNames()).toContain('election_ballots_by_election_and_state');
    });

    it('makes the slots with the election, empty, numbered, and as large as a filled one', async () => {
      const made = await slots();
      expect(made.map((slot) => slot._id).sort()).toEqual(Array.from({ length: 20 }, (_, n) => slotId(ELECTION, n)).sort());
      expect(made.every((slot) => slot.filled === 0 && slot.choices.join() === [NO_CHOICE, NO_CHOICE, NO_CHOICE].join())).toBe(true);
      await repository.recordBallot(election(ELECTION, 20), voter('0061234508'), ['0061234516']);
      const [filled] = await ballots();
      const empty = (await slots()).find((slot) => slot.filled === 0)!;
      expect(filled!.choices).toEqual(['0061234516', NO_CHOICE, NO_CHOICE]);
      const size = (slot: BallotDocument) => JSON.stringify({ ...slot, _id: '' }).length;
      expect(size(filled!)).toBe(size(empty));
    });

    it('keeps a second ballot of the same voter out, writing neither of its documents', async () => {
      await repository.recordBallot(election(ELECTION, 20), voter('0061234508'), ['0061234516']);
      const second = repository.recordBallot(election(ELECTION, 20), voter('0061234508'), ['0061234524']);
      await expect(second).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(second).rejects.toMatchObject({ collection: 'election_voters' });
      expect((await ballots()).map((b) => b.choices[0])).toEqual(['0061234516']);
      expect(await voters()).toHaveLength(1);
      expect(await slots()).toHaveLength(20);
    });

    it('lets exactly one of many simultaneous ballots of one voter through', async () => {
      const attempts = await Promise.allSettled(Array.from({ length: 10 }, () => repository.recordBallot(election(ELECTION, 20), voter('0061234508'), ['0061234516'])));
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const refused of attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) expect(refused.reason).toBeInstanceOf(DuplicateKeyError);
      expect(await ballots()).toHaveLength(1);
      expect(await voters()).toHaveLength(1);
      expect(await repository.countBallots(ELECTION)).toBe(1);
    });

    it('accepts one ballot from each voter, and the same voter in another election, counting filled slots only', async () => {
      const codes = ['0061234508', '0061234516', '0061234524', '0061234532'];
      await Promise.all(codes.map((code) => repository.recordBallot(election(ELECTION, 20), voter(code), [codes[0]!])));
      await repository.recordBallot(election(OTHER, 20), voter(codes[0]!, OTHER), [codes[1]!]);
      expect(await repository.countBallots(ELECTION)).toBe(4);
      expect(await repository.countVoters(ELECTION)).toBe(4);
      expect(await repository.countVotesFor(ELECTION, codes[0]!)).toBe(4);
      expect(await repository.countVotesFor(ELECTION, codes[1]!)).toBe(0);
      expect(await repository.countVotesFor(OTHER, codes[1]!)).toBe(1);
      expect(await repository.countVotesFor(ELECTION, NO_CHOICE)).toBe(4);
      expect(await slots()).toHaveLength(20);
    });

    it('adds a batch of slots when none is left, once, and loses no ballot', async () => {
      const small = election('guilds:election-small', 3);
      await repository.createElection(small, []);
      const codes = Array.from({ length: 80 }, (_, i) => `9${String(i).padStart(9, '0')}`);
      await Promise.all(codes.map((code) => repository.recordBallot(small, voter(code, small._id), ['0061234516'])));
      const made = await slots(small._id);
      const stored = (await store.collection<ElectionDocument>('elections').find({ _id: small._id }))[0]!;
      expect({ voters: await repository.countVoters(small._id), ballots: await repository.countBallots(small._id) }).toEqual({ voters: 80, ballots: 80 });
      // 3, then 64 more, then 64 more: each batch added once, numbered on from the last.
      expect(made).toHaveLength(131);
      expect(stored.ballotSlots).toBe(131);
      expect(new Set(made.map((slot) => slot._id))).toEqual(new Set(Array.from({ length: 131 }, (_, n) => slotId(small._id, n))));
    });

    it("grows the ballot box as upkeep: the election's history keeps its earlier version, naming no voter", async () => {
      // As a registry keeps revisions, by the subject of the request (shared/registry/define.ts).
      const kept = new RevisionKeepingStore(store, { author: currentRequestSubject });
      const elections = new ElectionsRepository(kept);
      const small = election('guilds:election-tiny', 2);
      await elections.createElection(small, []);
      const codes = ['9000000011', '9000000029', '9000000037', '9000000045'];
      for (const [i, code] of codes.entries()) {
        await inRequest(`request-${i}`, async () => {
          noteRequestSubject(code);
          await elections.recordBallot(small, voter(code, small._id), ['0061234516']);
        });
      }
      expect(await elections.countBallots(small._id)).toBe(4);
      const history = await kept.revisionsOf(small._id, 10);
      expect(history.length).toBeGreaterThan(0);
      expect(history.map((revision) => revision.by)).toEqual(history.map(() => undefined));
      expect(JSON.stringify(history)).not.toMatch(/900000/);
    });

    it("fixes the candidates as upkeep, once: the election's history names neither the first voter nor anyone", async () => {
      const kept = new RevisionKeepingStore(store, { author: currentRequestSubject });
      const elections = new ElectionsRepository(kept);
      const fixedOnce = election('guilds:election-fixed', 2);
      await elections.createElection(fixedOnce, []);
      const [created] = await elections.findElections([fixedOnce._id]);
      const fixed = await inRequest('first-ballot', async () => {
        noteRequestSubject('9000000011');
        return elections.fixCandidates(created!);
      });
      expect(fixed).toMatchObject({ _id: fixedOnce._id, candidatesFixed: true });
      // Fixed already: nothing more is written, whatever version the caller read.
      expect(await elections.fixCandidates(created!)).toMatchObject({ candidatesFixed: true });
      expect(await elections.fixCandidates(fixed)).toBe(fixed);
      const history = await kept.revisionsOf(fixedOnce._id, 10);
      expect(history).toHaveLength(1);
      expect(history[0]!.by).toBeUndefined();
      expect(JSON.stringify(history)).not.toMatch(/900000/);
    });
  });
}
