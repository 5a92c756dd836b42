import { message } from '../../../shared/messages/catalog';
import { InputChecker } from '../../../shared/errors';
import { parseNationalCode } from '../../../shared/identity/national-code';
import { checkOptionalText } from '../../../shared/validation';
import { ElectionsContext } from './context';
import { ElectionDocument, TieBreakDocument, TieBreakMethod } from './documents';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { knownElection, replaceElection } from './lookup';
import { checkMoment } from './moments';
import { recorderOf } from '../recorded-by';
import { checkDecidingSupervisors } from './supervisors';
import { seatsLeftToTieBreak } from './tally';

export interface RecordTieBreakInput {
  electionId: string;
  /** National codes of the tied candidates given the seats left. */
  chosen: readonly string[];
  method: TieBreakMethod;
  /** The union's rule applied, required with UNION_RULE. */
  rule?: string | null;
  decidedBy: readonly string[];
  /** When the supervisors decided: a moment with its offset; now when omitted. */
  decidedAt?: string | null;
  note?: string | null;
}

/** A published result with a tie still to break, else the refusal saying why not. */
function checkTieOpen(election: ElectionDocument): void {
  const { result } = election;
  if (!result) throw electionRefusal(ELECTION_ERROR_CODES.noTie, message('TIE_RESULT_NOT_PUBLISHED', { election: election._id }), election._id);
  if (result.tieBreak) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.tieAlreadyBroken,
      message('TIE_ALREADY_BROKEN', { election: election._id, decidedAt: result.tieBreak.decidedAt.toISOString(), method: result.tieBreak.method }),
      election._id,
    );
  }
  if (!result.tieForLastSeat) throw electionRefusal(ELECTION_ERROR_CODES.noTie, message('NO_TIE_TO_BREAK', { election: election._id }), election._id);
}

/** The tied candidates chosen: exactly the seats left, each tied and named once. */
function checkChosen(checker: InputChecker, values: readonly string[], election: ElectionDocument): string[] {
  const result = election.result!;
  const seats = seatsLeftToTieBreak(election.seats, result);
  const tied = result.tied ?? [];
  if (values.length !== seats)
    checker.add('chosen', `name exactly ${seats} of the tied candidates (${tied.join(', ')}) for the seat${seats === 1 ? '' : 's'} left; got ${values.length}`);
  const chosen: string[] = [];
  values.forEach((value, i) => {
    const parsed = parseNationalCode(value);
    if (!parsed.ok || !tied.includes(parsed.value)) checker.add(`chosen[${i}]`, `"${value}" is not one of the candidates tied for the last seat (${tied.join(', ')})`);
    else if (chosen.includes(parsed.value)) checker.add(`chosen[${i}]`, `${parsed.value} is named twice`);
    else chosen.push(parsed.value);
  });
  return chosen;
}

/** When the supervisors decided: after the result was published, not in the future; now when omitted. */
function checkDecidedAt(checker: InputChecker, value: string | null | undefined, election: ElectionDocument, now: Date): Date {
  if (value === null || value === undefined) return now;
  const moment = checkMoment(checker, 'decidedAt', value);
  if (!moment) return now;
  if (moment.getTime() < election.result!.publishedAt.getTime()) checker.add('decidedAt', `is before the result was published (${election.result!.publishedAt.toISOString()})`);
  else if (moment.getTime() > now.getTime()) checker.add('decidedAt', `is in the future (now is ${now.toISOString()}); record a decision once it is made`);
  return moment;
}

/**
 * `recordGuildElectionTieBreak`: when the last seat(s) tied, the supervisors' decision between the
 * tied candidates (by lot, or by the union's rule), with who decided, when, and who recorded it.
 * The result then names the elected. Recorded once; refused before the result is published or
 * when the count had no tie.
 */
export async function recordTieBreak(input: RecordTieBreakInput, context: ElectionsContext): Promise<ElectionDocument> {
  const election = await knownElection(input.electionId, context);
  checkTieOpen(election);
  const now = context.elections.clock();
  const checker = new InputChecker();
  const chosen = checkChosen(checker, input.chosen, election);
  const rule = checkOptionalText(checker, 'rule', input.rule, { min: 5, max: 300 });
  if (input.method === 'UNION_RULE' && !rule && !input.rule) checker.add('rule', "state the union's rule the supervisors applied, e.g. «سابقه بیشتر پروانه کسب»");
  if (input.method === 'LOT' && rule) checker.add('rule', "is for a decision by the union's rule; describe how the lot was drawn in `note`");
  const decidedBy = checkDecidingSupervisors(checker, 'decidedBy', input.decidedBy, election);
  const decidedAt = checkDecidedAt(checker, input.decidedAt, election, now);
  const note = checkOptionalText(checker, 'note', input.note, { max: 500 });
  checker.throwIfAny();
  const tieBreak: TieBreakDocument = {
    method: input.method,
    ...(rule ? { rule } : {}),
    chosen,
    decidedBy,
    decidedAt,
    recordedBy: recorderOf(context.caller),
    recordedAt: now,
    ...(note ? { note } : {}),
  };
  return replaceElection(context, election, { ...election, result: { ...election.result!, tieBreak } });
}
