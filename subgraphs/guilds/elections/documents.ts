import { ProvenanceRecord } from '../../../shared/provenance/provenance';
import { StoredDocument } from '../../../shared/store/port';

/** The collections of the elections feature. Who voted and what was voted are kept apart (ballot secrecy). */
export const ELECTION_COLLECTIONS = {
  elections: 'elections',
  candidates: 'election_candidates',
  /** One document per voter and election: who voted, never what. Its `_id` is unique, so nobody votes twice. */
  voters: 'election_voters',
  /** Ballot slots, made empty with the election and filled by ballots in random order: what was voted, never by whom or when (see ballot-slots.ts). */
  ballots: 'election_ballots',
  /** A union board's terms of office: one per installed board (see install-board.ts). */
  boardTerms: 'union_board_terms',
  /** The seats of each term: who held which position, from when, until when. */
  boardSeats: 'union_board_seats',
} as const;

/** One candidate's count in a published result. */
export interface CandidateTally {
  nationalCode: string;
  /** Ballots naming the candidate. */
  votes: number;
  /** Elected by the count alone; a candidate chosen by the tie-break is not marked here (see `electedCodes`). */
  elected: boolean;
  /** The candidate had withdrawn or been disqualified: the votes naming them elect no one. */
  excluded?: boolean;
}

export const TIE_BREAK_METHODS = ['LOT', 'UNION_RULE'] as const;
export type TieBreakMethod = (typeof TIE_BREAK_METHODS)[number];

/** How the supervisors settled a tie for the last seat(s), and who recorded it. */
export interface TieBreakDocument {
  method: TieBreakMethod;
  /** The union's rule applied, in its words (UNION_RULE). */
  rule?: string;
  /** The tied candidates given the seats left, by national code. */
  chosen: string[];
  /** The supervisors who decided, by national code. */
  decidedBy: string[];
  decidedAt: Date;
  /** The caller who recorded the decision (the token's subject). */
  recordedBy: string;
  recordedAt: Date;
  note?: string;
}

/** The count frozen when the result is published, after voting has ended. */
export interface ElectionResultDocument {
  publishedAt: Date;
  /** Accepted ballots: the filled slots of `election_ballots` for the election. */
  ballots: number;
  /** Voter records: the documents of `election_voters` for the election (equal to `ballots`). */
  voters: number;
  eligibleVoters: number;
  /** Standing candidates by votes, most first, ties in national-code order; then the excluded ones, likewise. */
  tallies: CandidateTally[];
  /** Whether more candidates had the last seat's votes than seats were left: the supervisors decide between them. */
  tieForLastSeat: boolean;
  /** The candidates tied for the last seat(s), in national-code order (with `tieForLastSeat`). */
  tied?: string[];
  /** The supervisors' decision between the tied candidates, once recorded. */
  tieBreak?: TieBreakDocument;
}

/** A union board election (انتخابات هیئت مدیره اتحادیه), in the `elections` collection. */
export interface ElectionDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  unionId: string;
  chamberId: string;
  title: string;
  /** Board seats to fill; a ballot names at most this many candidates. */
  seats: number;
  /** When voting opens (an instant). */
  opensAt: Date;
  /** When voting was planned to close. */
  closesAt: Date;
  /** When voting actually ends: `closesAt`, or earlier when an admin closed it (`closeGuildElection`). */
  endsAt: Date;
  /** National codes of the officials who supervise the election (not members, not voters). */
  supervisorNationalCodes: string[];
  /** Fully electronic (seed 003: «به صورت تمام الکترونیکی»). */
  electronic: boolean;
  /** The union's province when the election was created, as written, and as `searchKey` reads it (the list's filter). */
  province?: string;
  provinceKey?: string;
  /**
   * Members eligible when voting ended, counted once: when an admin closes voting, or when the result
   * is published after voting ended by the clock. Absent while voting has not ended.
   */
  eligibleVotersAtClose?: number;
  createdAt: Date;
  /** How many ballot slots it has, numbered from 0 (see ballot-slots.ts). */
  ballotSlots?: number;
  /**
   * That its candidates are fixed: set by the first ballot, in a write of its own, before that ballot
   * is kept. A candidate is added in one write with the election as read, so it lands before this or
   * not at all. Absent until then.
   */
  candidatesFixed?: true;
  result?: ElectionResultDocument;
}

