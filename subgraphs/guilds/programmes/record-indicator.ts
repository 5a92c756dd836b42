import { InputChecker } from '../../../shared/errors';
import { ProgrammesContext } from './context';
import { checkPastDay } from './days';
import { IndicatorDocument } from './documents';

export interface RecordIndicatorActualInput {
  indicatorId: string;
  actual: number;
  asOf: string;
}

const MAX_FIGURE = 1e12;

/** `recordProgrammeIndicatorActual`: the measured value of one indicator, on a day of or after the programme's year. */
export async function recordIndicatorActual(input: RecordIndicatorActualInput, context: ProgrammesContext): Promise<IndicatorDocument> {
  const { loaders, clock, repository } = context.programmes;
  const checker = new InputChecker();
  const indicator = input.indicatorId.length <= 300 ? await loaders.indicator.load(input.indicatorId) : null;
  if (!indicator) checker.add('indicatorId', `"${input.indicatorId}" is not an indicator of a chamber programme`);
  if (!Number.isFinite(input.actual) || input.actual < 0 || input.actual > MAX_FIGURE) {
    checker.add('actual', `must be a number from 0 to ${MAX_FIGURE}; got ${input.actual}`);
  }
  const asOf = checkPastDay(checker, 'asOf', input.asOf, clock());
  const programme = indicator ? await loaders.programme.load(indicator.programmeId) : null;
  if (asOf && programme && asOf.getUTCFullYear() < programme.year) {
    checker.add('asOf', `is before the programme's year ${programme.year}`);
  }
  checker.throwIfAny();
  const recorded: IndicatorDocument = { ...indicator!, actual: input.actual, actualAsOf: asOf! };
  await repository.saveIndicator(recorded);
  loaders.indicator.clear(recorded._id).prime(recorded._id, recorded);
  loaders.indicatorsOfProgramme.clear(recorded.programmeId);
  return recorded;
}
