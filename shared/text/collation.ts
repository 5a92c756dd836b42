/**
 * A portable sort key for Persian and Arabic names: plain string comparison of two keys (what
 * MongoDB, FerretDB and the embedded store do without a collation) orders the names as Persian
 * collation does (ICU's `fa`, `Intl.Collator('fa')`), which code-point order does not: there
 * «پ چ ژ گ» come after «ی», Arabic «ك ي» apart from Persian «ک ی», «آ» after «ا».
 *
 * The key has ICU's first three levels, each a string of one-character weights, separated by
 * LEVEL_SEPARATOR (lower than every weight, so a shorter name sorts first):
 *
 * 1. primary: the letter. Spaces < punctuation < digits (ASCII, Persian and Arabic-Indic alike)
 *    < the Persian alphabet آ ا ء ب پ ت ... ک گ ... و ه ی < Latin < anything else. Arabic forms
 *    share their Persian letter (ك = ک, ي ى ے = ی, ة ۀ ھ = ه, أ إ ؤ ئ = ء).
 * 2. secondary: the Arabic form of a letter (ک < ك, ی < ى < ے < ي...), then diacritics (harakat).
 * 3. tertiary: Latin upper case after lower case.
 *
 * Zero-width non-joiners and joiners, tatweel and the byte-order mark are ignored at every level.
 * Weights are single UTF-16 code units from U+0030 up, far below the surrogates, so every store
 * compares them the same way (UTF-16 units, UTF-8 bytes and code points agree there).
 */

export const LEVEL_SEPARATOR = '#';
/** Between the collation key and the record's id in a stored sort key: lower than both separators' weights. */
export const ID_SEPARATOR = '!';

const FIRST_WEIGHT = 0x30;
const weight = (n: number): string => String.fromCharCode(FIRST_WEIGHT + n);

/** ICU's primary order of the punctuation it ranks (after white space, before digits). */
const PUNCTUATION = '_-\u2013\u2014,\u060c;\u061b:!?\u061f.\'"\u00ab\u00bb()[]{}@*/\\&#%`^+<=>|~$';

/** Letter groups in Persian alphabetical order; the forms of one group differ at the secondary level, in this order. */
const PERSIAN_LETTERS: readonly string[] = [
  '\u0622', // آ
  '\u0627\u0671', // ا ٱ
  '\u0621\u0623\u0625\u0624\u0626', // ء أ إ ؤ ئ
  'ب',
  'پ',
  'ت',
  'ث',
  'ج',
  'چ',
  'ح',
  'خ',
  'د',
  'ذ',
  'ر',
  'ز',
  'ژ',
  'س',
  'ش',
  'ص',
  'ض',
  'ط',
  'ظ',
  'ع',
  'غ',
  'ف',
  'ق',
  '\u06a9\u0643', // ک ك
  'گ',
  'ل',
  'م',
  'ن',
  'و',
  '\u0647\u0629\u06c0\u06be', // ه ة ۀ ھ
  '\u06cc\u0649\u06d2\u064a', // ی ى ے ي
];

/** Diacritics in ICU's secondary order: fatha, kasra, damma, tanwin, shadda, sukun, maddah, hamza above and below, superscript alef. */
const MARKS = '\u064e\u0650\u064f\u064b\u064d\u064c\u0651\u0652\u0653\u0654\u0655\u0670';
/** Ignored at every level: zero-width (non-)joiners, byte-order mark and other format or control characters, tatweel. */
const IGNORABLE = /[\p{Cc}\p{Cf}\u0640]/u;

interface Element {
  primary: string;
  secondary: number;
  tertiary: number;
}

const SPACE_WEIGHT = 0;
const PUNCTUATION_BASE = 1;
/** Symbols ICU ranks but this table does not name: after the named punctuation, before digits. */
const OTHER_SYMBOL_WEIGHT = PUNCTUATION_BASE + PUNCTUATION.length;
const DIGIT_BASE = OTHER_SYMBOL_WEIGHT + 1;
const LETTER_BASE = DIGIT_BASE + 10;
const LATIN_BASE = LETTER_BASE + PERSIAN_LETTERS.length;
const OTHER_LETTER_WEIGHT = LATIN_BASE + 26;

/** Common secondary and tertiary weight; Arabic forms count up from 1, diacritics from MARK_BASE. */
const COMMON = 0;
const MARK_BASE = 8;
const UPPER_CASE = 1;

const TABLE: ReadonlyMap<string, Element> = (() => {
  const table = new Map<string, Element>();
  const add = (char: string, primary: string, secondary = COMMON, tertiary = COMMON) => table.set(char, { primary, secondary, tertiary });
  [...PUNCTUATION].forEach((char, i) => add(char, weight(PUNCTUATION_BASE + i)));
  for (let d = 0; d < 10; d += 1) {
    for (const zero of [0x30, 0x6f0, 0x660]) add(String.fromCharCode(zero + d), weight(DIGIT_BASE + d));
  }
  PERSIAN_LETTERS.forEach((group, i) => [...group].forEach((char, form) => add(char, weight(LETTER_BASE + i), form)));
  for (let l = 0; l < 26; l += 1) {
    add(String.fromCharCode(0x61 + l), weight(LATIN_BASE + l));
    add(String.fromCharCode(0x41 + l), weight(LATIN_BASE + l), COMMON, UPPER_CASE);
  }
  return table;
})();

function elementsOf(text: string): Element[] {
  const elements: Element[] = [];
  for (const char of text.normalize('NFC')) {
    if (/\s/u.test(char)) {
      elements.push({ primary: weight(SPACE_WEIGHT), secondary: COMMON, tertiary: COMMON });
      continue;
    }
    if (IGNORABLE.test(char)) continue;
    const mark = MARKS.indexOf(char);
    if (mark >= 0) {
      elements.push({ primary: '', secondary: MARK_BASE + mark, tertiary: COMMON });
      continue;
    }
    const known = TABLE.get(char);
    if (known) elements.push(known);
    else if (/[\p{L}\p{N}]/u.test(char)) elements.push({ primary: weight(OTHER_LETTER_WEIGHT) + char, secondary: COMMON, tertiary: COMMON });
    else if (/\p{M}/u.test(char)) elements.push({ primary: '', secondary: MARK_BASE + MARKS.length, tertiary: COMMON });
    else elements.push({ primary: weight(OTHER_SYMBOL_WEIGHT) + char, secondary: COMMON, tertiary: COMMON });
  }
  return elements;
}

/**
 * The collation key of a text: `collationKey(a) < collationKey(b)` exactly when Persian collation
 * puts `a` before `b` (for the letters, digits and punctuation above; other scripts come last, in
 * code-point order). Equal keys mean the collation does not tell the texts apart.
 */
export function collationKey(text: string): string {
  const elements = elementsOf(text);
  const primary = elements.map((e) => e.primary).join('');
  const secondary = elements.map((e) => weight(e.secondary)).join('');
  const tertiary = elements
    .filter((e) => e.primary !== '')
    .map((e) => weight(e.tertiary))
    .join('');
  return `${primary}${LEVEL_SEPARATOR}${secondary}${LEVEL_SEPARATOR}${tertiary}`;
}

/**
 * What a record stores to be listed by name: its name's collation key, then its id, so the key is
 * unique and one `$gt` on it pages through the list (keyset), ties between equal names included.
 */
export function nameSortKey(name: string, id: string): string {
  return `${collationKey(name)}${ID_SEPARATOR}${id}`;
}
