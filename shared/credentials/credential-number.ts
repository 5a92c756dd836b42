import { asciiDecimalDigits } from '../text/normalize';

/**
 * Every dash Unicode has (hyphen, non-breaking hyphen, figure and en dashes...), the minus sign, and
 * the other characters drawn as a short level line between two parts of a number: the hyphen
 * bullet U+2043, the modifier minus U+02D7, the heavy minus U+2796, the box-drawing lines U+2500
 * and U+2501, the horizontal line extension U+23AF and the Katakana prolonged sound mark U+30FC.
 * `ISAI\u25007777\u25000001` read as ISAI-7777-0001 and was issued as another number beside it.
 */
const DASHES = /[\p{Pd}\u2212\u2043\u02d7\u2796\u2500\u2501\u23af\u30fc]/gu;
/** The characters drawn as a slash (the fraction and division slashes, the big solidus, the box-drawing diagonal): `/`. */
const SLASHES = /[\u2044\u2215\u29f8\u2571]/gu;
/** Arabic letter forms Persian writes otherwise: a number typed on an Arabic keyboard is the same number. */
const ARABIC_LETTER_FORMS: ReadonlyArray<[RegExp, string]> = [
  [/\u0643/g, '\u06a9'], // Arabic kaf -> Persian keheh
  [/[\u064a\u0649]/g, '\u06cc'], // Arabic yeh, alef maksura -> Persian yeh
];

/**
 * What a reader does not see in a number, or sees as no part of it: the zero-width non-joiner
 * (which text fields keep for Persian words, and which nothing in a number joins), the tatweel that
 * only stretches a letter, Arabic diacritics, and the emoji presentation selectors stored text keeps
 * after a pictograph. `ISAI-7777-\u200c0001` is `ISAI-7777-0001`.
 */
const UNSEEN_IN_A_NUMBER = /[\u200c\u0640\u064b-\u065f\u0670\ufe0e\ufe0f]/gu;

/**
 * The one spelling a credential number (a licence, a certificate, an accreditation) is stored and
 * looked up under, so that a number cannot be registered a second time in another spelling of it:
 * compatibility forms made plain (NFKC: full-width `１２３` and `ＡＢ` become `123` and `AB`),
 * the digits of every script (Persian, Arabic-Indic, Devanagari, Bengali...) made ASCII, every dash (and what is drawn as one) made `-`, every slash
 * drawn otherwise made `/`, white space dropped, Latin
 * letters upper-cased, Arabic kaf and yeh made Persian, zero-width non-joiners, tatweels and
 * diacritics dropped. `isai‐000101 ‐ 1` is `ISAI-000101-1`.
 */
export function credentialNumberKey(text: string): string {
  let key = asciiDecimalDigits(text.normalize('NFKC')).replace(DASHES, '-').replace(SLASHES, '/').replace(/\s+/gu, '').replace(UNSEEN_IN_A_NUMBER, '').toUpperCase();
  for (const [pattern, replacement] of ARABIC_LETTER_FORMS) key = key.replace(pattern, replacement);
  return key;
}
