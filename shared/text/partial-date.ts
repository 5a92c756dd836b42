import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { CalendarDate, calendarDate, DateOutOfRangeError, JALALI_MONTHS, parseIsoDate, withinCalendarRange } from './calendar';
import { cleanDisplayText, searchKey, toAsciiDigits } from './normalize';

/**
 * Dates as the texts give them: a day («شنبه ۲۲ شهریور»), a month's end («پایان شهریور»), a month
 * («شهریور ۹۱», «décembre 2023») or a year («سنة 2023»), each kept with its precision and in the
 * calendar it was given in, and shown in both calendars without inventing what the text left out.
 */

export const DATE_PRECISIONS = ['DAY', 'MONTH_END', 'MONTH', 'YEAR'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const CALENDAR_SYSTEMS = ['SOLAR_HIJRI', 'GREGORIAN'] as const;
export type CalendarSystem = (typeof CALENDAR_SYSTEMS)[number];

/** What the store keeps of a date: its precision, calendar, numbers in that calendar, and the words it was read from. */
export interface PartialDate {
  precision: DatePrecision;
  calendar: CalendarSystem;
  /** In its own calendar: `1391-06-31` (a day, or a month's last day), `1391-06` (a month), `1391` (a year). */
  value: string;
  /** The words it was read from, as typed («اواخر شهریور ۹۱»); absent for a date typed as numbers. */
  written?: string;
}

/** The first and last (ISO, Gregorian) day a date covers. */
export interface DayRange {
  firstIso: string;
  lastIso: string;
}

/** What relative forms are read against. */
export interface PartialDateContext {
  /**
   * The ISO day a date without a year («اول تیر», «پایان شهریور ماه سال جاری») belongs to: a
   * meeting's first day for its last day and its resolutions' due dates. Without it a year is required.
   */
  referenceIso?: string | null | undefined;
  /** The ISO day two-digit years are read near when there is no reference; today (UTC) by default. */
  todayIso?: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const isoOf = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const gregorianMonthLength = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthLength = (calendar: CalendarSystem, y: number, m: number): number => (calendar === 'SOLAR_HIJRI' ? jalaaliMonthLength(y, m) : gregorianMonthLength(y, m));

function toIso(calendar: CalendarSystem, y: number, m: number, d: number): string {
  if (calendar === 'GREGORIAN') return isoOf(y, m, d);
  const g = toGregorian(y, m, d);
  return isoOf(g.gy, g.gm, g.gd);
}

function jalaliOfIso(iso: string): { jy: number; jm: number; jd: number } {
  const [y, m, d] = parseIsoDate(iso);
  return toJalaali(y, m, d);
}

const jalaliNumbers = (iso: string): string => {
  const j = jalaliOfIso(iso);
  return `${j.jy}-${pad(j.jm)}-${pad(j.jd)}`;
};

/** The numbers of `value` (`1391-06-31`, `1391-06`, `1391`). */
const numbersOf = (value: string): [number, number | undefined, number | undefined] => {
  const [y, m, d] = value.split('-').map(Number);
  return [y!, m, d];
};

/** The days a date covers: one day for a day or a month's end, the whole month or year otherwise. */
export function rangeOf(date: PartialDate): DayRange {
  const [y, m, d] = numbersOf(date.value);
  switch (date.precision) {
    case 'DAY':
    case 'MONTH_END': {
      const iso = toIso(date.calendar, y, m!, d!);
      return { firstIso: iso, lastIso: iso };
    }
    case 'MONTH':
      return { firstIso: toIso(date.calendar, y, m!, 1), lastIso: toIso(date.calendar, y, m!, monthLength(date.calendar, y, m!)) };
    case 'YEAR':
      return { firstIso: toIso(date.calendar, y, 1, 1), lastIso: toIso(date.calendar, y, 12, monthLength(date.calendar, y, 12)) };
  }
}

/** A day typed as `YYYY-MM-DD`: a Gregorian day, or a Solar Hijri one when the year is below 1700. */
export function dayOfIso(iso: string): PartialDate {
  parseIsoDate(iso);
  return { precision: 'DAY', calendar: 'GREGORIAN', value: iso };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Month names by their searchKey: Persian (Solar Hijri), French and Arabic as written in Morocco and the Mashriq (Gregorian). */
interface NamedMonth {
  calendar: CalendarSystem;
  month: number;
}
const MONTHS: ReadonlyMap<string, NamedMonth> = new Map<string, NamedMonth>([
  ...JALALI_MONTHS.map((name, i): [string, NamedMonth] => [searchKey(name), { calendar: 'SOLAR_HIJRI', month: i + 1 }]),
  [searchKey('امرداد'), { calendar: 'SOLAR_HIJRI', month: 5 }],
  ...[
    ['janvier'],
    ['fevrier', 'février'],
    ['mars'],
    ['avril'],
    ['mai'],
    ['juin'],
    ['juillet'],
    ['aout', 'août'],
    ['septembre'],
    ['octobre'],
    ['novembre'],
    ['decembre', 'décembre'],
  ].flatMap((names, i) => names.map((name): [string, NamedMonth] => [searchKey(name), { calendar: 'GREGORIAN', month: i + 1 }])),
  ...[
    ['يناير'],
    ['فبراير'],
    ['مارس'],
    ['أبريل', 'ابريل', 'إبريل'],
    ['ماي', 'مايو'],
    ['يونيو', 'يونيه'],
    ['يوليوز', 'يوليو', 'يوليه'],
    ['غشت', 'أغسطس'],
    ['شتنبر', 'سبتمبر'],
    ['أكتوبر'],
    ['نونبر', 'نوفمبر'],
    ['دجنبر', 'ديسمبر'],
  ].flatMap((names, i) => names.map((name): [string, NamedMonth] => [searchKey(name), { calendar: 'GREGORIAN', month: i + 1 }])),
]);

/** Weekdays by searchKey -> JavaScript's day number (0 = Sunday). */
const WEEKDAYS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['شنبه', 6],
      ['یکشنبه', 0],
      ['دوشنبه', 1],
      ['سهشنبه', 2],
      ['چهارشنبه', 3],
      ['پنجشنبه', 4],
      ['جمعه', 5],
      ['السبت', 6],
      ['الأحد', 0],
      ['الاثنين', 1],
      ['الإثنين', 1],
      ['الثلاثاء', 2],
      ['الأربعاء', 3],
      ['الخميس', 4],
      ['الجمعة', 5],
      ['samedi', 6],
      ['dimanche', 0],
      ['lundi', 1],
      ['mardi', 2],
      ['mercredi', 3],
      ['jeudi', 4],
      ['vendredi', 5],
    ] as const
  ).map(([name, day]) => [searchKey(name), day]),
);
const WEEKDAY_NAMES = ['یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه', 'شنبه'];

