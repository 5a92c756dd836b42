import { asciiDecimalDigits } from '../text/normalize';

/** Every dash Unicode has (hyphen, non-breaking hyphen, figure and en dashes...) and the minus sign. */
const DASHES = /[\p{Pd}\u2212]/gu;
/** Arabic letter forms Persian writes otherwise: a number typed on an Arabic keyboard is the same number. */
const ARABIC_LETTER_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/\u0643/g, '\u06a9'], // Arabic kaf -> Persian keheh
  [/[\u064a\u0649]/g, '\u06cc'], // Arabic yeh, alef maksura -> Persian yeh
];

/**
 * What a reader does not see in a number, or sees as no part of it: the zero-width non-joiner
 * (which text fields keep for Persian words, and which nothing in a number joins), the tatweel that
 * only stretches a letter, and Arabic diacritics. `ISAI-7777-\u200c0001` is `ISAI-7777-0001`.
 */
const UNSEEN_IN_A_NUMBER = /[\u200c\u0640\u064b-\u065f\u0670]/gu;

/**
 * The one spelling a credential number (a licence, a certificate, an accreditation) is stored and
 * looked up under, so that a number cannot be registered a second time in another spelling of it:
 * compatibility forms made plain (NFKC: full-width `１２３` and `ＡＢ` become `123` and `AB`),
 * the digits of every script (Persian, Arabic-Indic, Devanagari, Bengali...) made ASCII, every dash made `-`, white space dropped, Latin
 * letters upper-cased, Arabic kaf and yeh made Persian, zero-width non-joiners, tatweels and
 * diacritics dropped. `isai‐000101 ‐ 1` is `ISAI-000101-1`.
 */
export function credentialNumberKey(text: string): string {
  let key = asciiDecimalDigits(text.normalize('NFKC')).replace(DASHES, '-').replace(/\s+/gu, '').replace(UNSEEN_IN_A_NUMBER, '').toUpperCase();
  for (const [pattern, replacement] of ARABIC_LETTER_FORMS) key = key.replace(pattern, replacement);
  return key;
}
