import { searchKey } from '../text/normalize';

/**
 * What the search index stores for a text, and what a query looks up: words, each folded as
 * `searchKey` folds names (Persian and Arabic letter forms, digits, diacritics, joiners, case),
 * indexed by their prefixes so a word typed in part still matches; and for each word a Latin
 * "skeleton" (its consonants in classes, `~`-prefixed) that a Persian or Arabic word and its Latin
 * transliteration share («الزكراني» and Ezzakrani: `~zkrn`; «تهران» and Tehran: `~thrn`).
 */

/** Index prefixes of at most this many characters; a longer query word is looked up by its first ones, then checked whole. */
export const MAX_PREFIX = 12;
/** The shortest word prefix indexed and looked up (one letter matches too much). */
export const MIN_PREFIX = 2;
/** Marks a skeleton term, so it never equals a word's own key. */
export const SKELETON_MARK = '~';

/** Words: runs of letters, marks, digits and joiners; everything else (spaces, punctuation, «،») separates them. */
const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d]+/gu;

/** The words of a text as written (for highlighting), in order. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(WORD) ?? [];
}

/** The folded keys of one written word: the whole word and, when a joiner splits it («تره‌بار»), each part. */
export function keysOfWord(word: string): string[] {
  const whole = searchKey(word);
  const parts = word
    .split(/[\u200c\u200d]/)
    .map(searchKey)
    .filter((part) => part.length > 0);
  return [...new Set([whole, ...(parts.length > 1 ? parts : [])])].filter((key) => key.length > 0);
}

/** Consonant classes shared by the Persian/Arabic letter and its usual Latin spellings. */
const SCRIPT_CLASSES: Record<string, string> = {
  'ب': 'b',
  'پ': 'p',
  'ت': 't',
  'ط': 't',
  'ث': 's',
  'س': 's',
  'ص': 's',
  'ج': 'j',
  'چ': 'c',
  'ح': 'h',
  'ه': 'h',
  'خ': 'x',
  'د': 'd',
  'ذ': 'z',
  'ز': 'z',
  'ض': 'z',
  'ظ': 'z',
  'ژ': 'z',
  'ر': 'r',
  'ش': 'c',
  'ف': 'f',
  'ق': 'q',
  'غ': 'q',
  'ک': 'k',
  'گ': 'g',
  'ل': 'l',
  'م': 'm',
  'ن': 'n',
};
/** Latin spellings, longest first: digraphs before letters. */
const LATIN_CLASSES: [string, string][] = [
  ['kh', 'x'],
  ['gh', 'q'],
  ['sh', 'c'],
  ['ch', 'c'],
  ['zh', 'z'],
  ['th', 's'],
  ['dh', 'z'],
  ['ph', 'f'],
  ['dj', 'j'],
  ['ck', 'k'],
  ['b', 'b'],
  ['p', 'p'],
  ['t', 't'],
  ['s', 's'],
  ['j', 'j'],
  ['h', 'h'],
  ['x', 'ks'],
  ['d', 'd'],
  ['z', 'z'],
  ['r', 'r'],
  ['f', 'f'],
  ['q', 'q'],
  ['k', 'k'],
  ['c', 'k'],
  ['g', 'g'],
  ['l', 'l'],
  ['m', 'm'],
  ['n', 'n'],
  ['v', 'v'],
  ['w', 'v'],
];
const LATIN_VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** Adjacent equal classes once: doubled letters and the Arabic article's assimilation (Ez-zakrani) spell one sound. */
const collapse = (classes: string[]): string => classes.filter((c, i) => c !== classes[i - 1]).join('');

function scriptSkeleton(key: string): string {
  const classes: string[] = [];
  [...key].forEach((letter, i) => {
    // و and ی start a word as consonants (Vahid, Yazd) and are vowels inside it (Mahmoud, Saeed).
    if (letter === 'و') return void (i === 0 && classes.push('v'));
    if (letter === 'ی') return void (i === 0 && classes.push('y'));
    // A final ه is mostly silent (زاده: Zadeh or Zade).
    if (letter === 'ه' && i === key.length - 1) return;
    const cls = SCRIPT_CLASSES[letter];
    if (cls) classes.push(cls);
  });
  return collapse(classes);
}

function latinSkeleton(key: string): string {
  const classes: string[] = [];
  for (let i = 0; i < key.length;) {
    if (LATIN_VOWELS.has(key[i]!)) {
      if (i === 0 && key[i] === 'y') classes.push('y');
      i += 1;
      continue;
    }
    const found = LATIN_CLASSES.find(([spelling]) => key.startsWith(spelling, i));
    if (!found) {
      i += 1;
      continue;
    }
    // A final h after a vowel is silent as a final ه (Zadeh).
    if (found[0] === 'h' && i === key.length - 1) break;
    classes.push(...found[1]);
    i += found[0].length;
  }
  return collapse(classes);
}

const isLatin = (key: string): boolean => /^[a-z0-9]+$/.test(key);
const ARABIC_ARTICLE = /^ال(?=.{2,})/;
const LATIN_ARTICLE = /^(?:al|el)(?=[^aeiou]{1}[a-z]{2,})/;

