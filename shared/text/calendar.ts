import { GraphQLError } from 'graphql';
import { jalaaliMonthLength, toGregorian, toJalaali, isValidJalaaliDate } from 'jalaali-js';
import { searchKey, toAsciiDigits } from './normalize';

/**
 * A calendar day in both calendars users read: ISO (Gregorian) and Solar Hijri (Jalali). The
 * GraphQL type also has `jalaliText` («۳۱ خرداد ۱۳۹۱»), resolved from `iso` by `jalaliTextOf`.
 */
export interface CalendarDate {
  iso: string;
  jalali: string;
}

/** The Solar Hijri months, as Persian writes them. */
export const JALALI_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'] as const;

/** Month names as typed, folded by searchKey (Arabic kaf and yeh, joiners...), -> month number. */
const MONTH_BY_KEY: ReadonlyMap<string, number> = new Map([...JALALI_MONTHS.map((name, i) => [searchKey(name), i + 1] as [string, number]), [searchKey('امرداد'), 5]]);

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const persianDigits = (n: number): string => String(n).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);

/** `2012-06-20` -> «۳۱ خرداد ۱۳۹۱»: day, Persian month name, year, in Persian digits. */
export function jalaliTextOf(iso: string): string {
  const [year, month, day] = parseIsoDate(iso);
  const j = toJalaali(year, month, day);
  return `${persianDigits(j.jd)} ${JALALI_MONTHS[j.jm - 1]} ${persianDigits(j.jy)}`;
}

/** The first and last Solar Hijri years a day typed into the registries may fall in. */
export const FIRST_JALALI_YEAR = 1200;
export const LAST_JALALI_YEAR = 1600;

/**
 * The days the registries take: Solar Hijri 1200-01-01 to 1600-12-29, Gregorian 1821-03-21 to
 * 2222-03-20. Every day of it has a Solar Hijri date (jalaali-js reads years -61 to 3177), a
 * Gregorian year of four digits (so `YYYY-MM-DD`), and a year below 1700 in one calendar only, so
 * a typed year says which calendar it is in. Founding dates of the 1820s to deadlines two
 * centuries ahead fit; `9999-12-31` and `0001-01-01` do not.
 */
export const CALENDAR_RANGE = (() => {
  const iso = (jy: number, jm: number, jd: number) => {
    const g = toGregorian(jy, jm, jd);
    return `${pad(g.gy, 4)}-${pad(g.gm)}-${pad(g.gd)}`;
  };
  const lastDay = jalaaliMonthLength(LAST_JALALI_YEAR, 12);
  return {
    firstIso: iso(FIRST_JALALI_YEAR, 1, 1),
    lastIso: iso(LAST_JALALI_YEAR, 12, lastDay),
    firstJalali: `${FIRST_JALALI_YEAR}-01-01`,
    lastJalali: `${LAST_JALALI_YEAR}-12-${pad(lastDay)}`,
  };
})();

/** A day that is a date, but outside `CALENDAR_RANGE`. */
export class DateOutOfRangeError extends RangeError {}

/** `iso` when it lies within `CALENDAR_RANGE`; otherwise a DateOutOfRangeError naming the range (and `typed`, as the caller wrote it). */
export function withinCalendarRange(iso: string, typed: string = iso): string {
  if (iso >= CALENDAR_RANGE.firstIso && iso <= CALENDAR_RANGE.lastIso) return iso;
  throw new DateOutOfRangeError(
    `"${typed}" (${iso}) is outside the days the registries take: ${CALENDAR_RANGE.firstIso} to ${CALENDAR_RANGE.lastIso}, ` +
      `Solar Hijri ${CALENDAR_RANGE.firstJalali} to ${CALENDAR_RANGE.lastJalali}`,
  );
}

/**
 * «۳۱ خرداد ۱۳۹۱», `31 خرداد 1391`, «٣١ خرداد ماه ١٣٩١» -> `2012-06-20`: a day, a Solar Hijri month
 * by name (Arabic or Persian letter forms alike, «ماه» after it allowed), a year; any digits.
 * Throws a RangeError for anything else, or a day the month lacks.
 */
export function jalaliTextToIso(text: string): string {
  const match = /^(\d{1,2})\s+(\S+?)(?:\s+ماه)?\s+(\d{3,4})$/u.exec(cleanDateText(text));
  const month = match ? MONTH_BY_KEY.get(searchKey(match[2]!)) : undefined;
  if (!match || month === undefined) throw new RangeError(`"${text}" is not a Solar Hijri date written as day, month name and year, e.g. ۳۱ خرداد ۱۳۹۱`);
  return jalaliToIso(`${match[3]}-${month}-${match[1]}`);
}

/** Digits made ASCII, joiners and Arabic letter forms left to searchKey, white space folded. */
const cleanDateText = (text: string): string =>
  toAsciiDigits(text.normalize('NFC'))
    .replace(/[\s\u200c]+/gu, ' ')
    .trim();

/**
 * Any date users type, -> its ISO (Gregorian) day: `2012-06-20`; Solar Hijri `1391-03-31`,
 * `۱۳۹۱/۰۳/۳۱` (a year below 1700 is read as Solar Hijri); or «۳۱ خرداد ۱۳۹۱». Throws a RangeError
 * saying what was expected, or a DateOutOfRangeError for a date outside `CALENDAR_RANGE`.
 */
export function parseCalendarInput(value: string): string {
  return withinCalendarRange(readCalendarInput(value), value);
}

