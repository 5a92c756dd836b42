import { InputChecker, writeConflict } from '../../../shared/errors';
import { WriteConflictError } from '../../../shared/store/port';
import { checkText } from '../../../shared/validation';
import { ProgrammesContext } from './context';
import { AXIS_TITLE } from './create-programme';
import { ProgrammeAxisKind, ProgrammeDocument } from './documents';

export interface AddProgrammeAxisInput {
  programmeId: string;
  kind: ProgrammeAxisKind;
  title: string;
}

const MAX_ID_LENGTH = 300;

/** `addProgrammeAxis`: an axis the programme does not have yet, placed last; the programme is replaced only if unchanged since read. */
export async function addProgrammeAxis(input: AddProgrammeAxisInput, context: ProgrammesContext): Promise<ProgrammeDocument> {
  const { loaders, repository } = context.programmes;
  const checker = new InputChecker();
  const programme = input.programmeId.length <= MAX_ID_LENGTH ? await loaders.programme.load(input.programmeId) : null;
  if (!programme) checker.add('programmeId', `"${input.programmeId}" is not a chamber programme`);
  else if (programme.axes.some((a) => a.kind === input.kind)) checker.add('kind', `${programme._id} already has the ${input.kind} axis`);
  const title = checkText(checker, 'title', input.title, AXIS_TITLE);
  checker.throwIfAny();
  const next: ProgrammeDocument = { ...programme!, axes: [...programme!.axes, { kind: input.kind, title: title! }] };
  try {
    await repository.replaceProgramme(programme!, next);
  } catch (error) {
    if (error instanceof WriteConflictError) throw writeConflict(`The programme ${programme!._id}`);
    throw error;
  }
  // Not primed: a later change in this request must read the revision the store stamped.
  loaders.programme.clear(next._id);
  return next;
}
