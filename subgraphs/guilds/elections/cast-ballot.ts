import { message, messageExtensions } from '../../../shared/messages/catalog';
import { GraphQLError } from 'graphql';
import { InputChecker } from '../../../shared/errors';
import { parseNationalCode } from '../../../shared/identity/national-code';
import { hasScope, PERSONAL_READ_SCOPE } from '../../../shared/auth/caller';
import { callerNationalCode } from '../../../shared/auth/own-record';
import { DuplicateKeyError, WriteConflictError } from '../../../shared/store/port';
import { DEFAULT_WRITE_LEASE_MS } from '../../../shared/store/write-journal';
import { ElectionsContext } from './context';
import { ElectionDocument, VoterDocument, voterId } from './documents';
import { guardParent } from '../../../shared/registry/parent-guard';
import { activeUnitInUnion } from './eligibility';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { ballotChoiceOf, isBallotChoice } from './ballot-choice';
import { checkElectionId } from './lookup';
import { BallotBoxSealedError } from './repository';

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

/** The voter is the caller: the token's subject is their national code, as written (own-record.ts; see the README's Elections section). */
function voterOf(context: ElectionsContext, electionId: string): string {
  const code = callerNationalCode(context.caller);
  if (code === undefined) {
    throw electionRefusal(ELECTION_ERROR_CODES.notEligible, message('VOTER_NOT_A_NATIONAL_CODE', { subject: context.caller.subject ?? '' }), electionId);
  }
  return code;
}

/** A national code as typed (Persian digits, dashes), or undefined when it is none. */
function parsedCode(value: string): string | undefined {
  const parsed = parseNationalCode(value);
  return parsed.ok ? parsed.value : undefined;
}

/** The problems of a ballot's input that name nobody: none, or more choices than seats. */
function shapeProblems(election: ElectionDocument, values: readonly string[], checker: InputChecker): void {
  if (values.length === 0) checker.add('choices', message('BALLOT_NO_CHOICE'));
  if (values.length > election.seats) checker.add('choices', message('BALLOT_TOO_MANY_CHOICES', { seats: election.seats, count: values.length }));
}

/**
 * The national codes of the candidates a ballot names, each distinct and still standing; a choice
 * is named back as the voter gave it. When a caller who may not read national codes names one by
 * code, a refusal says only that some choice is wrong: which one, and why, would tell whether the
 * code is a candidate's, and whose (a code beside that candidate's `ballotChoice` is "named twice").
 */
async function checkChoices(election: ElectionDocument, values: readonly string[], checker: InputChecker, context: ElectionsContext): Promise<string[]> {
  const candidates = new Map((await context.elections.loaders.candidatesOfElection.load(election._id)).map((c) => [c.nationalCode, c] as const));
  const byChoice = new Map([...candidates.keys()].map((code) => [ballotChoiceOf(election._id, code), code] as const));
  const choices: string[] = [];
  const problems = new InputChecker();
  values.forEach((value, i) => {
    const code = isBallotChoice(value) ? byChoice.get(value) : parsedCode(value);
    const change = code ? candidates.get(code)?.statusChange : undefined;
    if (!code || !candidates.has(code)) problems.add(`choices[${i}]`, message('BALLOT_NOT_A_CANDIDATE', { choice: value, election: election._id }));
    else if (change) {
      const id = change.status === 'WITHDRAWN' ? 'BALLOT_CANDIDATE_WITHDREW' : 'BALLOT_CANDIDATE_DISQUALIFIED';
      problems.add(`choices[${i}]`, message(id, { choice: value, at: change.at.toISOString(), reason: change.reason }));
    } else if (choices.includes(code)) problems.add(`choices[${i}]`, message('BALLOT_NAMED_TWICE', { choice: value }));
    else choices.push(code);
  });
  const namedByCode = values.some((value) => !isBallotChoice(value)) && !hasScope(context.caller, PERSONAL_READ_SCOPE);
  if (!problems.ok && namedByCode) checker.add('choices', message('BALLOT_CHOICES_REFUSED', { election: election._id }));
  else checker.addAll(problems);
  return choices;
}

/** The window, then the voter's right, then a first ballot: each refusal with its own code; undefined when the caller may vote now. */
async function voterRefusal(election: ElectionDocument, nationalCode: string, now: Date, context: ElectionsContext): Promise<GraphQLError | undefined> {
  if (now < election.opensAt) {
    return electionRefusal(
      ELECTION_ERROR_CODES.notOpenYet,
      message('VOTING_NOT_OPEN_YET', { election: election._id, opensAt: election.opensAt.toISOString(), now: now.toISOString() }),
      election._id,
    );
  }
  if (election.result || now >= election.endsAt) {
    return electionRefusal(ELECTION_ERROR_CODES.closed, message('VOTING_ENDED', { election: election._id, endsAt: election.endsAt.toISOString() }), election._id);
  }
  if (!(await activeUnitInUnion(context.loaders, nationalCode, election.unionId, now))) {
    return electionRefusal(ELECTION_ERROR_CODES.notEligible, message('NOT_ELIGIBLE_TO_VOTE', { voter: nationalCode, union: election.unionId }), election._id);
  }
  if (await context.elections.loaders.hasVoted.load(voterId(election._id, nationalCode))) return votedOrSettling(election._id, nationalCode, context);
  return undefined;
}

/**
 * Checks a ballot: a known election and the number of choices first (they name nobody), then the
 * voter's right, and only then, for a ballot of the right size, whom the choices name, so that
 * nobody who may not vote now learns how a choice they typed is read. A ballot of the wrong size is
 * refused for its size alone: were its choices read too, a ballot that can never be cast would let
 * a voter try codes beside a candidate's `ballotChoice` as often as they liked, and tell from the
 * refusal whose code each is (found by a privacy audit, 2026-12-06).
 */
