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
  choices: string[];
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
    throw electionRefusal(
      ELECTION_ERROR_CODES.notEligible,
      `the caller's token subject "${context.caller.subject ?? ''}" is not a national code; a ballot is cast by the voter, signed in with their national code`,
      electionId,
    );
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
    if (input.choices.length === 0) checker.add('choices', 'name at least one candidate');
    if (input.choices.length > election.seats) checker.add('choices', `name at most ${election.seats} candidates (the seats to fill); got ${input.choices.length}`);
    const byChoice = new Map([...candidates.keys()].map((code) => [ballotChoiceOf(election._id, code), code] as const));
    input.choices.forEach((value, i) => {
      // A choice is named back as the voter gave it: a voter naming candidates by `ballotChoice` learns no code from a refusal.
      const code = isBallotChoice(value) ? byChoice.get(value) : parsedCode(value);
      const change = code ? candidates.get(code)?.statusChange : undefined;
      if (!code || !candidates.has(code)) checker.add(`choices[${i}]`, `"${value}" is not a candidate in ${election._id}`);
      else if (change) {
        checker.add(
          `choices[${i}]`,
          `${value} ${change.status === 'WITHDRAWN' ? 'withdrew' : 'was disqualified'} at ${change.at.toISOString()} («${change.reason}») and can no longer be voted for`,
        );
      } else if (choices.includes(code)) checker.add(`choices[${i}]`, `${value} is named twice`);
      else choices.push(code);
    });
  }
  checker.throwIfAny();
  return { election: election!, choices };
}

/** The window, then the voter's right, then a first ballot: each refusal with its own code. */
async function checkVoter(election: ElectionDocument, nationalCode: string, now: Date, context: ElectionsContext): Promise<void> {
  if (now < election.opensAt) {
    throw electionRefusal(ELECTION_ERROR_CODES.notOpenYet, `voting in ${election._id} opens at ${election.opensAt.toISOString()}; it is ${now.toISOString()}`, election._id);
  }
  if (election.result || now >= election.endsAt) {
    throw electionRefusal(ELECTION_ERROR_CODES.closed, `voting in ${election._id} ended at ${election.endsAt.toISOString()}; no more ballots are accepted`, election._id);
  }
  if (!(await activeUnitInUnion(context.loaders, nationalCode, election.unionId, now))) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.notEligible,
      `${nationalCode} owns no active guild unit of the union ${election.unionId} with a licence valid today, so may not vote in its election`,
      election._id,
    );
  }
  if (await context.elections.loaders.hasVoted.load(voterId(election._id, nationalCode))) throw alreadyVoted(election._id, nationalCode);
}

const alreadyVoted = (electionId: string, nationalCode: string): GraphQLError =>
  electionRefusal(ELECTION_ERROR_CODES.alreadyVoted, `${nationalCode} has already voted in ${electionId}; one ballot per voter`, electionId);

const busy = (electionId: string): GraphQLError =>
  new GraphQLError(`so many ballots were cast in ${electionId} at this moment that this one found no free place; nothing was recorded, so cast it again`, {
    extensions: { code: 'WRITE_CONFLICT', electionId },
  });

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
