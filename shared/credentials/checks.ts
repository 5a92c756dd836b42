import { InputChecker } from '../errors';
import { message } from '../messages/catalog';
import { checkText } from '../validation';
import { asciiDecimalDigits } from '../text/normalize';
import { credentialNumberKey } from './credential-number';

export const MAX_CREDENTIAL_FIELDS = 10;

/** A certificate or licence number in the one spelling it is stored under (`credentialNumberKey`): 2 to 40 characters. */
export function checkCredentialNumber(checker: InputChecker, field: string, value: string): string | undefined {
  return checkText(checker, field, credentialNumberKey(value), { min: 2, max: 40 });
}

/** A number with its separators dropped, as a code written in it with dashes or spaces (`006-123450-8`) reads. */
const lettersAndDigits = (number: string): string => credentialNumberKey(number).replace(/[^0-9A-Z]/g, '');

/**
 * Refuses a credential number that holds its holder's national code (`nationalCode` as
 * parseNationalCode gives it), however written in it. A credential's number is public: `credentials`,
 * the registries' lists and the webhook events without personal data give it, beside the holder's
 * name, to anyone, so until 2026-12-07 a registrar who numbered a certificate, licence or guild unit
 * by its holder's code (as many do) published whose code it is to anonymous callers.
 */
export function checkNumberHoldsNoCode(checker: InputChecker, field: string, number: string | undefined, nationalCode: string | undefined): void {
  if (number === undefined || nationalCode === undefined) return;
  const parts = partsGivingCodeAway(nationalCode);
  if (readingsOf(number).some((reading) => parts.some((part) => reading.includes(part)))) checker.add(field, message('CREDENTIAL_NUMBER_HOLDS_NATIONAL_CODE'));
}

const reversed = (text: string): string => [...text].reverse().join('');

/**
 * The ways a number may be read for a code in it: its letters and digits, its digits alone (a code
 * with letters between its digits, `0061A234508`), the letters between two digits dropped and the
 * others kept (a Moroccan CNIE, whose letters are part of it, with letters between its digits:
 * `BK12X3456` is BK123456), and each backwards (`8054321600`).
 */
function readingsOf(number: string): string[] {
  const held = lettersAndDigits(asciiDecimalDigits(number));
  const forwards = [held, held.replace(/[A-Z]/g, ''), held.replace(/(?<=\d)[A-Z]+(?=\d)/g, '')];
  return [...forwards, ...forwards.map(reversed)];
}

/** The fewest digits a part of an Iranian code keeps once its leading zeros are dropped (a city's code is 001 and up). */
const FEWEST_SIGNIFICANT_DIGITS = 7;

/**
 * The parts of a national code a number may not hold, each of which gives the whole code away: a
 * Moroccan CNIE whole; of an Iranian code, nine digits in a row, since its check digit ties the
 * ten (the first nine give the tenth, the last nine the first or one of two), and either without
 * its leading zeros, as a spreadsheet writes a code (`61234508` is 0061234508). A part left with
 * fewer than FEWEST_SIGNIFICANT_DIGITS digits keeps its zeros, so that no short run is refused.
 */
function partsGivingCodeAway(nationalCode: string): string[] {
  const code = nationalCode.toUpperCase();
  if (!/^\d{10}$/.test(code)) return [code];
  return [code.slice(0, 9), code.slice(1)].map((part) => {
    const significant = part.replace(/^0+/, '');
    return significant.length >= FEWEST_SIGNIFICANT_DIGITS ? significant : part;
  });
}

/** The fields a credential covers: 1 to 10, each 2 to 120 characters, no repeats. */
export function checkCoveredFields(checker: InputChecker, field: string, values: readonly string[]): string[] | undefined {
  if (values.length === 0 || values.length > MAX_CREDENTIAL_FIELDS) {
    checker.add(field, `must list 1 to ${MAX_CREDENTIAL_FIELDS} fields; got ${values.length}`);
    return undefined;
  }
  const cleaned = values.map((value, i) => checkText(checker, `${field}[${i}]`, value, { min: 2, max: 120 }));
  if (cleaned.some((value) => value === undefined)) return undefined;
  const unique = [...new Set(cleaned as string[])];
  if (unique.length !== cleaned.length) {
    checker.add(field, 'lists a field more than once');
    return undefined;
  }
  return unique;
}

/** What every ISO/IEC accreditation states: its standard, the fields it covers, its certificate number. */
export interface AccreditationCore {
  standard: string;
  fields: string[];
  certificateNumber: string;
}

/** Checks an accreditation's standard (`defaultStandard` when not given), fields and certificate number together. */
export function checkAccreditationCore(
  checker: InputChecker,
  input: { standard?: string | null; fields: readonly string[]; certificateNumber: string },
  defaultStandard: string,
): AccreditationCore | undefined {
  const standard = checkText(checker, 'standard', input.standard ?? defaultStandard, { min: 2, max: 60 });
  const fields = checkCoveredFields(checker, 'fields', input.fields);
  const certificateNumber = checkCredentialNumber(checker, 'certificateNumber', input.certificateNumber);
  return standard && fields && certificateNumber ? { standard, fields, certificateNumber } : undefined;
}
