import { InputChecker } from '../../../shared/errors';
import { isIsoDate, jalaliToIso, withinCalendarRange } from '../../../shared/text/calendar';
import { toAsciiDigits } from '../../../shared/text/normalize';

const MOMENT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether `offset` is one a clock somewhere keeps: `Z`, or -12:00 to +14:00 with minutes under 60.
 * JavaScript takes up to ±23:59, which would put a moment typed for one day on another (audit, 2026-12-07).
 */
function isCivilOffset(offset: string): boolean {
  if (offset === 'Z') return true;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return Number(offset.slice(4, 6)) < 60 && (offset.startsWith('+') ? minutes <= 14 * 60 : minutes <= 12 * 60);
}

/**
 * Reads a moment with its UTC offset, its day in either calendar: `2025-09-13T08:00:00+03:30`,
 * `1404-06-22T08:00+03:30` (a year below 1700 is Solar Hijri) or `...Z`. Without an offset the
 * moment would be ambiguous, so one is required, and one a clock keeps (-12:00 to +14:00). Returns the instant, or undefined (recorded).
 */
export function checkMoment(checker: InputChecker, field: string, value: string): Date | undefined {
  const match = MOMENT.exec(toAsciiDigits(value.trim()));
  const refuse = () => {
    checker.add(field, `"${value}" is not a moment; use YYYY-MM-DDTHH:MM with a UTC offset, e.g. 2025-09-13T08:00+03:30 or 1404-06-22T08:00+03:30`);
    return undefined;
  };
  if (!match) return refuse();
  const [, y, m, d, hh, mm, ss, fraction, offset] = match;
  const day = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  let iso: string;
  try {
    iso = Number(y) < 1700 ? jalaliToIso(day) : day;
  } catch {
    return refuse();
  }
  if (!isIsoDate(iso) || Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59 || !isCivilOffset(offset!)) return refuse();
  try {
    withinCalendarRange(iso, value);
  } catch (error) {
    checker.add(field, (error as Error).message);
    return undefined;
  }
  const instant = new Date(`${iso}T${hh}:${mm}:${ss ?? '00'}${fraction ?? ''}${offset}`);
  return Number.isNaN(instant.getTime()) ? refuse() : instant;
}