async function checkBallot(input: CastBallotInput, nationalCode: string, now: Date, context: ElectionsContext): Promise<{ election: ElectionDocument; choices: string[] }> {
  const checker = new InputChecker();
  const election = await checkElectionId(checker, 'electionId', input.electionId, context);
  checker.throwIfAny();
  shapeProblems(election!, input.choices, checker);
  const refusal = await voterRefusal(election!, nationalCode, now, context);
  checker.throwIfAny();
  if (refusal) throw refusal;
  const choices = await checkChoices(election!, input.choices, checker, context);
  checker.throwIfAny();
  return { election: election!, choices };
}

const alreadyVoted = (electionId: string, nationalCode: string): GraphQLError =>
  electionRefusal(ELECTION_ERROR_CODES.alreadyVoted, message('ALREADY_VOTED', { voter: nationalCode, election: electionId }), electionId);

/** How long a refused ballot waits for the voter's other ballot, still being written, to commit or fail; and how often it looks. */
const SETTLING_WAIT_MS = 2_000;
const SETTLING_POLL_MS = 50;

/** How long a write left uncommitted by a stopped process stands at most before recovery rolls it back: its lease, the grace after it, and recovery's next round. */
const SETTLED_WITHIN_SECONDS = (3 * DEFAULT_WRITE_LEASE_MS) / 1000;

/**
 * The refusal for a voter whose record is stored: ALREADY_VOTED, unless a write not yet committed
 * still names the record (a ballot cut off when its process stopped, rolled back once its lease is
 * over). Then whether they voted is not known yet, and telling them they had could keep them from
 * voting at all (integrity audit, 2026-12-07).
 */
async function votedOrSettling(electionId: string, nationalCode: string, context: ElectionsContext): Promise<GraphQLError> {
  const { repository, loaders } = context.elections;
  const id = voterId(electionId, nationalCode);
  // A ballot of the same voter still being written (two sent at once) commits within moments: waited for, it is a second ballot.
  for (let waited = 0; waited <= SETTLING_WAIT_MS; waited += SETTLING_POLL_MS) {
    if (!(await repository.voterRecordUnsettled(id))) {
      if (await repository.voterRecordStored(id)) return alreadyVoted(electionId, nationalCode);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLING_POLL_MS));
  }
  loaders.hasVoted.clear(id);
  return electionRefusal(
    ELECTION_ERROR_CODES.ballotBeingSettled,
    message('BALLOT_BEING_SETTLED', { voter: nationalCode, election: electionId, seconds: SETTLED_WITHIN_SECONDS }),
    electionId,
  );
}

const busy = (electionId: string): GraphQLError => {
  const refusal = message('BALLOT_BOX_BUSY', { election: electionId });
  return new GraphQLError(refusal.text, { extensions: { code: 'WRITE_CONFLICT', electionId, ...messageExtensions(refusal) } });
};

/**
 * The election with its candidates fixed (the first ballot fixes them, see `fixCandidates`), still
 * open when it had to be read again; ELECTION_CLOSED when voting ended meanwhile.
 */
async function candidatesFixed(election: ElectionDocument, now: Date, context: ElectionsContext): Promise<ElectionDocument> {
  if (election.candidatesFixed) return election;
  const fixed = await context.elections.repository.fixCandidates(election);
  context.elections.loaders.election.clear(election._id);
  if (fixed.result || now >= fixed.endsAt) {
    throw electionRefusal(ELECTION_ERROR_CODES.closed, message('VOTING_ENDED', { election: election._id, endsAt: fixed.endsAt.toISOString() }), election._id);
  }
  return fixed;
}

/**
 * `castGuildElectionBallot`: records that the caller voted and, separately, their ballot in an
 * empty slot chosen at random, both or neither. A second ballot by the same voter, even sent at the
 * same moment as the first, meets the voter record's unique key and is refused as ALREADY_VOTED,
 * with nothing written.
 */
export async function castBallot(input: CastBallotInput, context: ElectionsContext): Promise<BallotReceipt> {
  const nationalCode = voterOf(context, input.electionId);
  const now = context.elections.clock();
  const { election: checked, choices } = await checkBallot(input, nationalCode, now, context);
  const voter: VoterDocument = { _id: voterId(checked._id, nationalCode), electionId: checked._id, nationalCode, votedAt: now };
  let election = checked;
  try {
    election = await candidatesFixed(checked, now, context);
    // Kept only beside the licence that makes the voter eligible, still there and committed: a ballot cannot be taken out of the box once in.
    const licence = await activeUnitInUnion(context.loaders, nationalCode, election.unionId, now);
    if (licence) guardParent('guildUnits', licence, 'electionId', 'the licence');
    await context.elections.repository.recordBallot(election, voter, choices);
  } catch (error) {
    if (error instanceof DuplicateKeyError && error.collection === 'election_voters') throw await votedOrSettling(election._id, nationalCode, context);
    if (error instanceof BallotBoxSealedError) {
      // Voting ended (closed early, or by its clock) after the ballot was checked and before it was written.
      const [ended] = await context.elections.repository.findElections([election._id]);
      const endsAt = (ended ?? election).endsAt.toISOString();
      throw electionRefusal(ELECTION_ERROR_CODES.closed, message('VOTING_ENDED', { election: election._id, endsAt }), election._id);
    }
    if (error instanceof WriteConflictError) throw busy(election._id);
    throw error;
  }
  context.elections.loaders.hasVoted.clear(voter._id).prime(voter._id, true);
  context.elections.loaders.turnout.clear(election._id);
  return { election, votedAt: now };
}
