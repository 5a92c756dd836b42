import { splitLeadingTitles, TITLE_WORDS } from './person-name';

/** The `PersonTitle` value of each title word, by its stored (Persian) spelling (TITLE_WORDS). */
export const PERSON_TITLE_VALUES: Readonly<Record<string, string>> = {
  'سرکار خانم': 'MADAM',
  'جناب آقای': 'SIR',
  آقای: 'MR',
  خانم: 'MS',
  مهندس: 'ENGINEER',
  دکتر: 'DOCTOR',
  استاد: 'PROFESSOR',
  حاج: 'HAJJI',
  'حاجیه خانم': 'HAJJAH',
};

/** A stored title («سرکار خانم مهندس») as `PersonTitle` values, in order (`[MADAM, ENGINEER]`); none for none. */
export function personTitleValues(title: string | null | undefined): string[] {
  if (!title) return [];
  return splitLeadingTitles(title).titles.flatMap((word) => {
    const value = PERSON_TITLE_VALUES[word];
    return value ? [value] : [];
  });
}

/** Title words without a `PersonTitle` value: none, unless a word was added to TITLE_WORDS alone (a test keeps them together). */
export const unmappedTitleWords = (): string[] => TITLE_WORDS.filter((word) => !PERSON_TITLE_VALUES[word]);
