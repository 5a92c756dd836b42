import { StoredDocument } from '../../../shared/store/port';

/** The collections of the elections feature. Who voted and what was voted are kept apart (ballot secrecy). */
export const ELECTION_COLLECTIONS = {
  elections: 'elections',
  candidates: 'election_candidates',
  /** One document per voter and election: who voted, never what. Its `_id` is unique, so nobody votes twice. */
  voters: 'election_voters',
  /** Ballot slots, made empty with the election and filled by ballots in random order: what was voted, never by whom or when (see ballot-slots.ts). */
  ballots: 'election_ballots',
} as const;

/** One candidate's count in a published result. */
export interface CandidateTally {
  nationalCode: string;
  votes: number;
  elected: boolean;
}

/** The count frozen when the result is published, after voting has ended. */
export interface ElectionResultDocument {
  publishedAt: Date;
  /** Accepted ballots: the filled slots of `election_ballots` for the election. */
  ballots: number;
  /** Voter records: the documents of `election_voters` for the election (equal to `ballots`). */
  voters: number;
  eligibleVoters: number;
  /** Candidates by votes, most first; ties in national-code order. */
  tallies: CandidateTally[];
  /** Whether the last seat was decided between candidates with equal votes (the supervisors decide). */
  tieForLastSeat: boolean;
}

/** A union board election (انتخابات هیئت مدیره اتحادیه), in the `elections` collection. */
export interface ElectionDocument extends StoredDocument {
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
  createdAt: Date;
  /** How many ballot slots it has, numbered from 0 (see ballot-slots.ts). */
  ballotSlots?: number;
  result?: ElectionResultDocument;
}

/** A candidate for a board seat; `_id` is `electionId|nationalCode`. */
export interface CandidateDocument extends StoredDocument {
  electionId: string;
  nationalCode: string;
  /** The guild unit the candidate stands for (an active unit of the union they own). */
  licenceNumber: string;
  addedAt: Date;
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
  /** 0: empty; 1: a cast ballot. */
  filled: 0 | 1;
  choices: string[];
}

export const candidateId = (electionId: string, nationalCode: string): string => `${electionId}|${nationalCode}`;
export const voterId = (electionId: string, nationalCode: string): string => `${electionId}|${nationalCode}`;