/** Words that say "the end of" the month that follows. */
const MONTH_END_WORDS = new Set(['پایان', 'آخر', 'اواخر', 'انتهای', 'fin', 'نهاية', 'أواخر', 'آخر'].map(searchKey));
/** Words that say "the first day of". */
const FIRST_DAY_WORDS = new Set(['اول', 'یکم', '1er', 'premier'].map(searchKey));
/** Words before a date that change nothing about it («حداکثر تا پایان شهریور», «برسم سنة 2023», «le 12 janvier»). */
const LEADING_WORDS = new Set(['حداکثر', 'تا', 'برسم', 'في', 'le', 'en', 'در'].map(searchKey));
const MONTH_WORD = searchKey('ماه');
const YEAR_WORDS = new Set(['سال', 'سنة', 'annee', 'année', 'عام'].map(searchKey));
const CURRENT_YEAR_WORDS = new Set(['جاری', 'جاري', 'امسال'].map(searchKey));

const EXPECTED =
  'use a day (1391-06-31, 2012-09-21, 21/09/2012, «۳۱ شهریور ۱۳۹۱», «شنبه ۲۲ شهریور ۱۳۹۹», «12 septembre 2020»), ' +
  "a month's end («پایان شهریور ۱۳۹۱», «fin décembre 2023»), a month (1391-06, 12/2023, «شهریور ۹۱», «décembre 2023») or a year (1399, «سنة 2023»)";

