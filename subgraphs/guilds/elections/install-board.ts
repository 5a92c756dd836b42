import { message } from '../../../shared/messages/catalog';
import { enteredBy } from '../../../shared/provenance/provenance';
import { InputChecker, writeConflict } from '../../../shared/errors';
import { parseNationalCode } from '../../../shared/identity/national-code';
import { startOfUtcDay } from '../../../shared/credentials/validity';
import { DuplicateKeyError, WriteConflictError } from '../../../shared/store/port';
import { instantOfIsoDate } from '../../../shared/text/calendar';
import { checkDate } from '../../../shared/validation';
import { ElectionsContext } from './context';
import { BoardSeatDocument, boardSeatId, BoardTermDocument, boardTermIdOf, ElectionDocument, UnionBoardPosition } from './documents';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { knownElection } from './lookup';
import { recorderOf } from '../recorded-by';
import { guardElectionInItsChamber } from '../union-chamber-guard';
import { electedCodes } from './tally';

export interface InstallBoardInput {
  electionId: string;
  /** Every elected member once, with the position the board gave them. */
  seats: readonly { nationalCode: string; position: UnionBoardPosition }[];
  /** The board's first day in office, either calendar; today when omitted. */
  startsOn?: string | null;
  /** The day the term is planned to end, either calendar. */
  plannedEndOn?: string | null;
}

/** Positions one member at most may hold on a board; BOARD_MEMBER any number. */
const SINGLE_POSITIONS: readonly UnionBoardPosition[] = ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'TREASURER'];
const day = (instant: Date): string => instant.toISOString().slice(0, 10);

/** A final result with no board installed from it yet, else the refusal saying why not. */
async function checkInstallable(election: ElectionDocument, context: ElectionsContext): Promise<void> {
  const { result } = election;
  if (!result) throw electionRefusal(ELECTION_ERROR_CODES.resultNotFinal, message('BOARD_RESULT_NOT_PUBLISHED', { election: election._id }), election._id);
  if (result.tieForLastSeat && !result.tieBreak) {
    throw electionRefusal(ELECTION_ERROR_CODES.resultNotFinal, message('BOARD_LAST_SEAT_TIED', { election: election._id, tied: (result.tied ?? []).join(', ') }), election._id);
  }
  const installed = await context.elections.loaders.boardTerm.load(boardTermIdOf(election._id));
  if (installed) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.boardAlreadyInstalled,
      message('BOARD_ALREADY_INSTALLED', { election: election._id, startsOn: day(installed.startsOn), term: installed._id }),
      election._id,
    );
  }
}

/** The seats: every elected member once, the single positions held once each. */
function checkSeats(checker: InputChecker, seats: InstallBoardInput['seats'], elected: readonly string[]): { nationalCode: string; position: UnionBoardPosition }[] {
  const checked: { nationalCode: string; position: UnionBoardPosition }[] = [];
  seats.forEach((seat, i) => {
    const parsed = parseNationalCode(seat.nationalCode);
    if (!parsed.ok || !elected.includes(parsed.value)) checker.add(`seats[${i}].nationalCode`, `"${seat.nationalCode}" was not elected; the elected are ${elected.join(', ')}`);
    else if (checked.some((s) => s.nationalCode === parsed.value)) checker.add(`seats[${i}].nationalCode`, `${parsed.value} is seated twice`);
    else if (SINGLE_POSITIONS.includes(seat.position) && checked.some((s) => s.position === seat.position))
      checker.add(`seats[${i}].position`, `the board has one ${seat.position}`);
    else checked.push({ nationalCode: parsed.value, position: seat.position });
  });
  const named = new Set(
    seats.flatMap((seat) => {
      const parsed = parseNationalCode(seat.nationalCode);
      return parsed.ok ? [parsed.value] : [];
    }),
  );
  const missing = elected.filter((code) => !named.has(code));
  if (missing.length > 0) checker.add('seats', `seat every elected member; missing ${missing.join(', ')}`);
  return checked;
}

/** The union's term in office: the one not ended. */
async function currentTerm(unionId: string, context: ElectionsContext): Promise<BoardTermDocument | undefined> {
  return (await context.elections.loaders.boardTermsOfUnion.load(unionId)).find((term) => !term.endedOn);
}

