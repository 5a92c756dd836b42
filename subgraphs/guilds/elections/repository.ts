import { keysetPage } from '../../../shared/graphql/keyset-page';
import { Page, PageRequest } from '../../../shared/graphql/pagination';
import { inBatches } from '../../../shared/outbox/date-scan';
import { EventDraft } from '../../../shared/outbox/events';
import { Outbox } from '../../../shared/outbox/outbox';
import { DocumentWrite, DuplicateKeyError, Filter, NO_VALUE, Store, StoreCollection, WriteConflictError } from '../../../shared/store/port';
import { asUpkeep } from '../../../shared/server/request-id';
import { writeInFlightUnder, writesInFlight } from '../../../shared/store/write-journal';
import { drawSlot, emptySlots, filledSlot, sealedSlot, slotIdPrefix, slotsOf, slotsToAdd } from './ballot-slots';
import { BallotDocument, BoardSeatDocument, BoardTermDocument, CandidateDocument, ELECTION_COLLECTIONS, ElectionDocument, VoterDocument, voterId } from './documents';
import { electionEvent, ELECTION_EVENTS } from './events';

/** A ballot found the ballot box sealed: the election's result is being counted, or was. */
export class BallotBoxSealedError extends Error {
  constructor(readonly electionId: string) {
    super(`the ballot box of ${electionId} is sealed`);
    this.name = 'BallotBoxSealedError';
  }
}

/** Empty slots sealed at a time. */
const SEAL_BATCH = 500;

/** How many empty slots a ballot tries before it gives up (another ballot took each one first). */
const SLOT_ATTEMPTS = 20;
/** Slots drawn at random (each read by `_id`) before a ballot looks for an empty one by a range read. */
const SLOT_DRAWS = 16;
/** Batches of slots a ballot may find added by others before it gives up. */
const SLOT_BATCHES = 5;
/** How often a first ballot tries to fix the candidates of an election that other writes keep changing. */
const FIX_ATTEMPTS = 5;

const slotInsert = (document: BallotDocument): DocumentWrite => ({ collection: ELECTION_COLLECTIONS.ballots, kind: 'insert', document });

/** The only code of the elections feature that touches the guilds registry's database. */
export class ElectionsRepository {
  /** Slot batches being added in this process, by election, so that simultaneous ballots add one. */
  private readonly addingSlots = new Map<string, Promise<ElectionDocument>>();

  private readonly elections: StoreCollection<ElectionDocument>;
  private readonly candidates: StoreCollection<CandidateDocument>;
  private readonly voters: StoreCollection<VoterDocument>;
  private readonly ballots: StoreCollection<BallotDocument>;
  private readonly boardTerms: StoreCollection<BoardTermDocument>;
  private readonly boardSeats: StoreCollection<BoardSeatDocument>;

  /** Where the elections' changes write their events. */
  private readonly outbox: Outbox;