/** A date the reader cannot take: RangeError with what was expected. */
function notADate(text: string, why?: string): RangeError {
  return new RangeError(`"${text}" is not a date${why ? ` (${why})` : ''}; ${EXPECTED}`);
}

const calendarOfYear = (year: number): CalendarSystem => (year < 1700 ? 'SOLAR_HIJRI' : 'GREGORIAN');

/** Digits made ASCII, Arabic and Latin punctuation and joiners made spaces, white space folded, Latin lower-cased. */
const cleanForReading = (text: string): string =>
  toAsciiDigits(text.normalize('NFC'))
    .replace(/[\u200c(),،؛;]|\u200d/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();

/** A complete date: checks the day exists, the weekday (when given) matches, and the range is one the registries take. */
function finish(text: string, date: PartialDate, weekday?: number): PartialDate {
  const [y, m, d] = numbersOf(date.value);
  if (m !== undefined && (m < 1 || m > 12)) throw notADate(text, `there is no month ${m}`);
  if (d !== undefined) {
    const valid = date.calendar === 'SOLAR_HIJRI' ? isValidJalaaliDate(y, m!, d) : d >= 1 && d <= gregorianMonthLength(y, m!);
    if (!valid) throw notADate(text, `the month has no day ${d}`);
  }
  let range: DayRange;
  try {
    range = rangeOf(date);
  } catch {
    throw new DateOutOfRangeError(`"${text}" is outside the days the registries take`);
  }
  withinCalendarRange(range.firstIso, text);
  withinCalendarRange(range.lastIso, text);
  if (weekday !== undefined) {
    if (date.precision !== 'DAY') throw notADate(text, 'a weekday goes with a day of the month');
    const actual = new Date(`${range.firstIso}T00:00:00Z`).getUTCDay();
    if (actual !== weekday) {
      throw new RangeError(`"${text}" names a ${WEEKDAY_NAMES[weekday]} (day ${weekday}), but that day is a ${WEEKDAY_NAMES[actual]}: check the day, the month and the year`);
    }
  }
  return date;
}

/** Dates typed as numbers only: 1399, 1391-06, 12/2023, 1391-06-31, 21/09/2012. */
function readNumeric(text: string): PartialDate | undefined {
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})$/.exec(text))) {
    const year = Number(match[1]);
    return { precision: 'YEAR', calendar: calendarOfYear(year), value: pad(year, 4) };
  }
  if ((match = /^(\d{4})[-/.](\d{1,2})$/.exec(text)) || (match = /^(\d{1,2})[-/.](\d{4})$/.exec(text))) {
    const [year, month] = match[1]!.length === 4 ? [Number(match[1]), Number(match[2])] : [Number(match[2]), Number(match[1])];
    return { precision: 'MONTH', calendar: calendarOfYear(year), value: `${pad(year, 4)}-${pad(month)}` };
  }
  if ((match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text)) || (match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text))) {
    const [year, month, day] = match[1]!.length === 4 ? [match[1], match[2], match[3]].map(Number) : [match[3], match[2], match[1]].map(Number);
    return { precision: 'DAY', calendar: calendarOfYear(year!), value: `${pad(year!, 4)}-${pad(month!)}-${pad(day!)}` };
  }
  return undefined;
}

/** The year in `calendar` that `iso` falls in. */
function yearOfIso(calendar: CalendarSystem, iso: string): number {
  return calendar === 'SOLAR_HIJRI' ? jalaliOfIso(iso).jy : parseIsoDate(iso)[0];
}

/** «۹۱» -> the Solar Hijri year ending in 91 nearest the reference year; refused when two are as near. */
function fullYear(text: string, twoDigits: number, near: number): number {
  const candidates = [12, 13, 14, 15, 16].map((century) => century * 100 + twoDigits);
  const distances = candidates.map((year) => Math.abs(year - near));
  const best = Math.min(...distances);
  const nearest = candidates.filter((_, i) => distances[i] === best);
  if (nearest.length > 1) throw notADate(text, `the two-digit year ${pad(twoDigits)} could be ${nearest.join(' or ')}; write it in full`);
  return nearest[0]!;
}