function readCalendarInput(value: string): string {
  const text = cleanDateText(value);
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(text)) {
    const year = Number(text.split(/[-/.]/)[0]);
    if (year > 0 && year < 1700) return jalaliToIso(text);
    if (isIsoDate(text.replace(/\//g, '-'))) return text.replace(/\//g, '-');
  } else if (/\p{L}/u.test(text)) {
    return jalaliTextToIso(text);
  }
  throw new RangeError(`"${value}" is not a date; use YYYY-MM-DD (Gregorian), a Solar Hijri date such as 1391-03-31, or one such as ۳۱ خرداد ۱۳۹۱`);
}

/** `2012-06-20` -> `1391-03-31`. */
export function isoToJalali(iso: string): string {
  const [year, month, day] = parseIsoDate(iso);
  const j = toJalaali(year, month, day);
  return `${j.jy}-${pad(j.jm)}-${pad(j.jd)}`;
}

/** `۱۳۹۱/۰۳/۳۱` or `1391-3-31` -> `2012-06-20`; throws on a day the Jalali calendar lacks. */
export function jalaliToIso(jalali: string): string {
  const parts = toAsciiDigits(jalali).split(/[-/.]/).map(Number);
  const [jy, jm, jd] = parts;
  if (parts.length !== 3 || jy === undefined || jm === undefined || jd === undefined || !isValidJalaaliDate(jy, jm, jd)) {
    throw new RangeError(`"${jalali}" is not a Solar Hijri date (year-month-day)`);
  }
  const g = toGregorian(jy, jm, jd);
  return `${pad(g.gy, 4)}-${pad(g.gm)}-${pad(g.gd)}`;
}

export function parseIsoDate(iso: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const date = match ? new Date(`${iso}T00:00:00Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`"${iso}" is not a calendar date in the form YYYY-MM-DD`);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function isIsoDate(text: string): boolean {
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
}

/** An ISO day (one this code made, or a stored one) in both calendars; never throws for a stored value (see `calendarDateOf`). */
export function calendarDate(iso: string): CalendarDate {
  return calendarDateOf(iso);
}

const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

/** A stored day as an instant: a Date, or the ISO text or epoch milliseconds of one; undefined when it is none of those. */
function instantOfStored(value: unknown): Date | undefined {
  let instant: Date | undefined;
  if (isDate(value)) instant = value;
  else if (typeof value === 'string' && /^[+-]?\d{4,6}-\d{2}-\d{2}/.test(value)) instant = new Date(/T/.test(value) ? value : `${value}T00:00:00Z`);
  else if (typeof value === 'number') instant = new Date(value);
  return instant && !Number.isNaN(instant.getTime()) ? instant : undefined;
}

/** Solar Hijri dates for any instant ICU can show (its arithmetic calendar), for days outside jalaali-js's years. */
const PERSIAN_CALENDAR = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

function jalaliPartsOf(instant: Date): { jy: number; jm: number; jd: number } {
  try {
    return toJalaali(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate());
  } catch {
    const part = (type: string) => Number(PERSIAN_CALENDAR.formatToParts(instant).find((p) => p.type === type)?.value);
    return { jy: part('year'), jm: part('month'), jd: part('day') };
  }
}

/** The error of a stored day that is not a date at all: the field it is read for is null, with this error beside it. */
function unreadableStoredDay(value: unknown): GraphQLError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Object.prototype.toString.call(value);
  return new GraphQLError(`The stored day is not a date (${shown}); the registry's operators need to correct the record.`, {
    extensions: { code: 'STORED_VALUE_UNREADABLE' },
  });
}

/**
 * A calendar day stored as an instant (00:00 UTC of the day) shown in both calendars. Any stored
 * date is shown, even one outside `CALENDAR_RANGE` that an earlier version let in (`9999-12-31`:
 * Solar Hijri from ICU's arithmetic calendar where jalaali-js has none; years past 9999 in ISO's
 * expanded form, `+010000-01-01`). A stored value that is no date at all throws a coded GraphQL
 * error (`STORED_VALUE_UNREADABLE`) for the field being read, never an internal error.
 */
export function calendarDateOf(stored: Date | string): CalendarDate {
  const instant = instantOfStored(stored);
  if (!instant) throw unreadableStoredDay(stored);
  const iso = instant.toISOString().split('T')[0]!;
  const j = jalaliPartsOf(instant);
  return { iso, jalali: `${j.jy}-${pad(j.jm)}-${pad(j.jd)}` };
}

/** `calendarDateOf` for a day that may not be recorded: null when it is not. */
export const optionalCalendarDateOf = (instant: Date | string | null | undefined): CalendarDate | null => (instant ? calendarDateOf(instant) : null);

/** «۳۱ خرداد ۱۳۹۱» from a CalendarDate's `jalali` (`1391-03-31`); the `jalali` text itself if it is not one. */
function jalaliTextOfDate(date: CalendarDate): string {
  const match = /^(-?\d+)-(\d{1,2})-(\d{1,2})$/.exec(date.jalali ?? '');
  const month = match ? JALALI_MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return date.jalali ?? date.iso;
  return `${persianDigits(Number(match[3]))} ${month} ${persianDigits(Number(match[1]))}`;
}

/** The instant a calendar day is stored as: 00:00 UTC of the ISO date. */
export function instantOfIsoDate(iso: string): Date {
  parseIsoDate(iso);
  return new Date(`${iso}T00:00:00Z`);
}

/**
 * The resolvers of the GraphQL `CalendarDate` type's computed field, for every subgraph that
 * serves the type: `jalaliText` («۳۱ خرداد ۱۳۹۱») from the Solar Hijri day every CalendarDate value carries.
 */
export const calendarDateResolvers = {
  jalaliText: (date: CalendarDate): string => jalaliTextOfDate(date),
};