/** The first day in office: not before the result was final, not after today, after the term it ends began. */
function checkStartsOn(checker: InputChecker, value: string | null | undefined, election: ElectionDocument, current: BoardTermDocument | undefined, today: Date): Date | undefined {
  const iso = checkDate(checker, 'startsOn', value);
  if (value !== null && value !== undefined && !iso) return undefined;
  const startsOn = iso ? instantOfIsoDate(iso) : today;
  const final = startOfUtcDay(election.result!.tieBreak?.decidedAt ?? election.result!.publishedAt);
  if (startsOn.getTime() < final.getTime()) checker.add('startsOn', `${day(startsOn)} is before the result was final (${day(final)})`);
  else if (startsOn.getTime() > today.getTime()) checker.add('startsOn', `${day(startsOn)} is in the future; install the board once it takes office`);
  else if (current && startsOn.getTime() <= current.startsOn.getTime()) {
    checker.add('startsOn', `${day(startsOn)} is not after the day the board in office took office (${day(current.startsOn)}, ${current._id})`);
  }
  return startsOn;
}

/**
 * `installGuildUnionBoard`: the elected take their seats and the board in office, if any, leaves:
 * its term and each of its seats end on the new board's first day. One all-or-nothing write
 * (ElectionsRepository.installBoard): the new term and seats, and the old term and seats ended.
 */
export async function installBoard(input: InstallBoardInput, context: ElectionsContext): Promise<BoardTermDocument> {
  const election = await knownElection(input.electionId, context);
  await checkInstallable(election, context);
  const now = context.elections.clock();
  const today = startOfUtcDay(now);
  const current = await currentTerm(election.unionId, context);
  const inOfficeFrom = current ? await context.elections.loaders.election.load(current.electionId) : null;
  if (current && inOfficeFrom && inOfficeFrom.opensAt.getTime() > election.opensAt.getTime()) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.boardAlreadyInstalled,
      message('BOARD_ELECTED_LATER', { union: election.unionId, electionInOffice: current.electionId }),
      election._id,
    );
  }
  const checker = new InputChecker();
  const seats = checkSeats(checker, input.seats, electedCodes(election.result!));
  const startsOn = checkStartsOn(checker, input.startsOn, election, current, today);
  const plannedIso = checkDate(checker, 'plannedEndOn', input.plannedEndOn);
  const plannedEndOn = plannedIso ? instantOfIsoDate(plannedIso) : undefined;
  if (plannedEndOn && startsOn && plannedEndOn.getTime() <= startsOn.getTime()) checker.add('plannedEndOn', `${plannedIso} is not after the first day in office`);
  checker.throwIfAny();

  const term: BoardTermDocument = {
    _id: boardTermIdOf(election._id),
    unionId: election.unionId,
    chamberId: election.chamberId,
    electionId: election._id,
    startsOn: startsOn!,
    ...(plannedEndOn ? { plannedEndOn } : {}),
    installedAt: now,
    installedBy: recorderOf(context.caller),
  };
  const newSeats: BoardSeatDocument[] = seats.map(({ nationalCode, position }) => ({
    _id: boardSeatId(term._id, nationalCode),
    termId: term._id,
    unionId: term.unionId,
    nationalCode,
    position,
    since: term.startsOn,
    provenance: enteredBy(context.caller),
  }));
  const ended = current
    ? {
        term: { previous: current, next: { ...current, endedOn: term.startsOn, endedByTermId: term._id } },
        seats: (await context.elections.loaders.seatsOfTerm.load(current._id))
          .filter((seat) => !seat.until)
          .map((seat) => ({ previous: seat, next: { ...seat, until: term.startsOn } })),
      }
    : null;
  guardElectionInItsChamber(election);
  try {
    await context.elections.repository.installBoard(term, newSeats, ended);
  } catch (error) {
    if (error instanceof DuplicateKeyError && error.collection === 'union_board_terms') {
      throw electionRefusal(ELECTION_ERROR_CODES.boardAlreadyInstalled, message('BOARD_INSTALLED_MEANWHILE', { election: election._id }), election._id);
    }
    if (error instanceof WriteConflictError) throw writeConflict(`The board in office of ${election.unionId}`);
    throw error;
  }
  const { loaders } = context.elections;
  loaders.boardTerm.clear(term._id);
  loaders.boardTermsOfUnion.clear(term.unionId);
  loaders.currentSeatsOfUnion.clear(term.unionId);
  for (const seat of [...newSeats, ...(ended?.seats.map((s) => s.next) ?? [])]) loaders.currentSeatsOfPerson.clear(seat.nationalCode);
  if (current) loaders.seatsOfTerm.clear(current._id);
  return term;
}
