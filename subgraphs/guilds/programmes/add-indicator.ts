import { InputChecker, writeConflict } from '../../../shared/errors';
import { guardParent } from '../../../shared/registry/parent-guard';
import { DuplicateKeyError } from '../../../shared/store/port';
import { searchKey } from '../../../shared/text/normalize';
import { checkText } from '../../../shared/validation';
import { ProgrammesContext } from './context';
import { IndicatorDocument, indicatorIdOf, ProgrammeAxisKind, PROGRAMME_COLLECTIONS } from './documents';

export interface AddProgrammeIndicatorInput {
  programmeId: string;
  axis: ProgrammeAxisKind;
  name: string;
  unit: string;
  target: number;
}

export const MAX_FIGURE = 1e12;
const MAX_ID_LENGTH = 300;
const MAX_INDICATORS_PER_AXIS = 50;

/**
 * `addProgrammeIndicator`: what an axis of the programme measures, its unit and target for the
 * year, numbered after the axis's last indicator; the same name twice on an axis is refused. Its
 * values are recorded afterwards, with recordProgrammeIndicatorActual.
 */
export async function addProgrammeIndicator(input: AddProgrammeIndicatorInput, context: ProgrammesContext): Promise<IndicatorDocument> {
  const { loaders, repository } = context.programmes;
  const checker = new InputChecker();
  const programme = input.programmeId.length <= MAX_ID_LENGTH ? await loaders.programme.load(input.programmeId) : null;
  if (!programme) checker.add('programmeId', `"${input.programmeId}" is not a chamber programme`);
  else if (!programme.axes.some((a) => a.kind === input.axis)) {
    checker.add('axis', `${programme._id} has no ${input.axis} axis (it has ${programme.axes.map((a) => a.kind).join(', ') || 'none'}); add the axis first`);
  }
  const name = checkText(checker, 'name', input.name, { min: 2, max: 300 });
  const unit = checkText(checker, 'unit', input.unit, { min: 1, max: 40 });
  if (!Number.isFinite(input.target) || input.target < 0 || input.target > MAX_FIGURE) checker.add('target', `must be a number from 0 to ${MAX_FIGURE}; got ${input.target}`);
  const onAxis = programme ? (await loaders.indicatorsOfProgramme.load(programme._id)).filter((i) => i.axis === input.axis) : [];
  if (name && onAxis.some((i) => searchKey(i.name) === searchKey(name))) checker.add('name', `the ${input.axis} axis of ${programme!._id} already has the indicator «${name}»`);
  if (onAxis.length >= MAX_INDICATORS_PER_AXIS) checker.add('axis', `an axis has at most ${MAX_INDICATORS_PER_AXIS} indicators`);
  checker.throwIfAny();
  guardParent(PROGRAMME_COLLECTIONS.programmes, programme!, 'programmeId', 'the programme');
  const order = Math.max(0, ...onAxis.map((i) => i.order)) + 1;
  const indicator: IndicatorDocument = {
    _id: indicatorIdOf(programme!._id, input.axis, order),
    programmeId: programme!._id,
    axis: input.axis,
    order,
    name: name!,
    unit: unit!,
    target: input.target,
  };
  try {
    await repository.insertIndicator(indicator);
  } catch (error) {
    // Another indicator took this number on the axis since it was read.
    if (error instanceof DuplicateKeyError) throw writeConflict(`The ${input.axis} axis of ${programme!._id}`);
    throw error;
  }
  loaders.indicatorsOfProgramme.clear(programme!._id);
  loaders.indicator.clear(indicator._id);
  return indicator;
}