/**
 * The skeletons of a folded word (without their mark): one, or two when it starts with the Arabic
 * article («الزكراني»: with and without `l`); none for a word without consonants or with digits.
 */
export function skeletonsOf(key: string): string[] {
  if (/\d/.test(key)) return [];
  const latin = isLatin(key);
  const article = latin ? LATIN_ARTICLE : ARABIC_ARTICLE;
  const forms = article.test(key) ? [key, key.replace(article, '')] : [key];
  const skeletons = forms.map((form) => (latin ? latinSkeleton(form) : scriptSkeleton(form)));
  return [...new Set(skeletons)].filter((skeleton) => skeleton.length >= MIN_PREFIX);
}

/** `MIN_PREFIX` to `MAX_PREFIX` characters of `key`: what an index entry holds for it (the key itself when shorter). */
function prefixesOf(key: string): string[] {
  const chars = [...key];
  if (chars.length < MIN_PREFIX) return [key];
  const prefixes: string[] = [];
  for (let n = MIN_PREFIX; n <= Math.min(chars.length, MAX_PREFIX); n += 1) prefixes.push(chars.slice(0, n).join(''));
  return prefixes;
}

/**
 * Names that differ between languages, not only in spelling: the Latin exonym a city or region
 * is known by where the texts write its Arabic or Persian name. An indexed text holding the
 * phrase is found by the exonym too.
 */
export const EXONYMS: readonly [phrase: string, latin: string][] = [
  ['الدار البيضاء', 'Casablanca'],
  ['تهران', 'Teheran'],
  ['اصفهان', 'Ispahan'],
];

/** The words of `texts` and of the exonyms of the phrases they hold. */
function indexedWords(texts: readonly string[]): string[] {
  const words = texts.flatMap(wordsOf);
  const folded = searchKey(texts.join(' '));
  for (const [phrase, latin] of EXONYMS) if (folded.includes(searchKey(phrase))) words.push(...wordsOf(latin));
  return words;
}

/**
 * The terms an index entry of `texts` holds: the prefixes of every word's keys and of their
 * skeletons, and of each two adjacent words of the first text (the title) written as one, since
 * names are written both ways («عبد الرحيم» and «عبدالرحیم»).
 */
export function indexTerms(texts: readonly string[]): string[] {
  const terms = new Set<string>();
  const titleKeys = wordsOf(texts[0] ?? '').map(searchKey);
  for (let i = 1; i < titleKeys.length; i += 1) for (const prefix of prefixesOf(titleKeys[i - 1]! + titleKeys[i]!)) terms.add(prefix);
  for (const word of indexedWords(texts)) {
    for (const key of keysOfWord(word)) {
      for (const prefix of prefixesOf(key)) terms.add(prefix);
      for (const skeleton of skeletonsOf(key)) for (const prefix of prefixesOf(skeleton)) terms.add(SKELETON_MARK + prefix);
    }
  }
  return [...terms];
}

/** One word of a query: its folded key, and the terms any of which an entry must hold to match it. */
export interface QueryWord {
  key: string;
  skeletons: string[];
  /** Index terms: the key's prefix, and each skeleton's, cut to MAX_PREFIX characters. */
  terms: string[];
}

const cut = (key: string): string => [...key].slice(0, MAX_PREFIX).join('');

/** The words of a query worth looking up (at least MIN_PREFIX characters once folded), each once. */
export function queryWords(text: string): QueryWord[] {
  const seen = new Set<string>();
  const words: QueryWord[] = [];
  for (const word of wordsOf(text)) {
    const key = searchKey(word);
    if ([...key].length < MIN_PREFIX || seen.has(key)) continue;
    seen.add(key);
    const skeletons = skeletonsOf(key);
    words.push({ key, skeletons, terms: [...new Set([cut(key), ...skeletons.map((s) => SKELETON_MARK + cut(s))])] });
  }
  return words;
}

/** A written word's folded keys, each with its skeletons: what `wordMatch` compares a query word with. */
export type WrittenForms = readonly { key: string; skeletons: string[] }[];

const FORMS_CACHE_LIMIT = 50_000;
const formsCache = new Map<string, WrittenForms>();

/** The forms of a written word, remembered: the same names and places recur across thousands of entries. */
export function formsOf(written: string): WrittenForms {
  let forms = formsCache.get(written);
  if (forms) return forms;
  forms = keysOfWord(written).map((key) => ({ key, skeletons: skeletonsOf(key) }));
  if (formsCache.size >= FORMS_CACHE_LIMIT) formsCache.clear();
  formsCache.set(written, forms);
  return forms;
}

/** How a query word matches one written word: 3 the whole word, 2 a prefix of it, 1 its sound (skeleton), 0 not at all. */
export function wordMatch(query: QueryWord, written: string): number {
  let best = 0;
  for (const { key, skeletons } of formsOf(written)) {
    if (key === query.key) return 3;
    if (key.startsWith(query.key)) best = 2;
    else if (best === 0 && skeletons.some((skeleton) => query.skeletons.some((wanted) => skeleton.startsWith(wanted)))) best = 1;
  }
  return best;
}
