import { asciiDecimalDigits } from '../text/normalize';

/**
 * Every dash Unicode has (hyphen, non-breaking hyphen, figure and en dashes...), the minus sign, and
 * the other characters drawn as a short level line between two parts of a number: the hyphen
 * bullet U+2043, the modifier minus U+02D7, the heavy minus U+2796, the box-drawing lines U+2500
 * and U+2501, the horizontal line extension U+23AF and the Katakana prolonged sound mark U+30FC.
 * `ISAI\u25007777\u25000001` read as ISAI-7777-0001 and was issued as another number beside it.
 * So are the other box-drawing lines drawn level (half lines U+2574-U+257F, dashed lines U+2504,
 * U+2505, U+2508, U+2509, U+254C, U+254D), the Canadian syllabics final short horizontal stroke
 * U+1428, the Hangul vowel EU (U+1173, which NFKC makes of U+3161 and U+FFDA), the Arabic full stop
 * U+06D4 (a short level stroke) and the Ogham space mark U+1680 (white space drawn as a line, which
 * would otherwise be dropped with the spaces): `AO\u2574999002\u25741` was a number of its own too.
 */
const DASHES = /[\p{Pd}\u2212\u2043\u02d7\u2796\u2500\u2501\u2504\u2505\u2508\u2509\u254c\u254d\u2574\u2576\u2578\u257a\u257c\u257e\u23af\u30fc\u1428\u1173\u06d4\u1680]/gu;
/**
 * The characters drawn as a slash (the fraction and division slashes, the big solidus, the
 * box-drawing diagonal, the mathematical rising diagonal U+27CB, the vertical kana repeat mark's
 * upper half U+3033, the Philippine single punctuation U+1735): `/`.
 */
const SLASHES = /[\u2044\u2215\u29f8\u2571\u27cb\u3033\u1735]/gu;
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
const UNSEEN_IN_A_NUMBER = /[\u200c\u0640]|\ufe0e|\ufe0f|[\u064b-\u065f]|\u0670/gu;

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
