import { keysetPage } from '../../../shared/graphql/keyset-page';
import { Page, PageRequest } from '../../../shared/graphql/pagination';
import { Filter, Store, StoreCollection } from '../../../shared/store/port';
import {
  BallotDocument,
  CandidateDocument,
  ELECTION_COLLECTIONS,
  ElectionDocument,
  VoterDocument,
} from './documents';

/** The only code of the elections feature that touches the guilds registry's database. */
export class ElectionsRepository {
  private readonly elections: StoreCollection<ElectionDocument>;
  private readonly candidates: StoreCollection<CandidateDocument>;
  private readonly voters: StoreCollection<VoterDocument>;
  private readonly ballots: StoreCollection<BallotDocument>;

  constructor(private readonly store: Store) {
    this.elections = store.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections);
    this.candidates = store.collection<CandidateDocument>(ELECTION_COLLECTIONS.candidates);
    this.voters = store.collection<VoterDocument>(ELECTION_COLLECTIONS.voters);
    this.ballots = store.collection<BallotDocument>(ELECTION_COLLECTIONS.ballots);
  }

  /** Idempotent. The unique voter index is what stops a second ballot, whichever request comes first. */
  async ensureIndexes(): Promise<void> {
    await this.elections.ensureIndex({ name: 'elections_by_union', keys: { unionId: 1 } });
    await this.elections.ensureIndex({ name: 'elections_by_chamber', keys: { chamberId: 1 } });
    await this.candidates.ensureIndex({ name: 'election_candidates_by_election', keys: { electionId: 1 } });
    await this.voters.ensureIndex({ name: 'election_voters_one_ballot', keys: { electionId: 1, nationalCode: 1 }, unique: true });
    await this.ballots.ensureIndex({ name: 'election_ballots_by_election', keys: { electionId: 1 } });
  }

  findElections(ids: readonly string[]): Promise<ElectionDocument[]> {
    return this.elections.find({ _id: { $in: [...ids] } });
  }

  /** Keyset pagination on `_id`: stable under inserts. */
  pageElections(filter: Filter, request: PageRequest): Promise<Page<ElectionDocument>> {
    return keysetPage(this.elections, filter, request, (row) => row._id);
  }

  /** Inserts a new election and its first candidates, all or nothing (a DuplicateKeyError when the id is taken). */
  async createElection(election: ElectionDocument, candidates: CandidateDocument[]): Promise<void> {
    await this.store.writeAll([
      { collection: ELECTION_COLLECTIONS.elections, kind: 'insert', document: election },
      ...candidates.map((document) => ({ collection: ELECTION_COLLECTIONS.candidates, kind: 'insert' as const, document })),
    ]);
  }

  /** Replaces an election (closing it early, publishing its result). */
  saveElection(election: ElectionDocument): Promise<void> {
    return this.elections.upsertOne(election);
  }

  /** A DuplicateKeyError when the person already stands in this election. */
  addCandidate(candidate: CandidateDocument): Promise<void> {
    return this.candidates.insertOne(candidate);
  }

  /** Every candidate of these elections, in national-code order within each. */
  findCandidates(electionIds: readonly string[]): Promise<CandidateDocument[]> {
    return this.candidates.find({ electionId: { $in: [...electionIds] } }, { sort: { _id: 1 } });
  }

  /**
   * Records that a voter voted and, apart from it, what they voted, all or nothing. The voter
   * record goes first: its unique `_id` (and index) makes a second ballot by the same voter, even
   * one sent at the same moment, fail with a DuplicateKeyError before its ballot is kept.
   */
  async recordBallot(voter: VoterDocument, ballot: BallotDocument): Promise<void> {
    await this.store.writeAll([
      { collection: ELECTION_COLLECTIONS.voters, kind: 'insert', document: voter },
      { collection: ELECTION_COLLECTIONS.ballots, kind: 'insert', document: ballot },
    ]);
  }

  findVoters(ids: readonly string[]): Promise<VoterDocument[]> {
    return this.voters.find({ _id: { $in: [...ids] } });
  }

  /** Voter records of these elections (for turnout; read in one call, never exposed one by one). */
  findVotersOfElections(electionIds: readonly string[]): Promise<VoterDocument[]> {
    return this.voters.find({ electionId: { $in: [...electionIds] } });
  }

  countVoters(electionId: string): Promise<number> {
    return this.voters.count({ electionId });
  }

  countBallots(electionId: string): Promise<number> {
    return this.ballots.count({ electionId });
  }

  /** Ballots of the election naming this candidate: one count per candidate, no ballot read into memory. */
  countVotesFor(electionId: string, nationalCode: string): Promise<number> {
    return this.ballots.count({ electionId, choices: nationalCode });
  }
}