  constructor(private readonly store: Store) {
    this.outbox = new Outbox(store);
    this.elections = store.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections);
    this.candidates = store.collection<CandidateDocument>(ELECTION_COLLECTIONS.candidates);
    this.voters = store.collection<VoterDocument>(ELECTION_COLLECTIONS.voters);
    this.ballots = store.collection<BallotDocument>(ELECTION_COLLECTIONS.ballots);
    this.boardTerms = store.collection<BoardTermDocument>(ELECTION_COLLECTIONS.boardTerms);
    this.boardSeats = store.collection<BoardSeatDocument>(ELECTION_COLLECTIONS.boardSeats);
  }

  /**
   * Whether the voter record `id` is one a write in flight still names (written by a ballot whose
   * process stopped before it committed, to be rolled back by recovery, or still being written):
   * whether that voter has voted is not settled yet.
   */
  async voterRecordUnsettled(id: string): Promise<boolean> {
    return (await writesInFlight(this.store, ELECTION_COLLECTIONS.voters, [id])).size > 0;
  }

  /**
   * Whether a ballot of the election is not settled: its voter record or slot named by a write in
   * flight (one being made, or one a stopped process left for recovery to roll back). Counted then,
   * it could be in a published result and later rolled back out of the box.
   */
  ballotsUnsettled(electionId: string): Promise<boolean> {
    return writeInFlightUnder(this.store, { [ELECTION_COLLECTIONS.voters]: voterId(electionId, ''), [ELECTION_COLLECTIONS.ballots]: slotIdPrefix(electionId) });
  }

  /** Whether the voter record `id` is stored (settled or not). */
  async voterRecordStored(id: string): Promise<boolean> {
    return (await this.voters.count({ _id: id })) > 0;
  }

  /** Idempotent. The unique voter index is what stops a second ballot, whichever request comes first. */
  async ensureIndexes(): Promise<void> {
    await this.elections.ensureIndex({ name: 'elections_by_union', keys: { unionId: 1 } });
    await this.elections.ensureIndex({ name: 'elections_by_chamber', keys: { chamberId: 1 } });
    await this.elections.ensureIndex({ name: 'elections_by_province_and_opening', keys: { provinceKey: 1, opensAt: 1 } });
    await this.elections.ensureIndex({ name: 'elections_by_opening', keys: { opensAt: 1 } });
    await this.boardTerms.ensureIndex({ name: 'union_board_terms_by_union', keys: { unionId: 1 } });
    await this.boardSeats.ensureIndex({ name: 'union_board_seats_by_term', keys: { termId: 1 } });
    await this.boardSeats.ensureIndex({ name: 'union_board_seats_by_person', keys: { nationalCode: 1 } });
    await this.boardSeats.ensureIndex({ name: 'union_board_seats_by_union', keys: { unionId: 1 } });
    await this.candidates.ensureIndex({ name: 'election_candidates_by_election', keys: { electionId: 1 } });
    await this.voters.ensureIndex({ name: 'election_voters_one_ballot', keys: { electionId: 1, nationalCode: 1 }, unique: true });
    // An election's empty slots from a random _id on (a ballot's slot), and its cast ballots counted.
    await this.ballots.ensureIndex({ name: 'election_ballots_by_election_and_state', keys: { electionId: 1, filled: 1, _id: 1 } });
  }

  findElections(ids: readonly string[]): Promise<ElectionDocument[]> {
    return this.elections.find({ _id: { $in: [...ids] } });
  }

  /** Keyset pagination on `_id`: stable under inserts. */
  pageElections(filter: Filter, request: PageRequest): Promise<Page<ElectionDocument>> {
    return keysetPage(this.elections, filter, request, (row) => row._id);
  }

  /**
   * Inserts a new election (with `ballotSlots` set), its first candidates and its empty ballot slots
   * (see ballot-slots.ts), all or nothing (a DuplicateKeyError when the id is taken).
   */
  async createElection(election: ElectionDocument & { ballotSlots: number }, candidates: CandidateDocument[]): Promise<void> {
    const writes: DocumentWrite[] = [
      { collection: ELECTION_COLLECTIONS.elections, kind: 'insert', document: election },
      ...candidates.map((document): DocumentWrite => ({ collection: ELECTION_COLLECTIONS.candidates, kind: 'insert', document })),
      ...emptySlots(election._id, election.seats, 0, election.ballotSlots).map(slotInsert),
    ];
    // Its event is written with it (shared/outbox).
    await this.outbox.writeWith(writes, [electionEvent(election, ELECTION_EVENTS.created, candidates)]);
  }

  /**
   * Replaces an election as read with its next state (closed early, its result published, a
   * tie-break recorded); a WriteConflictError, writing nothing, when another write changed it since.
   */
  async replaceElection(previous: ElectionDocument, next: ElectionDocument): Promise<void> {
    await this.store.writeAll([{ collection: ELECTION_COLLECTIONS.elections, kind: 'replace', previous, document: next }]);
  }

  /** Replaces a candidate as read (withdrawn, disqualified); a WriteConflictError when changed since. */
  async replaceCandidate(previous: CandidateDocument, next: CandidateDocument): Promise<void> {
    await this.store.writeAll([{ collection: ELECTION_COLLECTIONS.candidates, kind: 'replace', previous, document: next }]);
  }

  /**
   * Installs a board, all or nothing: the new term and its seats are inserted, and the term it
   * replaces and that term's seats (each as read, now with its end) replaced. A DuplicateKeyError
   * when this election's board is installed already; a WriteConflictError when the previous term
   * or one of its seats was changed since it was read (another board installed meanwhile).
   */
  async installBoard(
    term: BoardTermDocument,
    seats: readonly BoardSeatDocument[],
    ended: { term: { previous: BoardTermDocument; next: BoardTermDocument }; seats: { previous: BoardSeatDocument; next: BoardSeatDocument }[] } | null,
  ): Promise<void> {
    await this.store.writeAll([
      { collection: ELECTION_COLLECTIONS.boardTerms, kind: 'insert', document: term },
      ...seats.map((document): DocumentWrite => ({ collection: ELECTION_COLLECTIONS.boardSeats, kind: 'insert', document })),
      ...(ended
        ? [
            { collection: ELECTION_COLLECTIONS.boardTerms, kind: 'replace', previous: ended.term.previous, document: ended.term.next } as DocumentWrite,
            ...ended.seats.map(({ previous, next }): DocumentWrite => ({ collection: ELECTION_COLLECTIONS.boardSeats, kind: 'replace', previous, document: next })),
          ]
        : []),
    ]);
  }

  findBoardTerms(ids: readonly string[]): Promise<BoardTermDocument[]> {
    return this.boardTerms.find({ _id: { $in: [...ids] } });
  }

  /** Every board term of these unions, newest first within each. */
  /** Every election of the unions, in id order: one indexed read (`elections_by_union`). */
  findElectionsOfUnions(unionIds: readonly string[]): Promise<ElectionDocument[]> {
    return this.elections.find({ unionId: { $in: [...unionIds] } }, { sort: { _id: 1 } });
  }

  findBoardTermsOfUnions(unionIds: readonly string[]): Promise<BoardTermDocument[]> {
    return this.boardTerms.find({ unionId: { $in: [...unionIds] } }, { sort: { startsOn: -1, _id: 1 } });
  }

  /** The seats of these terms, in `_id` order. */
  findSeatsOfTerms(termIds: readonly string[]): Promise<BoardSeatDocument[]> {
    return this.boardSeats.find({ termId: { $in: [...termIds] } }, { sort: { _id: 1 } });
  }

  /** The board seats these people hold now (not given up). */
  findCurrentSeatsOfPeople(nationalCodes: readonly string[]): Promise<BoardSeatDocument[]> {
    return this.boardSeats.find({ nationalCode: { $in: [...nationalCodes] }, until: NO_VALUE }, { sort: { _id: 1 } });
  }

  /** The seats of these unions' boards in office now. */
  findCurrentSeatsOfUnions(unionIds: readonly string[]): Promise<BoardSeatDocument[]> {
    return this.boardSeats.find({ unionId: { $in: [...unionIds] }, until: NO_VALUE }, { sort: { _id: 1 } });
  }

  /** Replaces an election as it was read (`previous`) with the events of the change, all or nothing; a WriteConflictError when changed since. */
  async saveElectionWithEvents(previous: ElectionDocument, next: ElectionDocument, events: readonly EventDraft[]): Promise<void> {
    await this.outbox.writeWith([{ collection: ELECTION_COLLECTIONS.elections, kind: 'replace', previous, document: next }], events);
  }

  /** Elections matching `filter`, batch by batch: what the scan for opening and closing times reads. */
  electionsWhere(filter: Filter): AsyncIterable<ElectionDocument[]> {
    return inBatches(this.elections, filter);
  }

  /**
   * Adds a candidate to the election as read, all or nothing: the election is written back unchanged
   * beside the candidate, so that the write fails when the election changed since it was read (a
   * WriteConflictError: a ballot fixed its candidates meanwhile, see `fixCandidates`). A
   * DuplicateKeyError when the person already stands in it.
   */
  async addCandidate(election: ElectionDocument, candidate: CandidateDocument): Promise<void> {
    await this.store.writeAll([
      { collection: ELECTION_COLLECTIONS.elections, kind: 'replace', previous: election, document: election },
      { collection: ELECTION_COLLECTIONS.candidates, kind: 'insert', document: candidate },
    ]);
  }

  /**
   * Fixes the election's candidates, before its first ballot is kept: returns it as stored with
   * `candidatesFixed` set, reading it again (and trying again) when another write changed it since
   * it was read. As upkeep, by no one: the election's history does not name the first voter.
   */
  async fixCandidates(election: ElectionDocument): Promise<ElectionDocument> {
    let current = election;
    for (let attempt = 1; !current.candidatesFixed; attempt += 1) {
      const next = { ...current, candidatesFixed: true } as const;
      try {
        await asUpkeep(() => this.store.writeAll([{ collection: ELECTION_COLLECTIONS.elections, kind: 'replace', previous: current, document: next }]));
      } catch (error) {
        if (!(error instanceof WriteConflictError) || attempt >= FIX_ATTEMPTS) throw error;
      }
      const [stored] = await this.elections.find({ _id: election._id });
      if (!stored) throw new WriteConflictError(ELECTION_COLLECTIONS.elections, election._id);
      current = stored;
    }
    return current;
  }

  /** Every candidate of these elections, in national-code order within each. */
  findCandidates(electionIds: readonly string[]): Promise<CandidateDocument[]> {
    return this.candidates.find({ electionId: { $in: [...electionIds] } }, { sort: { _id: 1 } });
  }

  /**
   * Records that a voter voted and, apart from it, what they voted, all or nothing: the voter record
   * is inserted and an empty slot chosen at random is filled in place (see ballot-slots.ts). The
   * voter record goes first: its unique `_id` (and index) makes a second ballot by the same voter,
   * even one sent at the same moment, fail with a DuplicateKeyError before its ballot is kept. When
   * another ballot took the slot first, another is tried; a WriteConflictError after SLOT_ATTEMPTS.
   */
  async recordBallot(election: ElectionDocument, voter: VoterDocument, choices: readonly string[]): Promise<void> {
    let current = election;
    for (let attempt = 1; ; attempt += 1) {
      const found = await this.emptySlot(current);
      current = found.election;
      try {
        await this.store.writeAll([
          { collection: ELECTION_COLLECTIONS.voters, kind: 'insert', document: voter },
          { collection: ELECTION_COLLECTIONS.ballots, kind: 'replace', previous: found.slot, document: filledSlot(found.slot, choices, current.seats) },
        ]);
        return;
      } catch (error) {
        if (!(error instanceof WriteConflictError) || attempt >= SLOT_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * An empty slot of the election drawn at random: slot numbers drawn until one is empty (with the
   * slot count read again once, in case batches were added since the election was read), then, most
   * being taken, the first empty one from a random number on; when none is left, a batch is added.
   * Returns the slot and the election as last read.
   */
  private async emptySlot(election: ElectionDocument): Promise<{ slot: BallotDocument; election: ElectionDocument }> {
    let current = election;
    let reread = false;
    for (let batch = 0; batch <= SLOT_BATCHES;) {
      const slots = current.ballotSlots ?? 0;
      for (let draw = 0; slots > 0 && draw < SLOT_DRAWS; draw += 1) {
        const [slot] = await this.ballots.find({ _id: drawSlot(current._id, slots) });
        if (slot?.filled === 0) return { slot, election: current };
      }
      if (!reread) {
        reread = true;
        const [stored] = await this.elections.find({ _id: current._id });
        if (stored && (stored.ballotSlots ?? 0) > slots) {
          current = stored;
          continue;
        }
      }
      const empty = slotsOf(current._id, 0);
      const [after] = await this.ballots.find({ ...empty, _id: { $gte: drawSlot(current._id, Math.max(1, slots)) } }, { sort: { _id: 1 }, limit: 1 });
      const slot = after ?? (await this.ballots.find(empty, { sort: { _id: 1 }, limit: 1 }))[0];
      if (slot) return { slot, election: current };
      current = await this.addSlots(current._id);
      batch += 1;
    }
    throw new WriteConflictError(ELECTION_COLLECTIONS.ballots, election._id);
  }

  /**
   * Adds a batch of empty slots to an election that has none left, once in this process however many
   * ballots find it so at the same moment; as upkeep, by no one: the election's history keeps its
   * version before the batch without naming the voter whose ballot found the box full.
   */
  private addSlots(electionId: string): Promise<ElectionDocument> {
    let adding = this.addingSlots.get(electionId);
    if (!adding) {
      adding = asUpkeep(() => this.addSlotBatch(electionId)).finally(() => this.addingSlots.delete(electionId));
      this.addingSlots.set(electionId, adding);
    }
    return adding;
  }

  /**
   * The election with more slots, and its new slot count, all or nothing; the election is replaced
   * only if unchanged, and the new slots' numbers are unique, so of two processes adding a batch at
   * the same moment one does. Returns the election as it stands then.
   */
  private async addSlotBatch(electionId: string): Promise<ElectionDocument> {
    const [election] = await this.elections.find({ _id: electionId });
    if (!election) throw new WriteConflictError(ELECTION_COLLECTIONS.elections, electionId);
    if ((await this.ballots.count(slotsOf(electionId, 0))) > 0) return election;
    if ((await this.ballots.count(slotsOf(electionId, 2))) > 0) throw new BallotBoxSealedError(electionId);
    const from = Math.max(election.ballotSlots ?? 0, await this.ballots.count({ electionId }));
    const count = slotsToAdd(from);
    const grown: ElectionDocument = { ...election, ballotSlots: from + count };
    try {
      await this.store.writeAll([
        { collection: ELECTION_COLLECTIONS.elections, kind: 'replace', previous: election, document: grown },
        ...emptySlots(electionId, election.seats, from, count).map(slotInsert),
      ]);
      return grown;
    } catch (error) {
      if (!(error instanceof WriteConflictError || error instanceof DuplicateKeyError)) throw error;
      return (await this.elections.find({ _id: electionId }))[0] ?? election;
    }
  }

  findVoters(ids: readonly string[]): Promise<VoterDocument[]> {
    return this.voters.find({ _id: { $in: [...ids] } });
  }

  countVoters(electionId: string): Promise<number> {
    return this.voters.count({ electionId });
  }

  /** How many voter records each of these elections has: one grouped count by the database where the store gives one, else a count per election. */
  async countVotersOfElections(electionIds: readonly string[]): Promise<Map<string, number>> {
    const filter = { electionId: { $in: [...electionIds] } };
    const groups = this.voters.countBy
      ? await this.voters.countBy('electionId', filter)
      : await Promise.all(electionIds.map(async (id) => ({ key: id, count: await this.countVoters(id) })));
    return new Map(groups.flatMap(({ key, count }) => (typeof key === 'string' ? [[key, count] as const] : [])));
  }

  /**
   * Seals every empty slot of the election, so that no ballot fills one after (publishing counts what
   * is in the box then). A ballot checked while voting was open may still be on its way: its write
   * replaces its slot only if the slot is unchanged, so once sealed it fails, and it finds no other
   * (a new batch of slots is refused once any is sealed; one added meanwhile changed the election,
   * whose publication is conditional on it unchanged). A slot a ballot fills first stays filled.
   */
  async sealEmptySlots(electionId: string): Promise<void> {
    for (;;) {
      const empty = await this.ballots.find(slotsOf(electionId, 0), { limit: SEAL_BATCH });
      if (empty.length === 0) return;
      await Promise.all(empty.map((slot) => this.ballots.replaceIfUnchanged(slot, sealedSlot(slot))));
    }
  }

  /** Cast ballots (filled slots) of the election. */
  countBallots(electionId: string): Promise<number> {
    return this.ballots.count(slotsOf(electionId, 1));
  }

  /** Cast ballots of the election naming this candidate: one count per candidate, no ballot read into memory. */
  countVotesFor(electionId: string, nationalCode: string): Promise<number> {
    return this.ballots.count({ ...slotsOf(electionId, 1), choices: nationalCode });
  }
}
