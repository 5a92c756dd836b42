import { GraphQLError } from 'graphql';
import { Message, messageExtensions } from '../../../shared/messages/catalog';

/** The codes a refused ballot or election change comes back with (`extensions.code`), besides BAD_USER_INPUT. */
export const ELECTION_ERROR_CODES = {
  notOpenYet: 'ELECTION_NOT_OPEN_YET',
  closed: 'ELECTION_CLOSED',
  notEligible: 'NOT_ELIGIBLE_TO_VOTE',
  alreadyVoted: 'ALREADY_VOTED',
  /** The voter's record is named by a write not yet committed (its process stopped mid-write): whether they voted is settled shortly. */
  ballotBeingSettled: 'BALLOT_BEING_SETTLED',
  stillOpen: 'ELECTION_NOT_CLOSED',
  /** Voting ended early with so few ballots that the result would show how the few voters chose. */
  tooFewBallotsToClose: 'TOO_FEW_BALLOTS_TO_CLOSE',
  /** Voting ended with so few ballots that publishing their count would show how the few voters chose. */
  tooFewBallotsToPublish: 'TOO_FEW_BALLOTS_TO_PUBLISH',
  /** A withdrawal or disqualification while voting is open with 1 to 4 ballots cast: the result would tell how those few voters chose. */
  candidateChangeWhileVoting: 'CANDIDATE_CHANGE_WHILE_VOTING',
  alreadyPublished: 'RESULT_ALREADY_PUBLISHED',
  /** A tie-break for an election whose published result has no tie (or no result yet). */
  noTie: 'NO_TIE_TO_BREAK',
  tieAlreadyBroken: 'TIE_ALREADY_BROKEN',
  /** A board installed from a result whose tie is not broken yet, or not published. */
  resultNotFinal: 'RESULT_NOT_FINAL',
  boardAlreadyInstalled: 'BOARD_ALREADY_INSTALLED',
} as const;

export type ElectionErrorCode = (typeof ELECTION_ERROR_CODES)[keyof typeof ELECTION_ERROR_CODES];

/**
 * A refusal that is not about the input's shape but about the election's state or the voter; its
 * `refusal` is a catalog message (shared/messages/elections.messages.yaml), worded by the gateway
 * in the caller's language.
 */
export function electionRefusal(code: ElectionErrorCode, refusal: Message, electionId: string): GraphQLError {
  return new GraphQLError(refusal.text, { extensions: { code, electionId, ...messageExtensions(refusal) } });
}