/**
 * Dates in words: [leading words] [weekday] [day | «اول» | «پایان»/«fin»...] month-name [«ماه»]
 * [«سال»/«سنة»] [year | two-digit Solar Hijri year | «سال جاری»], or [«سال»/«سنة»] year.
 */
function readWords(original: string, text: string, context: PartialDateContext): PartialDate {
  const tokens = text.split(' ');
  let i = 0;
  const key = (at: number): string => (tokens[at] === undefined ? '' : searchKey(tokens[at]));
  while (LEADING_WORDS.has(key(i))) i += 1;

  let weekday: number | undefined;
  // «سه شنبه» and «سه‌شنبه» (the joiner was made a space) are one word.
  for (const width of [2, 1]) {
    const candidate = tokens
      .slice(i, i + width)
      .map(searchKey)
      .join('');
    if (tokens.length >= i + width && WEEKDAYS.has(candidate)) {
      weekday = WEEKDAYS.get(candidate);
      i += width;
      break;
    }
  }

  let day: number | 'END' | undefined;
  if (/^\d{1,2}$/.test(tokens[i] ?? '')) day = Number(tokens[i++]);
  else if (FIRST_DAY_WORDS.has(key(i))) {
    day = 1;
    i += 1;
  } else if (MONTH_END_WORDS.has(key(i))) {
    day = 'END';
    i += 1;
  }

  const month = MONTHS.get(key(i));
  if (!month) {
    // A year alone: «سال ۱۳۹۹», «سنة 2023».
    if (day === undefined && weekday === undefined && YEAR_WORDS.has(key(i)) && /^\d{4}$/.test(tokens[i + 1] ?? '') && i + 2 === tokens.length) {
      const year = Number(tokens[i + 1]);
      return finish(original, { precision: 'YEAR', calendar: calendarOfYear(year), value: pad(year, 4), written: cleanDisplayText(original) });
    }
    throw notADate(original, tokens[i] === undefined ? 'no month is named' : `"${tokens[i]}" is not a month name`);
  }
  i += 1;
  if (key(i) === MONTH_WORD) i += 1;
  if (YEAR_WORDS.has(key(i))) i += 1;

  const reference = context.referenceIso ?? undefined;
  let year: number;
  let rolls = false;
  if (/^\d{4}$/.test(tokens[i] ?? '')) {
    year = Number(tokens[i++]);
  } else if (/^\d{2}$/.test(tokens[i] ?? '')) {
    if (month.calendar !== 'SOLAR_HIJRI') throw notADate(original, 'a two-digit year goes with a Solar Hijri month; write the Gregorian year in full');
    const near = yearOfIso('SOLAR_HIJRI', reference ?? context.todayIso ?? new Date().toISOString().slice(0, 10));
    year = fullYear(original, Number(tokens[i++]), near);
  } else if (CURRENT_YEAR_WORDS.has(key(i))) {
    if (!reference) throw notADate(original, '«سال جاری» needs the day it is said on, which this field does not have; give the year');
    year = yearOfIso(month.calendar, reference);
    i += 1;
  } else {
    if (!reference) throw notADate(original, 'no year is given; add it');
    year = yearOfIso(month.calendar, reference);
    rolls = true;
  }
  if (i !== tokens.length) throw notADate(original, `"${tokens.slice(i).join(' ')}" is not understood`);
  if (month.calendar !== calendarOfYear(year)) throw notADate(original, `${year} is not a year of the month's calendar`);

  const build = (y: number): PartialDate => {
    const written = cleanDisplayText(original);
    if (day === undefined) return { precision: 'MONTH', calendar: month.calendar, value: `${pad(y, 4)}-${pad(month.month)}`, written };
    const d = day === 'END' ? monthLength(month.calendar, y, month.month) : day;
    return { precision: day === 'END' ? 'MONTH_END' : 'DAY', calendar: month.calendar, value: `${pad(y, 4)}-${pad(month.month)}-${pad(d)}`, written };
  };
  let date = build(year);
  // A date without a year is the next one on or after the reference day («۱ تیر» after «۳۱ خرداد ۱۳۹۱»).
  if (rolls && reference && safeRange(date) && safeRange(date)!.lastIso < reference) date = build(year + 1);
  return finish(original, date, weekday);
}

