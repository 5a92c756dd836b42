import { join } from 'node:path';
import { LABEL_LOCALES, readEnumLabels } from '../../shared/labels/labels';
import { TITLE_WORDS } from '../../shared/text/person-name';
import { PERSON_TITLE_VALUES, personTitleValues, unmappedTitleWords } from '../../shared/text/person-titles';

/** Titles («مهندس», «سرکار خانم», ...) are labelled in the four languages as every enum is (issue #15): `PersonTitle`. */
describe('person titles as PersonTitle values with labels in fa, ar, fr and en', () => {
  const labels = readEnumLabels([join(__dirname, '..', '..', 'shared', 'graphql', 'values.graphql')]).PersonTitle ?? {};

  it('gives every title word a value, and every value a label in each language, the Persian one the word itself', () => {
    expect(unmappedTitleWords()).toEqual([]);
    expect(Object.keys(PERSON_TITLE_VALUES).sort()).toEqual([...TITLE_WORDS].sort());
    for (const [word, value] of Object.entries(PERSON_TITLE_VALUES)) {
      expect({ value, locales: Object.keys(labels[value] ?? {}).sort() }).toEqual({ value, locales: [...LABEL_LOCALES].sort() });
      expect(labels[value]!.fa).toBe(word);
    }
    expect(Object.keys(labels).sort()).toEqual(Object.values(PERSON_TITLE_VALUES).sort());
  });

  it('reads a stored title as its values, in order', () => {
    expect(personTitleValues('سرکار خانم مهندس')).toEqual(['MADAM', 'ENGINEER']);
    expect(personTitleValues('جناب آقای دکتر')).toEqual(['SIR', 'DOCTOR']);
    expect(personTitleValues('حاجیه خانم')).toEqual(['HAJJAH']);
    expect(personTitleValues(null)).toEqual([]);
  });
});
