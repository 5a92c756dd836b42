import { InputChecker, writeConflict } from '../../../shared/errors';
import { guardParent } from '../../../shared/registry/parent-guard';
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
  // Callers without a subject cannot be told apart: each one's value is recorded.
  if (latest && context.caller.subject !== undefined && isValueSentAgain(latest, { value: input.actual, asOf: asOf!, recordedBy, recordedAt: now })) return indicator!;
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

/** How long the same value from the same caller is taken for one sent again (its answer lost to a timeout), not a second record. */
const VALUE_SENT_AGAIN_WITHIN_MS = 24 * 3_600_000;

/**
 * Whether the indicator's latest value is this one already: the same figure for the same day from
 * the same caller, within a day. A client that sends it again after its answer was lost gets the
 * indicator with the value it recorded then, once.
 */
function isValueSentAgain(latest: IndicatorValueDocument, sent: Pick<IndicatorValueDocument, 'value' | 'asOf' | 'recordedBy' | 'recordedAt'>): boolean {
  return (
    latest.value === sent.value &&
    new Date(latest.asOf).getTime() === sent.asOf.getTime() &&
    JSON.stringify(latest.recordedBy ?? null) === JSON.stringify(sent.recordedBy ?? null) &&
    sent.recordedAt.getTime() - new Date(latest.recordedAt).getTime() < VALUE_SENT_AGAIN_WITHIN_MS
  );
}
