import { toGregorian, toJalaali, isValidJalaaliDate } from 'jalaali-js';
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
const MONTH_BY_KEY: ReadonlyMap<string, number> = new Map([
  ...JALALI_MONTHS.map((name, i) => [searchKey(name), i + 1] as [string, number]),
  [searchKey('امرداد'), 5],
]);

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persianDigits = (n: number): string => String(n).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);

/** `2012-06-20` -> «۳۱ خرداد ۱۳۹۱»: day, Persian month name, year, in Persian digits. */
export function jalaliTextOf(iso: string): string {
  const [year, month, day] = parseIsoDate(iso);
  const j = toJalaali(year, month, day);
  return `${persianDigits(j.jd)} ${JALALI_MONTHS[j.jm - 1]} ${persianDigits(j.jy)}`;
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
const cleanDateText = (text: string): string => toAsciiDigits(text.normalize('NFC')).replace(/[\s\u200c]+/gu, ' ').trim();

/**
 * Any date users type, -> its ISO (Gregorian) day: `2012-06-20`; Solar Hijri `1391-03-31`,
 * `۱۳۹۱/۰۳/۳۱` (a year below 1700 is read as Solar Hijri); or «۳۱ خرداد ۱۳۹۱». Throws a RangeError
 * saying what was expected.
 */
export function parseCalendarInput(value: string): string {
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

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

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
  return `${g.gy}-${pad(g.gm)}-${pad(g.gd)}`;
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

export function calendarDate(iso: string): CalendarDate {
  return { iso, jalali: isoToJalali(iso) };
}

/** A calendar day stored as an instant (00:00 UTC of the day) shown in both calendars. */
export function calendarDateOf(instant: Date): CalendarDate {
  return calendarDate(instant.toISOString().slice(0, 10));
}

/** `calendarDateOf` for a day that may not be recorded: null when it is not. */
export const optionalCalendarDateOf = (instant: Date | null | undefined): CalendarDate | null => (instant ? calendarDateOf(instant) : null);

/** The instant a calendar day is stored as: 00:00 UTC of the ISO date. */
export function instantOfIsoDate(iso: string): Date {
  parseIsoDate(iso);
  return new Date(`${iso}T00:00:00Z`);
}

/**
 * The resolvers of the GraphQL `CalendarDate` type's computed field, for every subgraph that
 * serves the type: `jalaliText` («۳۱ خرداد ۱۳۹۱») from the ISO day every CalendarDate value carries.
 */
export const calendarDateResolvers = {
  jalaliText: (date: CalendarDate): string => jalaliTextOf(date.iso),
};
