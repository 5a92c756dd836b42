/**
 * Characters a stored text must not hold because a reader cannot see them, or because they change
 * the order in which the rest of a line is shown: control characters (NUL, BEL, the ESC of ANSI
 * escapes...), bidirectional controls (overrides, embeddings, isolates and marks: U+202E can make
 * a name read backwards), other invisible formatting characters (zero-width space and joiner,
 * word joiner, byte-order mark, tag characters...), invisible letters (Hangul fillers, the blank
 * braille pattern), and lone surrogates (half a character, not text at all).
 *
 * Persian writes the zero-width non-joiner (U+200C) inside words («آزمایشگاه‌های»), so it is kept:
 * `tidyJoiners` drops only those that join nothing (at either end, beside a space, repeated).
 */

export const ZERO_WIDTH_NON_JOINER = '\u200c';

/** Why a character is refused, as a person reads it. */
export type ForbiddenKind =
  | 'a control character'
  | 'a bidirectional control, which reorders the text around it'
  | 'an invisible character'
  | 'half of a surrogate pair, not a character'
  | 'a Cyrillic letter in a Latin word, or a Latin letter in a Cyrillic one'
  | 'a letter drawn like one of another alphabet in the same word (Greek, Armenian, Cherokee, Lisu or Coptic beside Latin or Cyrillic)';

export interface ForbiddenCharacter {
  /** `U+202E`. */
  codePoint: string;
  /** The character's place in the text, counted in characters from 1. */
  position: number;
  kind: ForbiddenKind;
}

const WHITE_SPACE = /\s/u;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const CONTROLS = /\p{Cc}/u;
const SURROGATES = /\p{Cs}/u;
/**
 * Format characters (Cf) but the zero-width non-joiner, letters or symbols that draw nothing, and
 * the other code points Unicode says to draw as nothing (Default_Ignorable_Code_Point), which are
 * not all format characters: the combining grapheme joiner U+034F, variation selectors
 * (U+FE00-U+FE0F, U+E0100-U+E01EF), Mongolian free variation selectors and Khmer inherent vowels
 * are combining marks, so `Tehran Insp\u034fection` read as a name of its own, escaped search and
 * the organisation name check, and `ISAI-1403-0001\ufe00` as a second certificate of that number.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u115f\u1160\u3164\uffa0\u2800]/u;

function kindOf(character: string): ForbiddenKind | undefined {
  // White space (tabs and line breaks included) is folded to plain spaces when a text is cleaned.
  if (character === ZERO_WIDTH_NON_JOINER || WHITE_SPACE.test(character)) return undefined;
  if (CONTROLS.test(character)) return 'a control character';
  if (BIDI_CONTROLS.test(character)) return 'a bidirectional control, which reorders the text around it';
  if (SURROGATES.test(character)) return 'half of a surrogate pair, not a character';
  if (INVISIBLE.test(character)) return 'an invisible character';
  return undefined;
}

/** `U+202E`: a code point as Unicode charts name it. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The alphabets whose letters are drawn like one another's (`а`, `е`, `о`, `р`, `с`, `х`, `і` of
 * Cyrillic; `ο`, `ν`, `Τ` of Greek; `օ`, `ս` of Armenian; the Cherokee and Lisu capitals, which are
 * all drawn like Latin ones; `ⲟ` of Coptic): one word is written in one of them.
 */
type LookAlikeAlphabet = 'Latin' | 'Cyrillic' | 'Greek' | 'Armenian' | 'Cherokee' | 'Lisu' | 'Coptic';

/**
 * The Greek letters drawn like a Latin letter and written for no other reason (accented ones are
 * read by their base letter): the capitals that look Latin, the small omicron, and the lunate sigma
 * and yot. The others are not counted: units and quantities (`kΩ`, `μm`, `ΔT`) and the names of the
 * sciences the labs work in (`NF-κB`, `TNFα`, `IFNγ`, `χ²`) write Greek letters in Latin words.
 */
const GREEK_DRAWN_LIKE_LATIN = new Set('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϲϳϹͿ');

/**
 * The look-alike alphabet of `typed`, read as the letter it stands for (NFKC, as every key made of a
 * text reads it): a mathematical `𝐞` (U+1D41E) or `𝛐` (U+1D6D0) belongs to no script, but the keys
 * hold the Latin `e` and the Greek `ο` it becomes, so `Т𝐞хника` was another name than `Техника`.
 */
