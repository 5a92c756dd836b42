import { EMOJI_PRESENTATION_SELECTORS, tidyJoiners } from './visible';

const ASCII_ZERO = '0'.charCodeAt(0);
const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits become ASCII digits; everything else is kept. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (digit) => {
    const code = digit.charCodeAt(0);
    const zero = code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO;
    return String.fromCharCode(ASCII_ZERO + code - zero);
  });
}

/**
 * A decimal digit of any script as its ASCII digit: Unicode keeps each script's 0 to 9 in a row
 * (`০০৬১২৩৪৫০৮`, Bengali, is 0061234508; `ISAI-7777-०००१`, Devanagari, is ISAI-7777-0001).
 */
export function asciiDecimalDigits(text: string): string {
  return text.replace(/(?![0-9])\p{Nd}/gu, asciiDigitOf);
}

/** Each non-ASCII digit's ASCII digit, found once (search keys are made of every name the registries index). */
const ASCII_DIGITS = new Map<string, string>();

function asciiDigitOf(digit: string): string {
  let ascii = ASCII_DIGITS.get(digit);
  if (ascii === undefined) {
    const point = digit.codePointAt(0)!;
    let zero = point;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    ascii = String((point - zero) % 10);
    ASCII_DIGITS.set(digit, ascii);
  }
  return ascii;
}

/**
 * Trims, applies Unicode NFC, folds runs of white space and drops zero-width non-joiners that join
 * nothing (see `tidyJoiners`), without touching letters.
 */
export function cleanDisplayText(text: string): string {
  return tidyJoiners(text.normalize('NFC').replace(/\s+/gu, ' ').trim()).trim();
}

const LETTER_FOLDS: ReadonlyArray<[RegExp, string]> = [
  [/[\u0643]/g, '\u06a9'], // Arabic kaf -> Persian keheh
  [/[\u064a\u0649\u06d2]/g, '\u06cc'], // Arabic yeh, alef maksura, yeh barree -> Persian yeh
  [/[\u0623\u0625\u0622\u0671]/g, '\u0627'], // alef with hamza or madda -> bare alef
  [/[\u0624]/g, '\u0648'], // waw with hamza -> waw
  [/[\u0626]/g, '\u06cc'], // yeh with hamza -> yeh
  [/[\u0629]/g, '\u0647'], // teh marbuta -> heh
  [/[\u06c0]/g, '\u0647'], // heh with yeh -> heh
  [/[\u06c1\u06d5\u06be]/g, '\u0647'], // heh goal, ae, heh doachashmee (Urdu, Kurdish letters a Persian name shows like heh) -> heh
];

/** Arabic harakat, superscript alef, tatweel. */
const MARKS = /[\u064b-\u065f\u0670\u0640]/g;
/** Zero-width non-joiner and joiner, byte-order mark, and all white space. */
const JOINERS_AND_SPACE = /[\u200c\ufeff\s]|\u200d/gu;

/**
 * Which rules `searchKey` follows, kept beside what a registry stored with them: raise it with any
 * change to `searchKey` (or to the words the search index makes of a text), and the next start
 * re-derives the name keys and search entries stored under the older rules (see
 * shared/registry/search-key-upgrade.ts). 2: the digits of every script and emoji presentation
 * selectors (3b8d9c4, 59c0b7d); a database without the mark was written under older ones.
 */
export const SEARCH_KEY_RULES = 2;

/**
 * The key two spellings of a name share when a person would call them the same: compatibility
 * forms made the letters they stand for (NFKC: Arabic presentation forms, which look like the
 * letters on screen, and full-width Latin), Arabic and Persian letter forms folded, the digits of
 * every script made ASCII, diacritics, zero-width joiners, spaces and emoji presentation selectors dropped, Latin letters
 * lower-cased. Used for search and for the names that must differ (organisations under one
 * parent), never for display.
 */
export function searchKey(text: string): string {
  let key = asciiDecimalDigits(text.normalize('NFKC'));
  for (const [pattern, replacement] of LETTER_FOLDS) key = key.replace(pattern, replacement);
  return key.replace(MARKS, '').replace(JOINERS_AND_SPACE, '').replace(EMOJI_PRESENTATION_SELECTORS, '').toLowerCase();
}
