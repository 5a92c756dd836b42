import { InputChecker } from '../../../shared/errors';
import { message, Message } from '../../../shared/messages/catalog';
import { checkNationalCode, checkText } from '../../../shared/validation';
import { ElectionsContext } from './context';
import { CandidateDocument, CandidateStatusChange, ElectionDocument } from './documents';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { electionStatus } from './status';
import { checkElectionId, replaceCandidate } from './lookup';
import { recorderOf } from '../recorded-by';
import { checkDecidingSupervisors } from './supervisors';

export interface WithdrawCandidateInput {
  electionId: string;
  nationalCode: string;
  reason: string;
}

export interface DisqualifyCandidateInput extends WithdrawCandidateInput {
  /** The supervisors who disqualified the candidate. */
  decidedBy: readonly string[];
}

const REASON = { min: 5, max: 500 };
/** The refusal for a candidate whose standing changed already. */
const alreadyChanged = (nationalCode: string, change: CandidateStatusChange): Message =>
  message(change.status === 'WITHDRAWN' ? 'CANDIDATE_ALREADY_WITHDREW' : 'CANDIDATE_ALREADY_DISQUALIFIED', { nationalCode, at: change.at.toISOString(), reason: change.reason });

/** The election and the standing candidate an input names, its reason, or every problem at once. */
async function checkStandingCandidate(checker: InputChecker, input: WithdrawCandidateInput, context: ElectionsContext) {
  const election = await checkElectionId(checker, 'electionId', input.electionId, context);
  if (election?.result) {
    checker.add('electionId', message('CANDIDATES_FINAL', { election: election._id, publishedAt: election.result.publishedAt.toISOString() }));
  }
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const reason = checkText(checker, 'reason', input.reason, REASON);
  let candidate: CandidateDocument | undefined;
  if (election && nationalCode) {
    candidate = (await context.elections.loaders.candidatesOfElection.load(election._id)).find((c) => c.nationalCode === nationalCode);
    if (!candidate) checker.add('nationalCode', message('NOT_A_CANDIDATE', { nationalCode, election: election._id }));
    else if (candidate.statusChange) checker.add('nationalCode', alreadyChanged(nationalCode, candidate.statusChange));
  }
  return { election, candidate, reason };
}

/**
 * Records a withdrawal or disqualification on the candidate's record (kept, never deleted), from
 * now on: nobody may vote for the candidate any more. Ballots already cast naming them stay valid
 * ballots: their other choices count, and the votes for the candidate elect no one (a ballot cannot
 * be handed back to its voter, whom nothing links it to); the result shows them only when enough
 * ballots were cast before the change (withheld-votes.ts).
 *
 * Refused (CANDIDATE_CHANGE_WHILE_VOTING) while voting is open and a ballot is cast: from the change
 * on nobody may vote for the candidate, so their votes would be a count of the ballots cast until
 * then, a group whoever records the change picks by its moment. Withheld after fewer than five, they
 * were still the ballots less the others' votes (in a one-seat election); shown after five, four
 * voters in league with an election officer who withdrew a candidate at the fifth ballot learnt how
 * the fifth chose, however many voted in the end (audits, 2026-12-07). Recorded before the first
 * ballot or once voting ends, the votes count every ballot.
 */
async function changeStatus(
  election: ElectionDocument,
  candidate: CandidateDocument,
  change: Omit<CandidateStatusChange, 'at' | 'recordedBy' | 'ballotsBefore'>,
  context: ElectionsContext,
): Promise<CandidateDocument> {
  const now = context.elections.clock();
  // Counted before the change is written: a ballot still being written is left out, never one cast after.
  const ballotsBefore = await context.elections.repository.countBallots(candidate.electionId);
  if (electionStatus(election, now) === 'OPEN' && ballotsBefore > 0) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.candidateChangeWhileVoting,
      message('CANDIDATE_CHANGE_WHILE_VOTING', { election: election._id, ballots: ballotsBefore, nationalCode: candidate.nationalCode, closesAt: election.closesAt.toISOString() }),
      election._id,
    );
  }
  const next: CandidateDocument = { ...candidate, statusChange: { ...change, at: now, recordedBy: recorderOf(context.caller), ballotsBefore } };
  return replaceCandidate(context, candidate, next);
}

/** `withdrawGuildElectionCandidate`: the candidate withdrew (انصراف), until the result is published. */
export async function withdrawCandidate(input: WithdrawCandidateInput, context: ElectionsContext): Promise<CandidateDocument> {
  const checker = new InputChecker();
  const { election, candidate, reason } = await checkStandingCandidate(checker, input, context);
  checker.throwIfAny();
  return changeStatus(election!, candidate!, { status: 'WITHDRAWN', reason: reason!, decidedBy: [] }, context);
}

/** `disqualifyGuildElectionCandidate`: the election's supervisors disqualified the candidate (رد صلاحیت), until the result is published. */
export async function disqualifyCandidate(input: DisqualifyCandidateInput, context: ElectionsContext): Promise<CandidateDocument> {
  const checker = new InputChecker();
  const { election, candidate, reason } = await checkStandingCandidate(checker, input, context);
  const decidedBy = checkDecidingSupervisors(checker, 'decidedBy', input.decidedBy, election);
  checker.throwIfAny();
  return changeStatus(election!, candidate!, { status: 'DISQUALIFIED', reason: reason!, decidedBy }, context);
}
