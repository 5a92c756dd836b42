import { cleanDisplayText } from './normalize';
import { ZERO_WIDTH_NON_JOINER } from './visible';

/**
 * Names as the registries' texts write them: a title or two before the name («سرکار خانم مهندس
 * حاجی زاده», «مهندس سیف‌زاده», «آقای ...», «حاج ...»), a given name and a family name (often only
 * the family name), and family names built with «زاده» written joined, with a space or with a
 * zero-width non-joiner. Titles are kept apart from the name, so lists in name order sort by the
 * family name; «…زاده» is stored one way.
 */

/** The title words a name may start with, each in its stored (Persian) spelling; several may follow one another. */
export const TITLE_WORDS: readonly string[] = ['سرکار خانم', 'جناب آقای', 'آقای', 'خانم', 'مهندس', 'دکتر', 'استاد', 'حاج', 'حاجیه خانم'];

/** Arabic letter forms and spacing a title is typed with, folded so «سركار خانم» and «سرکارخانم» read as «سرکار خانم». */
const foldTitleLetters = (text: string): string => text.replace(/\u0643/g, '\u06a9').replace(/[\u064a\u0649]/g, '\u06cc');

/** A title word at the start of a text, as typed: its letters folded, the space inside a two-word title optional. */
const TITLE_AT_START = new RegExp(
  `^(${[...TITLE_WORDS]
    .sort((a, b) => b.length - a.length)
    .map((title) => title.replace(' ', '[ \\u200c]?'))
    .join('|')})(?=[ \\u200c]|$)[ \\u200c]*`,
  'u',
);

/** The canonical spelling of a known title phrase typed any way, or undefined when one of its words is not a title. */
export function canonicalTitle(text: string): string | undefined {
  const { titles, rest } = splitLeadingTitles(text);
  return titles.length > 0 && rest === '' ? titles.join(' ') : undefined;
}

/** The titles a name starts with, in their stored spelling, and the name after them. */
export function splitLeadingTitles(text: string): { titles: string[]; rest: string } {
  let rest = cleanDisplayText(text);
  const titles: string[] = [];
  for (;;) {
    const match = TITLE_AT_START.exec(foldTitleLetters(rest));
    if (!match) break;
    const title = match[1]!.replace(/[ \u200c]+/gu, ' ');
    const canonical = TITLE_WORDS.find((word) => word === title) ?? TITLE_WORDS.find((word) => word.replace(' ', '') === title.replace(' ', ''))!;
    titles.push(canonical);
    rest = rest.slice(match[0].length);
  }
  return { titles, rest };
}

/** «زاده» after a word of two letters or more, joined, after a space or after a joiner: one word, «…‌زاده». */
const ZADEH_COMPOUND = /([\p{Script=Arabic}]{2,})(?: |\u200c)?زاده(?=$|[ \u200c\u060c,)])/gu;

/**
 * A name with its «…زاده» family names written one way: the stem, a zero-width non-joiner, then
 * «زاده» («محمودزاده», «محمود زاده» and «محمود‌زاده» all become «محمود‌زاده»), as the Academy of
 * Persian Language writes the suffix. The search key (`searchKey`) drops joiners and spaces, so
 * every spelling still finds it.
 */
export function canonicalNameCompounds(name: string): string {
  return name.replace(ZADEH_COMPOUND, (_whole, stem: string) => `${stem}${ZERO_WIDTH_NON_JOINER}زاده`);
}

/** How a person is named: the parts a record keeps. */
export interface NameParts {
  /** The titles before the name, e.g. «سرکار خانم مهندس»; never part of the name. */
  title?: string;
  givenName?: string;
  familyName?: string;
  /** The name as shown: the given and family names, or the name as written when the parts are not known. */
  fullName: string;
}

/** The name shown for a person: given name then family name, or what is known of them. */
export const composeFullName = (givenName: string | undefined, familyName: string | undefined): string => [givenName, familyName].filter(Boolean).join(' ');

/**
 * The text a list in name order sorts by: the family name, then the given name, where they are
 * known; the name as written (titles left out) otherwise.
 */
export const nameOrderText = (parts: NameParts): string => (parts.familyName ? composeFullName(parts.familyName, parts.givenName) : parts.fullName);

/** The text name search matches: the titles and the name, so «سرکار خانم» still finds her. */
export const nameSearchText = (parts: NameParts): string => [parts.title, parts.fullName].filter(Boolean).join(' ');

/**
 * A name as a source text writes it («سركار خانم مهندس حاجی زاده»), split: the titles apart, the
 * «زاده» compounds written one way, and the given and family names where the caller knows them
 * (`known`); with neither known, the name after the titles is the full name.
 */
export function nameParts(written: string, known: { givenName?: string; familyName?: string } = {}): NameParts {
  const { titles, rest } = splitLeadingTitles(written);
  const givenName = known.givenName ? canonicalNameCompounds(cleanDisplayText(known.givenName)) : undefined;
  const familyName = known.familyName ? canonicalNameCompounds(cleanDisplayText(known.familyName)) : undefined;
  const fullName = givenName || familyName ? composeFullName(givenName, familyName) : canonicalNameCompounds(rest);
  return { ...(titles.length ? { title: titles.join(' ') } : {}), ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}), fullName };
}
