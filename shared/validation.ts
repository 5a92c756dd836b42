import { InputChecker } from './errors';
import { parseNationalCode } from './identity/national-code';
import { message } from './messages/catalog';
import { DateOutOfRangeError, parseCalendarInput } from './text/calendar';
import { PartialDate, PartialDateContext, parsePartialDate } from './text/partial-date';
import { cleanDisplayText } from './text/normalize';
import { firstForbiddenCharacter, ForbiddenKind } from './text/visible';

export interface TextRule {
  min?: number;
  max: number;
}

/** The catalog message (shared/messages/text.messages.yaml) for each kind of refused character. */
const FORBIDDEN_CHARACTER_MESSAGES: Record<ForbiddenKind, string> = {
  'a control character': 'TEXT_CONTROL_CHARACTER',
  'a bidirectional control, which reorders the text around it': 'TEXT_BIDI_CONTROL',
  'an invisible character': 'TEXT_INVISIBLE_CHARACTER',
  'half of a surrogate pair, not a character': 'TEXT_LONE_SURROGATE',
  'a Cyrillic letter in a Latin word, or a Latin letter in a Cyrillic one': 'TEXT_MIXED_ALPHABET_WORD',
  'a letter drawn like one of another alphabet in the same word (Greek, Armenian, Cherokee, Lisu or Coptic beside Latin or Cyrillic)': 'TEXT_LOOK_ALIKE_LETTER_IN_WORD',
};

/** Records, and says, that `value` holds a character no stored text may hold (shared/text/visible.ts). */
function refusedForItsCharacters(checker: InputChecker, field: string, value: string): boolean {
  const forbidden = firstForbiddenCharacter(value);
  if (forbidden) checker.add(field, message(FORBIDDEN_CHARACTER_MESSAGES[forbidden.kind], { codePoint: forbidden.codePoint, position: forbidden.position }));
  return forbidden !== undefined;
}

/**
 * Cleans a text field, refuses a character that cannot be seen or that reorders the line (controls,
 * bidirectional controls, invisible characters, lone surrogates: shared/text/visible.ts), and checks
 * the length; returns undefined (and records why) when refused.
 */
export function checkText(checker: InputChecker, field: string, value: string, rule: TextRule): string | undefined {
  if (refusedForItsCharacters(checker, field, value)) return undefined;
  const text = cleanDisplayText(value);
  const min = rule.min ?? 1;
  if (text.length === 0 || text.length < min) {
    checker.add(field, text.length === 0 ? message('TEXT_EMPTY') : message('TEXT_TOO_SHORT', { min }));
    return undefined;
  }
  if (text.length > rule.max) {
    checker.add(field, message('TEXT_TOO_LONG', { max: rule.max, length: text.length }));
    return undefined;
  }
  return text;
}

export function checkOptionalText(checker: InputChecker, field: string, value: string | null | undefined, rule: TextRule): string | undefined {
  if (value === null || value === undefined || cleanDisplayText(value) === '') return undefined;
  return checkText(checker, field, value, rule);
}

export function checkNationalCode(checker: InputChecker, field: string, value: string): string | undefined {
  const parsed = parseNationalCode(value);
  if (parsed.ok) return parsed.value;
  checker.add(field, parsed.message);
  return undefined;
}

/**
 * Accepts a Gregorian date (`2012-06-20`), a Solar Hijri one (`1391-03-31`, `۱۳۹۱/۰۳/۳۱`: a year
 * below 1700 is read as Jalali) or a Solar Hijri day written out («۳۱ خرداد ۱۳۹۱», any digits),
 * within `CALENDAR_RANGE` (Solar Hijri 1200 to 1600). Returns the ISO (Gregorian) date; store it
 * as `instantOfIsoDate(iso)`.
 */
export function checkDate(checker: InputChecker, field: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    return parseCalendarInput(value);
  } catch (error) {
    if (error instanceof DateOutOfRangeError) checker.add(field, error.message);
    else checker.add(field, message('DATE_INVALID', { input: value }));
    return undefined;
  }
}

/**
 * Accepts a date as precise as the caller knows it (a day, a month's end, a month or a year; the
 * forms `parsePartialDate` reads), within `CALENDAR_RANGE`. Undefined for a missing value, or
 * (recorded) for one that is no such date; the problem says what was expected.
 */
export function checkPartialDate(checker: InputChecker, field: string, value: string | null | undefined, context: PartialDateContext = {}): PartialDate | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  // A date in words keeps the words as typed (`written`): the characters no stored text may hold are
  // refused here too, since reading the month by its search key passes over a zero-width joiner
  // (`سال ۱۳۹۹<U+200D>` and `۳۱ خرداد<U+200D> ۱۳۹۱` were kept with it).
  if (refusedForItsCharacters(checker, field, value)) return undefined;
  try {
    return parsePartialDate(value, context);
  } catch (error) {
    checker.add(field, error instanceof RangeError ? error.message : `"${value}" is not a date`);
    return undefined;
  }
}
