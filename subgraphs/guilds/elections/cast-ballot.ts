import { message, messageExtensions } from '../../../shared/messages/catalog';
import { GraphQLError } from 'graphql';
import { InputChecker } from '../../../shared/errors';
import { parseNationalCode } from '../../../shared/identity/national-code';
import { DuplicateKeyError, WriteConflictError } from '../../../shared/store/port';
import { ElectionsContext } from './context';
import { ElectionDocument, VoterDocument, voterId } from './documents';
import { activeUnitInUnion } from './eligibility';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { ballotChoiceOf, isBallotChoice } from './ballot-choice';
import { checkElectionId } from './lookup';

export interface CastBallotInput {
  electionId: string;
  /** The chosen candidates: their `ballotChoice`s or national codes. */
  choices: readonly string[];
}

/** What the voter gets back: that their ballot counts. Never what they chose, nor anything linking them to it. */
export interface BallotReceipt {
  election: ElectionDocument;
  votedAt: Date;
}

/** The voter is the caller: the token's subject is their national code (see the README's Elections section). */
function voterOf(context: ElectionsContext, electionId: string): string {
  const parsed = parseNationalCode(context.caller.subject ?? '');
  if (!parsed.ok) {
    throw electionRefusal(ELECTION_ERROR_CODES.notEligible, message('VOTER_NOT_A_NATIONAL_CODE', { subject: context.caller.subject ?? '' }), electionId);
  }
  return parsed.value;
}

/** A national code as typed (Persian digits, dashes), or undefined when it is none. */
function parsedCode(value: string): string | undefined {
  const parsed = parseNationalCode(value);
  return parsed.ok ? parsed.value : undefined;
}

/** Checks the ballot's input: a known election, one to `seats` distinct candidates of it, each still standing. */
async function checkBallot(input: CastBallotInput, context: ElectionsContext) {
  const checker = new InputChecker();
  const election = await checkElectionId(checker, 'electionId', input.electionId, context);
  const choices: string[] = [];
  if (election) {
    const candidates = new Map((await context.elections.loaders.candidatesOfElection.load(election._id)).map((c) => [c.nationalCode, c] as const));
    if (input.choices.length === 0) checker.add('choices', message('BALLOT_NO_CHOICE'));
    if (input.choices.length > election.seats) checker.add('choices', message('BALLOT_TOO_MANY_CHOICES', { seats: election.seats, count: input.choices.length }));
    const byChoice = new Map([...candidates.keys()].map((code) => [ballotChoiceOf(election._id, code), code] as const));
    input.choices.forEach((value, i) => {
      // A choice is named back as the voter gave it: a voter naming candidates by `ballotChoice` learns no code from a refusal.
      const code = isBallotChoice(value) ? byChoice.get(value) : parsedCode(value);
      const change = code ? candidates.get(code)?.statusChange : undefined;
      if (!code || !candidates.has(code)) checker.add(`choices[${i}]`, message('BALLOT_NOT_A_CANDIDATE', { choice: value, election: election._id }));
      else if (change) {
        const id = change.status === 'WITHDRAWN' ? 'BALLOT_CANDIDATE_WITHDREW' : 'BALLOT_CANDIDATE_DISQUALIFIED';
        checker.add(`choices[${i}]`, message(id, { choice: value, at: change.at.toISOString(), reason: change.reason }));
      } else if (choices.includes(code)) checker.add(`choices[${i}]`, message('BALLOT_NAMED_TWICE', { choice: value }));
      else choices.push(code);
    });
  }
  checker.throwIfAny();
  return { election: election!, choices };
}

/** The window, then the voter's right, then a first ballot: each refusal with its own code. */
async function checkVoter(election: ElectionDocument, nationalCode: string, now: Date, context: ElectionsContext): Promise<void> {
  if (now < election.opensAt) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.notOpenYet,
      message('VOTING_NOT_OPEN_YET', { election: election._id, opensAt: election.opensAt.toISOString(), now: now.toISOString() }),
      election._id,
    );
  }
  if (election.result || now >= election.endsAt) {
    throw electionRefusal(ELECTION_ERROR_CODES.closed, message('VOTING_ENDED', { election: election._id, endsAt: election.endsAt.toISOString() }), election._id);
  }
  if (!(await activeUnitInUnion(context.loaders, nationalCode, election.unionId, now))) {
    throw electionRefusal(ELECTION_ERROR_CODES.notEligible, message('NOT_ELIGIBLE_TO_VOTE', { voter: nationalCode, union: election.unionId }), election._id);
  }
  if (await context.elections.loaders.hasVoted.load(voterId(election._id, nationalCode))) throw alreadyVoted(election._id, nationalCode);
}

const alreadyVoted = (electionId: string, nationalCode: string): GraphQLError =>
  electionRefusal(ELECTION_ERROR_CODES.alreadyVoted, message('ALREADY_VOTED', { voter: nationalCode, election: electionId }), electionId);

const busy = (electionId: string): GraphQLError => {
  const refusal = message('BALLOT_BOX_BUSY', { election: electionId });
  return new GraphQLError(refusal.text, { extensions: { code: 'WRITE_CONFLICT', electionId, ...messageExtensions(refusal) } });
};

/**
 * `castGuildElectionBallot`: records that the caller voted and, separately, their ballot in an
 * empty slot chosen at random, both or neither. A second ballot by the same voter, even sent at the
 * same moment as the first, meets the voter record's unique key and is refused as ALREADY_VOTED,
 * with nothing written.
 */
export async function castBallot(input: CastBallotInput, context: ElectionsContext): Promise<BallotReceipt> {
  const nationalCode = voterOf(context, input.electionId);
  const { election, choices } = await checkBallot(input, context);
  const now = context.elections.clock();
  await checkVoter(election, nationalCode, now, context);
  const voter: VoterDocument = { _id: voterId(election._id, nationalCode), electionId: election._id, nationalCode, votedAt: now };
  try {
    await context.elections.repository.recordBallot(election, voter, choices);
  } catch (error) {
    if (error instanceof DuplicateKeyError && error.collection === 'election_voters') throw alreadyVoted(election._id, nationalCode);
    if (error instanceof WriteConflictError) throw busy(election._id);
    throw error;
  }
  context.elections.loaders.hasVoted.clear(voter._id).prime(voter._id, true);
  context.elections.loaders.turnout.clear(election._id);
  return { election, votedAt: now };
}
