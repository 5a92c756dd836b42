import { canonicalNameCompounds, canonicalTitle, nameParts, splitLeadingTitles } from '../../shared/text/person-name';
import { searchKey } from '../../shared/text/normalize';

const ZWNJ = '\u200c';

describe('names as people use them (shared/text/person-name.ts)', () => {
  it('takes the titles off the start of a name, in any spelling, and keeps the name', () => {
    expect(splitLeadingTitles('سركار خانم مهندس حاجی زاده')).toEqual({ titles: ['سرکار خانم', 'مهندس'], rest: 'حاجی زاده' });
    expect(splitLeadingTitles('سرکارخانم دکتر فاطمی')).toEqual({ titles: ['سرکار خانم', 'دکتر'], rest: 'فاطمی' });
    expect(splitLeadingTitles('حاج علی کریمی')).toEqual({ titles: ['حاج'], rest: 'علی کریمی' });
    // «حاجی‌زاده» and «مهندسی» begin like a title but are names.
    expect(splitLeadingTitles('حاجی زاده')).toEqual({ titles: [], rest: 'حاجی زاده' });
    expect(splitLeadingTitles('مهندسی')).toEqual({ titles: [], rest: 'مهندسی' });
    expect(canonicalTitle('سركار خانم  مهندس')).toBe('سرکار خانم مهندس');
    expect(canonicalTitle('سرکار خانم علی')).toBeUndefined();
  });

  it('writes «…زاده» one way whether typed joined, spaced or with a joiner, and search still matches every spelling', () => {
    const stored = ['محمودزاده', 'محمود زاده', `محمود${ZWNJ}زاده`].map(canonicalNameCompounds);
    expect(new Set(stored)).toEqual(new Set([`محمود${ZWNJ}زاده`]));
    expect(canonicalNameCompounds('وحیدرضا محمود زاده')).toBe(`وحیدرضا محمود${ZWNJ}زاده`);
    // A given name ending in «زاده» after one letter is left alone: «آزاده».
    expect(canonicalNameCompounds('آزاده کریمی')).toBe('آزاده کریمی');
    for (const typed of ['محمودزاده', 'محمود زاده', `محمود${ZWNJ}زاده`]) expect(searchKey(typed)).toBe(searchKey(stored[0]!));
  });

  it('splits a seed name into title, given and family name where the seeds give them', () => {
    expect(nameParts('سركار خانم مهندس حاجی زاده', { familyName: 'حاجی زاده' })).toEqual({ title: 'سرکار خانم مهندس', familyName: `حاجی${ZWNJ}زاده`, fullName: `حاجی${ZWNJ}زاده` });
    expect(nameParts('عبد الرحيم الزكراني', { givenName: 'عبد الرحيم', familyName: 'الزكراني' })).toEqual({
      givenName: 'عبد الرحيم',
      familyName: 'الزكراني',
      fullName: 'عبد الرحيم الزكراني',
    });
    expect(nameParts('مهندس فاطمی')).toEqual({ title: 'مهندس', fullName: 'فاطمی' });
  });
});