const safeRange = (date: PartialDate): DayRange | undefined => {
  try {
    return rangeOf(date);
  } catch {
    return undefined;
  }
};

/**
 * Reads a date as people write it (see the module's comment and `EXPECTED`), any digits, Arabic or
 * Persian letter forms. Throws a RangeError saying what was expected, or a DateOutOfRangeError for
 * a date outside `CALENDAR_RANGE`.
 */
export function parsePartialDate(text: string, context: PartialDateContext = {}): PartialDate {
  const cleaned = cleanForReading(text);
  if (cleaned === '') throw notADate(text, 'it is empty');
  const numeric = readNumeric(cleaned);
  if (numeric) return finish(text, numeric);
  if (!/\p{L}/u.test(cleaned)) throw notADate(text);
  return readWords(text, cleaned, context);
}

// ---------------------------------------------------------------------------------------------
// Showing

/** A date as the API shows it (the GraphQL `PartialDate`). */
export interface PartialDateView {
  precision: DatePrecision;
  calendar: CalendarSystem;
  iso: string;
  jalali: string;
  jalaliText: string;
  written: string | null;
  firstDay: CalendarDate;
  lastDay: CalendarDate;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persianDigits = (n: number): string => String(n).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);
const jalaliDayText = (iso: string): string => {
  const j = jalaliOfIso(iso);
  return `${persianDigits(j.jd)} ${JALALI_MONTHS[j.jm - 1]} ${persianDigits(j.jy)}`;
};

/**
 * Both calendars, no more precise than the date: a day shows its day in both; a month or year shows
 * its own calendar's month or year, and in the other calendar the interval of days it covers
 * (`2012-08-22/2012-09-21`), since a Solar Hijri month is no Gregorian month.
 */
export function partialDateView(date: PartialDate): PartialDateView {
  const { firstIso, lastIso } = rangeOf(date);
  const [y, m] = numbersOf(date.value);
  const oneDay = date.precision === 'DAY' || date.precision === 'MONTH_END';
  const own = date.precision === 'YEAR' ? pad(y, 4) : date.precision === 'MONTH' ? `${pad(y, 4)}-${pad(m!)}` : undefined;
  const interval = (show: (iso: string) => string): string => `${show(firstIso)}/${show(lastIso)}`;
  let iso: string;
  let jalali: string;
  if (oneDay) {
    iso = firstIso;
    jalali = jalaliNumbers(firstIso);
  } else if (date.calendar === 'SOLAR_HIJRI') {
    iso = interval((day) => day);
    jalali = own!;
  } else {
    iso = own!;
    jalali = interval(jalaliNumbers);
  }
  let jalaliText: string;
  if (date.calendar === 'SOLAR_HIJRI' && date.precision === 'MONTH_END') jalaliText = `پایان ${JALALI_MONTHS[m! - 1]} ${persianDigits(y)}`;
  else if (date.calendar === 'SOLAR_HIJRI' && date.precision === 'MONTH') jalaliText = `${JALALI_MONTHS[m! - 1]} ${persianDigits(y)}`;
  else if (date.calendar === 'SOLAR_HIJRI' && date.precision === 'YEAR') jalaliText = `سال ${persianDigits(y)}`;
  else if (oneDay) jalaliText = jalaliDayText(firstIso);
  else jalaliText = `${jalaliDayText(firstIso)} تا ${jalaliDayText(lastIso)}`;
  return {
    precision: date.precision,
    calendar: date.calendar,
    iso,
    jalali,
    jalaliText,
    written: date.written ?? null,
    firstDay: calendarDate(firstIso),
    lastDay: calendarDate(lastIso),
  };
}

/** The instant a date's first or last day is stored as, for indexes and sorting (00:00 UTC). */
export const instantOfDay = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
