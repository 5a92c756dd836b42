import type { CandidateTally, ElectionDocument, ElectionResultDocument, TieBreakDocument } from './documents';

/** A result with its election, so the candidates it names can be looked up. */
export interface ResultView {
  election: ElectionDocument;
  result: ElectionResultDocument;
}

/** A candidate's count in a result, with its election and whether it was elected. */
export interface TallyView {
  election: ElectionDocument;
  tally: CandidateTally;
  elected: boolean;
}

/** A result's tie break, with its election, so the candidates it chose can be looked up. */
export interface TieBreakView {
  election: ElectionDocument;
  tieBreak: TieBreakDocument;
}

/** An open election the signed-in person may vote in, and whether they have. */
export interface OwnElection {
  election: ElectionDocument;
  hasVoted: boolean;
}
