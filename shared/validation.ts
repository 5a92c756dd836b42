import { InputChecker } from './errors';
import { parseNationalCode } from './identity/national-code';
import { isIsoDate, jalaliToIso } from './text/calendar';
import { cleanDisplayText, toAsciiDigits } from './text/normalize';

export interface TextRule {
  min?: number;
  max: number;
}

/** Cleans a text field and checks its length; returns undefined (and records why) when refused. */
export function checkText(checker: InputChecker, field: string, value: string, rule: TextRule): string | undefined {
  const text = cleanDisplayText(value);
  const min = rule.min ?? 1;
  if (text.length === 0 || text.length < min) {
    checker.add(field, text.length === 0 ? 'must not be empty' : `must have at least ${min} characters`);
    return undefined;
  }
  if (text.length > rule.max) {
    checker.add(field, `must have at most ${rule.max} characters; got ${text.length}`);
    return undefined;
  }
  return text;
}

export function checkOptionalText(
  checker: InputChecker,
  field: string,
  value: string | null | undefined,
  rule: TextRule,
): string | undefined {
  if (value === null || value === undefined || cleanDisplayText(value) === '') return undefined;
  return checkText(checker, field, value, rule);
}

export function checkNationalCode(checker: InputChecker, field: string, value: string): string | undefined {
  const parsed = parseNationalCode(value);
  if (parsed.ok) return parsed.value;
  checker.add(field, parsed.problem);
  return undefined;
}

/**
 * Accepts a Gregorian date (`2012-06-20`) or a Solar Hijri one (`1391-03-31`, `۱۳۹۱/۰۳/۳۱`): a year
 * below 1700 is read as Jalali. Returns the ISO (Gregorian) date.
 */
export function checkDate(checker: InputChecker, field: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = toAsciiDigits(value.trim()).replace(/\//g, '-');
  const year = Number(text.slice(0, 4));
  try {
    if (year > 0 && year < 1700) return jalaliToIso(text);
    if (isIsoDate(text)) return text;
  } catch {
    /* reported below */
  }
  checker.add(field, `"${value}" is not a date; use YYYY-MM-DD (Gregorian) or a Solar Hijri date such as 1391-03-31`);
  return undefined;
}
