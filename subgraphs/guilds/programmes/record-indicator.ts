import { InputChecker, writeConflict } from '../../../shared/errors';
import { guardParent } from '../../../shared/registry/parent-guard';
import { isSentAgain } from '../../../shared/registry/sent-again';
import { DuplicateKeyError } from '../../../shared/store/port';
import { checkYear } from '../calendar-years';
import { recorderOf } from '../recorded-by';
import { ProgrammesContext } from './context';
import { checkPastDay } from './days';
import { MAX_FIGURE } from './add-indicator';
import { IndicatorDocument, IndicatorValueDocument, PROGRAMME_COLLECTIONS } from './documents';

export interface RecordIndicatorActualInput {
  indicatorId: string;
  actual: number;
  asOf: string;
}

/**
 * `recordProgrammeIndicatorActual`: a value one indicator reached on a day (of or after the
 * programme's year, not in the future), appended to its history with who recorded it and when;
 * nothing recorded before is replaced. The indicator's `actual` is then its latest day's value.
 */
export async function recordIndicatorActual(input: RecordIndicatorActualInput, context: ProgrammesContext): Promise<IndicatorDocument> {
  const { loaders, clock, repository } = context.programmes;
  const now = clock();
  const checker = new InputChecker();
  const indicator = input.indicatorId.length <= 300 ? await loaders.indicator.load(input.indicatorId) : null;
  if (!indicator) checker.add('indicatorId', `"${input.indicatorId}" is not an indicator of a chamber programme`);
  if (!Number.isFinite(input.actual) || input.actual < 0 || input.actual > MAX_FIGURE) {
    checker.add('actual', `must be a number from 0 to ${MAX_FIGURE}; got ${input.actual}`);
  }
  const asOf = checkPastDay(checker, 'asOf', input.asOf, now);
  const programme = indicator ? await loaders.programme.load(indicator.programmeId) : null;
  const year = programme ? checkYear(new InputChecker(), 'year', programme.year) : undefined;
  if (asOf && programme && year && asOf.getTime() < year.from.getTime()) {
    checker.add('asOf', `is before the programme's year ${programme.year}`);
  }
  checker.throwIfAny();
  guardParent(PROGRAMME_COLLECTIONS.indicators, indicator!, 'indicatorId', 'the indicator');
  const values = (await loaders.valuesOfProgramme.load(indicator!.programmeId)).filter((v) => v.indicatorId === indicator!._id);
  const latest = values.reduce<IndicatorValueDocument | undefined>((last, v) => (!last || v.sequence > last.sequence ? v : last), undefined);
  const recordedBy = recorderOf(context.caller);
  const sameValue = latest !== undefined && latest.value === input.actual && new Date(latest.asOf).getTime() === asOf!.getTime();
  if (isSentAgain(latest && { by: latest.recordedBy, at: latest.recordedAt }, { by: context.caller.subject, at: now }, sameValue)) return indicator!;
  const sequence = (latest?.sequence ?? 0) + 1;
  const value: IndicatorValueDocument = {
    _id: `${indicator!._id}|${sequence}`,
    indicatorId: indicator!._id,
    sequence,
    programmeId: indicator!.programmeId,
    value: input.actual,
    asOf: asOf!,
    recordedAt: now,
    recordedBy,
  };
  try {
    await repository.insertIndicatorValue(value);
  } catch (error) {
    // Another value of this indicator was recorded since its history was read.
    if (error instanceof DuplicateKeyError) throw writeConflict(`The values of ${indicator!._id}`);
    throw error;
  }
  loaders.valuesOfProgramme.clear(value.programmeId);
  return indicator!;
}
