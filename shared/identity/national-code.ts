import { message, Message } from '../messages/catalog';
import { toAsciiDigits } from '../text/normalize';

export type NationalCodeResult = { ok: true; value: string; country: 'IR' | 'MA' } | { ok: false; problem: string; message: Message };

const refused = (m: Message): NationalCodeResult => ({ ok: false, problem: m.text, message: m });

const IRANIAN_CODE = /^\d{10}$/;
const MOROCCAN_CNIE = /^[A-Z]{1,2}\d{1,6}$/;

/** The check digit an Iranian national code must end with, computed from its first nine digits. */
export function iranianCheckDigit(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(firstNine[i]) * (10 - i);
  const remainder = sum % 11;
  return remainder < 2 ? remainder : 11 - remainder;
}

/**
 * Normalises and validates a national identifier: an Iranian national code (ten digits, the last a
 * check digit; Persian or Arabic-Indic digits, spaces and dashes accepted) or a Moroccan CNIE (one
 * or two letters and up to six digits). The problem text tells a person what to change.
 */
export function parseNationalCode(input: string): NationalCodeResult {
  const compact = toAsciiDigits(input)
    .replace(/[\s\u200c\-_.]/g, '')
    .toUpperCase();
  if (compact.length === 0) return refused(message('NATIONAL_CODE_EMPTY'));
  if (MOROCCAN_CNIE.test(compact)) return { ok: true, value: compact, country: 'MA' };
  if (!/^\d+$/.test(compact)) {
    return refused(message('NATIONAL_CODE_UNRECOGNISED', { input }));
  }
  if (!IRANIAN_CODE.test(compact)) {
    return refused(message('NATIONAL_CODE_LENGTH', { input, digits: compact.length }));
  }
  if (/^(\d)\1{9}$/.test(compact)) {
    return refused(message('NATIONAL_CODE_REPEATED', { input }));
  }
  // The message does not say which digit would pass: that would turn any typo into a valid code.
  if (Number(compact[9]) !== iranianCheckDigit(compact.slice(0, 9))) {
    return refused(message('NATIONAL_CODE_CHECK_DIGIT', { input }));
  }
  return { ok: true, value: compact, country: 'IR' };
}

/** Builds a valid Iranian national code from nine digits (for synthetic demo and test data). */
export function withIranianCheckDigit(firstNine: string): string {
  if (!/^\d{9}$/.test(firstNine)) throw new Error(`nine digits expected, got "${firstNine}"`);
  return `${firstNine}${iranianCheckDigit(firstNine)}`;
}
