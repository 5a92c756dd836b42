import { ProgrammesContext } from './context';
import { IndicatorDocument, IndicatorValueDocument } from './documents';

/** A value of an indicator as the API shows it: a recorded one, or the one an earlier version wrote on the indicator. */
export type IndicatorValue = Pick<IndicatorValueDocument, 'value' | 'asOf' | 'sequence'> & Partial<Pick<IndicatorValueDocument, 'recordedAt' | 'recordedBy'>> & { target: number };

const byDayThenRecording = (a: IndicatorValue, b: IndicatorValue): number => a.asOf.getTime() - b.asOf.getTime() || a.sequence - b.sequence;

/**
 * An indicator's history: every value recorded, by the day measured, then by when recorded (a
 * second value for a day is a correction: both are kept, the later one stands). A value written on
 * the indicator itself by an earlier version is among them, as recorded before the others of its day.
 */
export async function valuesOf(indicator: IndicatorDocument, context: ProgrammesContext): Promise<IndicatorValue[]> {
  const recorded = (await context.programmes.loaders.valuesOfProgramme.load(indicator.programmeId)).filter((v) => v.indicatorId === indicator._id);
  const earlier: IndicatorValue[] =
    indicator.actual !== undefined && indicator.actualAsOf ? [{ value: indicator.actual, asOf: indicator.actualAsOf, sequence: 0, target: indicator.target }] : [];
  return [...earlier, ...recorded.map((v) => ({ ...v, target: indicator.target }))].sort(byDayThenRecording);
}

/** The indicator's value now: the one of the latest day measured; undefined before any. */
export async function latestValue(indicator: IndicatorDocument, context: ProgrammesContext): Promise<IndicatorValue | undefined> {
  const values = await valuesOf(indicator, context);
  return values[values.length - 1];
}

/** Value over target (1 = reached); null with a zero target. */
export const achievementOf = (value: number, target: number): number | null => (target === 0 ? null : value / target);
