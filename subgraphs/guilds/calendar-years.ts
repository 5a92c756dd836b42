import { InputChecker } from '../../shared/errors';
import { FIRST_JALALI_YEAR, instantOfIsoDate, jalaliToIso, LAST_JALALI_YEAR } from '../../shared/text/calendar';

const FIRST_GREGORIAN_YEAR = 1822;
const LAST_GREGORIAN_YEAR = 2221;

/** The instants a year spans, `[from, to)`, as days are stored (00:00 UTC). */
export interface YearSpan {
  from: Date;
  to: Date;
}

/**
 * A year as the registries read it: Solar Hijri below 1700 (from Nowruz to Nowruz: 1399 is
 * 2020-03-20 to 2021-03-21), else Gregorian; its span, or undefined with the problem recorded
 * under `field` when it is not a whole year within the days the registries take.
 */
export function checkYear(checker: InputChecker, field: string, year: number): YearSpan | undefined {
  if (Number.isInteger(year) && year >= FIRST_JALALI_YEAR && year < LAST_JALALI_YEAR) {
    return { from: instantOfIsoDate(jalaliToIso(`${year}-01-01`)), to: instantOfIsoDate(jalaliToIso(`${year + 1}-01-01`)) };
  }
  if (Number.isInteger(year) && year >= FIRST_GREGORIAN_YEAR && year <= LAST_GREGORIAN_YEAR) {
    return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  }
  checker.add(
    field,
    `must be a Solar Hijri year from ${FIRST_JALALI_YEAR} to ${LAST_JALALI_YEAR - 1} (e.g. 1399) or a Gregorian one from ${FIRST_GREGORIAN_YEAR} to ${LAST_GREGORIAN_YEAR} (e.g. 2020); got ${year}`,
  );
  return undefined;
}

/** `checkYear` for one argument: the span, or BAD_USER_INPUT naming `field`. */
export function yearSpan(field: string, year: number): YearSpan {
  const checker = new InputChecker();
  const span = checkYear(checker, field, year);
  checker.throwIfAny();
  return span!;
}