/** A candidate for a board seat; `_id` is `electionId|nationalCode`. */
export interface CandidateDocument extends StoredDocument {
  electionId: string;
  nationalCode: string;
  /** The guild unit the candidate stands for (an active unit of the union they own). */
  licenceNumber: string;
  addedAt: Date;
  /** That the candidate withdrew or was disqualified; kept, never deleted. Absent while standing. */
  statusChange?: CandidateStatusChange;
}

export const CANDIDATE_STATUSES = ['STANDING', 'WITHDRAWN', 'DISQUALIFIED'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** A candidate's withdrawal (انصراف) or disqualification (رد صلاحیت), with its reason. */
export interface CandidateStatusChange {
  status: Exclude<CandidateStatus, 'STANDING'>;
  reason: string;
  /** When it took effect: from then on nobody may vote for the candidate. */
  at: Date;
  /** The supervisors who disqualified the candidate, by national code; empty for a withdrawal. */
  decidedBy: string[];
  /** The caller who recorded it (the token's subject). */
  recordedBy: string;
  /**
   * Ballots in the box when it was recorded, counted before it was written (so never more than were
   * cast before it): the ballots that could name the candidate, whose votes a result shows only when
   * they are enough (withheld-votes.ts). Absent on changes recorded before it was kept.
   */
  ballotsBefore?: number;
}

export const candidateStatusOf = (candidate: CandidateDocument): CandidateStatus => candidate.statusChange?.status ?? 'STANDING';

export const BOARD_POSITIONS_OF_UNION = ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'TREASURER', 'BOARD_MEMBER'] as const;
export type UnionBoardPosition = (typeof BOARD_POSITIONS_OF_UNION)[number];

/** The body a union board's seats are listed under among the registry's roles. */
export const UNION_BOARD_BODY = 'هیئت مدیره';

/** A union board's term of office (دوره هیئت مدیره), installed from an election, in `union_board_terms`. */
export interface BoardTermDocument extends StoredDocument {
  unionId: string;
  chamberId: string;
  /** The election the board came from. */
  electionId: string;
  /** The board's first day in office (00:00 UTC). */
  startsOn: Date;
  /** The day the term was planned to end, when the installation said. */
  plannedEndOn?: Date;
  /** The day the next board took office; absent while the term runs. */
  endedOn?: Date;
  /** The term that replaced this one. */
  endedByTermId?: string;
  installedAt: Date;
  /** The caller who installed it (the token's subject); absent in the demo data. */
  installedBy?: string;
}

/** One seat of a board term: `_id` is `termId|nationalCode`, in `union_board_seats`. */
export interface BoardSeatDocument extends StoredDocument {
  /** Where the seat came from (shared/provenance): invented for the demo, or entered when a board was installed. */
  provenance?: ProvenanceRecord;
  termId: string;
  unionId: string;
  nationalCode: string;
  position: UnionBoardPosition;
  /** The first day in office: the term's start. */
  since: Date;
  /** The day the seat was given up: the next board's first day; absent while held. */
  until?: Date;
}

/** That someone voted in an election; `_id` is `electionId|nationalCode` (unique: one ballot each). */
export interface VoterDocument extends StoredDocument {
  electionId: string;
  nationalCode: string;
  votedAt: Date;
}

/**
 * A ballot slot: a random `_id`, the election, whether a ballot fills it, and the chosen candidates'
 * national codes padded to the seats with NO_CHOICE. No voter, no time; the same size empty or filled.
 */
export interface BallotDocument extends StoredDocument {
  electionId: string;
  /** 0: empty; 1: a cast ballot; 2: sealed empty, when the result was counted (no ballot may fill it after). */
  filled: 0 | 1 | 2;
  choices: string[];
}

export const candidateId = (electionId: string, nationalCode: string): string => `${electionId}|${nationalCode}`;
/** One term per election: `guilds:board-fars-union-001-2020-05-01` for `guilds:election-fars-union-001-2020-05-01`. */
export const boardTermIdOf = (electionId: string): string => electionId.replace(/^guilds:election-/, 'guilds:board-');
export const boardSeatId = (termId: string, nationalCode: string): string => `${termId}|${nationalCode}`;
export const voterId = (electionId: string, nationalCode: string): string => `${electionId}|${nationalCode}`;