function lookAlikeAlphabetOf(typed: string): LookAlikeAlphabet | undefined {
  // Most of what the registries store is ASCII or Arabic script: read without normalising.
  const point = typed.codePointAt(0)!;
  if (point < 0x80) return /[A-Za-z]/.test(typed) ? 'Latin' : undefined;
  if (point >= 0x0600 && point <= 0x08ff) return undefined;
  const character = [...typed.normalize('NFKC')][0] ?? typed;
  if (/\p{Script=Latin}/u.test(character)) return 'Latin';
  if (/\p{Script=Cyrillic}/u.test(character)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(character)) return GREEK_DRAWN_LIKE_LATIN.has(character.normalize('NFD').charAt(0)) ? 'Greek' : undefined;
  if (/\p{Script=Armenian}/u.test(character)) return 'Armenian';
  if (/\p{Script=Cherokee}/u.test(character)) return 'Cherokee';
  if (/\p{Script=Lisu}/u.test(character)) return 'Lisu';
  if (/\p{Script=Coptic}/u.test(character)) return 'Coptic';
  return undefined;
}

/** Why a word of two look-alike alphabets is refused: the Latin and Cyrillic case is named as such. */
function mixedWordKind(first: LookAlikeAlphabet, second: LookAlikeAlphabet): ForbiddenKind {
  const latinAndCyrillic = (alphabet: LookAlikeAlphabet) => alphabet === 'Latin' || alphabet === 'Cyrillic';
  return latinAndCyrillic(first) && latinAndCyrillic(second)
    ? 'a Cyrillic letter in a Latin word, or a Latin letter in a Cyrillic one'
    : 'a letter drawn like one of another alphabet in the same word (Greek, Armenian, Cherokee, Lisu or Coptic beside Latin or Cyrillic)';
}

/** What goes on a word: letters, marks, digits and the zero-width non-joiner (which joins nothing between Latin letters, but must not split a word for this check). */
const IN_A_WORD = /[\p{L}\p{M}\p{N}\u200c]/u;

/** The text and emoji presentation selectors (U+FE0E, U+FE0F), which the keys made of a text drop. */
export const EMOJI_PRESENTATION_SELECTORS = /[\ufe0e\ufe0f]/gu;

/** The combining enclosing keycap, which draws the key around `1️⃣` (U+0031 U+FE0F U+20E3). */
const ENCLOSING_KEYCAP = '\u20e3';

/**
 * Whether `character` is U+FE0E or U+FE0F right after a pictograph (`❤️` is U+2764 U+FE0F, as
 * phone keyboards type it), or between a digit, `#` or `*` and the enclosing keycap (the keycap
 * emoji `1️⃣` `#️⃣`, as phone keyboards type them): it chooses how the pictograph is drawn and hides
 * nothing, so it is kept there. Anywhere else it is an invisible character like the other variation
 * selectors.
 */
function isEmojiPresentationSelector(character: string, previous: string | undefined, next: string | undefined): boolean {
  if (character !== '\ufe0e' && character !== '\ufe0f') return false;
  if (previous === undefined) return false;
  return /\p{Extended_Pictographic}/u.test(previous) || (/^[0-9#*]$/u.test(previous) && next === ENCLOSING_KEYCAP);
}

/**
 * The first character of `text` (as typed, before cleaning) a stored text must not hold, or
 * undefined when there is none. White space of any kind is not refused: cleaning folds it.
 *
 * A Cyrillic letter inside a Latin word (or the other way round) is refused too: `Tеhran` with a
 * Cyrillic `е` reads as `Tehran` but is another name to every key made of it (organisation names
 * under one parent, search, credential numbers), so it registered a second organisation of the same
 * name and hid it from a search for the name. A whole word of either alphabet is kept. So is it for
 * the other alphabets drawn alike: `Inspectiοn` with a Greek `ο` (or an Armenian `օ`, a Lisu `ꓔ`)
 * was a second organisation beside `Inspection` and escaped a search for it.
 */
export function firstForbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  let position = 0;
  let wordAlphabet: LookAlikeAlphabet | undefined;
  // Iterating a string yields code points, and a lone surrogate as itself.
  let previous: string | undefined;
  const characters = [...text];
  for (const [index, character] of characters.entries()) {
    position += 1;
    const kind = isEmojiPresentationSelector(character, previous, characters[index + 1]) ? undefined : kindOf(character);
    previous = character;
    if (kind) return { codePoint: codePointName(character), position, kind };
    if (!IN_A_WORD.test(character)) {
      wordAlphabet = undefined;
      continue;
    }
    const alphabet = lookAlikeAlphabetOf(character);
    if (alphabet && wordAlphabet && alphabet !== wordAlphabet) {
      return { codePoint: codePointName(character), position, kind: mixedWordKind(wordAlphabet, alphabet) };
    }
    wordAlphabet ??= alphabet;
  }
  return undefined;
}

/**
 * Zero-width non-joiners that join nothing dropped: at the start or end of the text, beside white
 * space, and all but one of a run. What a reader sees is unchanged; a text of nothing but them
 * becomes empty.
 */
export function tidyJoiners(text: string): string {
  if (!text.includes(ZERO_WIDTH_NON_JOINER)) return text;
  return text
    .replace(/\u200c{2,}/gu, ZERO_WIDTH_NON_JOINER)
    .replace(/(^|\s)\u200c/gu, '$1')
    .replace(/\u200c(?=\s|$)/gu, '');
}
