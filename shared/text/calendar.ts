import { toGregorian, toJalaali, isValidJalaaliDate } from 'jalaali-js';
import { toAsciiDigits } from './normalize';

/** A calendar day in both calendars users read: ISO (Gregorian) and Solar Hijri (Jalali). */
export interface CalendarDate {
  iso: string;
  jalali: string;
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

/** The instant a calendar day is stored as: 00:00 UTC of the ISO date. */
export function instantOfIsoDate(iso: string): Date {
  parseIsoDate(iso);
  return new Date(`${iso}T00:00:00Z`);
}
