import { enteredBy } from '../../../shared/provenance/provenance';
import { badUserInputField, InputChecker } from '../../../shared/errors';
import { DuplicateKeyError } from '../../../shared/store/port';
import { checkText } from '../../../shared/validation';
import { checkYear } from '../calendar-years';
import { recorderOf } from '../recorded-by';
import { checkChamber } from './chambers';
import { ProgrammesContext } from './context';
import { fullProgrammeIdOf, PROGRAMME_AXES, ProgrammeAxis, ProgrammeAxisKind, ProgrammeDocument, programmeIdOf } from './documents';

export interface ProgrammeAxisInput {
  kind: ProgrammeAxisKind;
  title: string;
}

export interface CreateChamberProgrammeInput {
  chamberId: string;
  year: number;
  title: string;
  axes?: readonly ProgrammeAxisInput[] | null;
}

export const AXIS_TITLE = { min: 2, max: 300 } as const;

/** Axes as given, each kind once, titles checked; problems recorded under `axes[i]`. */
function checkAxes(checker: InputChecker, axes: readonly ProgrammeAxisInput[]): ProgrammeAxis[] {
  if (axes.length > PROGRAMME_AXES.length) checker.add('axes', `a programme has at most ${PROGRAMME_AXES.length} axes, one of each kind; got ${axes.length}`);
  const checked: ProgrammeAxis[] = [];
  const seen = new Set<ProgrammeAxisKind>();
  for (const [i, axis] of axes.slice(0, PROGRAMME_AXES.length).entries()) {
    if (seen.has(axis.kind)) checker.add(`axes[${i}].kind`, `${axis.kind} is given twice; a programme has each axis once`);
    seen.add(axis.kind);
    const title = checkText(checker, `axes[${i}].title`, axis.title, AXIS_TITLE);
    if (title) checked.push({ kind: axis.kind, title });
  }
  return checked;
}

/** The chamber's programme of the latest year before `year`, if any: a new year's programme takes its axes when given none. */
async function previousProgramme(chamberId: string, year: number, context: ProgrammesContext): Promise<ProgrammeDocument | undefined> {
  const earlier = await context.programmes.repository.findProgrammesOfChamber(chamberId);
  return earlier.filter((p) => p.year < year).sort((a, b) => b.year - a.year)[0];
}

/**
 * The id of a chamber's new programme for `year`: the short one, unless another chamber's programme
 * of that year holds it (then the one with the chamber's id whole). Undefined, with the reason given
 * to `checker`, when the chamber has its programme of that year already.
 */
async function freeProgrammeId(checker: InputChecker, chamberId: string, year: number, context: ProgrammesContext): Promise<string | undefined> {
  const own = (await context.programmes.repository.findProgrammesOfChamber(chamberId)).find((programme) => programme.year === year);
  if (own) {
    checker.add('year', `${chamberId} already has its ${year} programme (${own._id})`);
    return undefined;
  }
  for (const id of [programmeIdOf(chamberId, year), fullProgrammeIdOf(chamberId, year)]) {
    if (!(await context.programmes.loaders.programme.load(id))) return id;
  }
  checker.add('chamberId', `the ids of ${chamberId}'s ${year} programme are held by other chambers' programmes; ask the guilds administrator`);
  return undefined;
}

/**
 * `createChamberProgramme`: a chamber's programme for a new year, one per chamber and year. Its
 * axes are those given, in their order, or, when none are given, those of the chamber's latest
 * earlier programme (so a series keeps its structure); indicators and projects are added after.
 */
export async function createChamberProgramme(input: CreateChamberProgrammeInput, context: ProgrammesContext): Promise<ProgrammeDocument> {
  const checker = new InputChecker();
  const chamber = await checkChamber(checker, 'chamberId', input.chamberId, context);
  const year = checkYear(checker, 'year', input.year);
  const title = checkText(checker, 'title', input.title, { min: 5, max: 300 });
  const given = input.axes ? checkAxes(checker, input.axes) : undefined;
  const id = chamber && year ? await freeProgrammeId(checker, chamber._id, input.year, context) : undefined;
  checker.throwIfAny();
  const axes = given ?? (await previousProgramme(chamber!._id, input.year, context))?.axes ?? [];
  const now = context.programmes.clock();
  const programme: ProgrammeDocument = {
    _id: id!,
    chamberId: chamber!._id,
    year: input.year,
    title: title!,
    axes,
    createdAt: now,
    createdBy: recorderOf(context.caller),
    provenance: enteredBy(context.caller, now),
  };
  try {
    await context.programmes.repository.insertProgramme(programme);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('year', `${chamber!._id} already has its ${input.year} programme (${id})`);
    throw error;
  }
  // Not primed: a later change in this request must read the revision the store stamped.
  context.programmes.loaders.programme.clear(programme._id);
  return programme;
}
