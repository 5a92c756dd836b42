import { DateOutOfRangeError } from '../../shared/text/calendar';
import { parsePartialDate, partialDateView, rangeOf } from '../../shared/text/partial-date';

/** The twelfth meeting's first day (seed 001), which its resolutions' dates are read against. */
const TWELFTH_MEETING = '2012-06-20';

const read = (text: string, referenceIso?: string) => {
  const date = parsePartialDate(text, { referenceIso, todayIso: '2026-01-01' });
  const { firstIso, lastIso } = rangeOf(date);
  return { precision: date.precision, calendar: date.calendar, value: date.value, firstIso, lastIso };
};

describe('dates as the source texts write them', () => {
  it('seed 001: «۳۱ خرداد و ۱ تیر ماه ۱۳۹۱», each day in any digits, «اول تیر»', () => {
    expect(read('۳۱ خرداد ۱۳۹۱')).toEqual({ precision: 'DAY', calendar: 'SOLAR_HIJRI', value: '1391-03-31', firstIso: '2012-06-20', lastIso: '2012-06-20' });
    expect(read('۱ تیر ماه ۱۳۹۱')).toMatchObject({ precision: 'DAY', value: '1391-04-01', firstIso: '2012-06-21' });
    expect(read('اول تیر ۱۳۹۱')).toMatchObject({ precision: 'DAY', value: '1391-04-01' });
    expect(read('٣١ خرداد ١٣٩١')).toMatchObject({ value: '1391-03-31' });
    expect(read('31 خرداد 1391')).toMatchObject({ value: '1391-03-31' });
  });

  it("seed 001: the last day, «۱ تیر ماه», without its year, belongs to the first day's year", () => {
    expect(read('۱ تیر ماه', TWELFTH_MEETING)).toMatchObject({ precision: 'DAY', value: '1391-04-01' });
    // A day without a year that has passed by the reference day is next year's.
    expect(read('۱ خرداد', TWELFTH_MEETING)).toMatchObject({ value: '1392-03-01' });
  });

  it("seed 001: «حداکثر تا پایان شهریور ماه سال جاری» is the end of Shahrivar of the meeting's year", () => {
    const due = read('حداکثر تا پایان شهریور ماه سال جاری', TWELFTH_MEETING);
    expect(due).toEqual({ precision: 'MONTH_END', calendar: 'SOLAR_HIJRI', value: '1391-06-31', firstIso: '2012-09-21', lastIso: '2012-09-21' });
    expect(read('پایان شهریور', TWELFTH_MEETING)).toEqual(due);
    expect(read('آخر شهریور ۱۳۹۱')).toEqual(due);
  });

  it('seed 001: «اواخر شهریور ۹۱», a two-digit Solar Hijri year, read near the reference or today', () => {
    expect(read('اواخر شهریور ۹۱')).toMatchObject({ precision: 'MONTH_END', value: '1391-06-31' });
    expect(read('شهریور ۹۱')).toEqual({ precision: 'MONTH', calendar: 'SOLAR_HIJRI', value: '1391-06', firstIso: '2012-08-22', lastIso: '2012-09-21' });
    expect(read('شهریور ۹۱', '2150-01-01')).toMatchObject({ value: '1491-06' });
    // 54 is as near 1354 as 1454 from 1404 (today, 2026): ambiguous, refused.
    expect(() => read('شهریور ۵۴')).toThrow(/could be 1354 or 1454; write it in full/);
  });

  it("seed 003: «شنبه 22 شهریور» needs its year, and the weekday must be that day's", () => {
    expect(read('شنبه ۲۲ شهریور ۱۳۹۹')).toMatchObject({ precision: 'DAY', value: '1399-06-22', firstIso: '2020-09-12' });
    expect(read('شنبه 22 شهریور', '2020-09-01')).toMatchObject({ value: '1399-06-22' });
    expect(() => read('شنبه 22 شهریور')).toThrow(/no year is given; add it/);
    expect(() => read('شنبه ۲۲ شهریور ۱۳۹۸')).toThrow(/names a شنبه .* that day is a جمعه/);
    expect(read('سه‌شنبه ۲۵ شهریور ۱۳۹۹')).toMatchObject({ value: '1399-06-25' });
    expect(read('سه شنبه ۲۵ شهریور ۱۳۹۹')).toMatchObject({ value: '1399-06-25' });
    expect(() => read('شنبه شهریور ۱۳۹۹')).toThrow(/a weekday goes with a day/);
  });

  it('seed 004: «برسم سنة 2023», a Gregorian year, and Moroccan French and Arabic month names', () => {
    expect(read('برسم سنة 2023')).toEqual({ precision: 'YEAR', calendar: 'GREGORIAN', value: '2023', firstIso: '2023-01-01', lastIso: '2023-12-31' });
    expect(read('سنة ٢٠٢٣')).toMatchObject({ precision: 'YEAR', value: '2023' });
    expect(read('décembre 2023')).toMatchObject({ precision: 'MONTH', calendar: 'GREGORIAN', value: '2023-12', firstIso: '2023-12-01', lastIso: '2023-12-31' });
    expect(read('Decembre 2023')).toMatchObject({ value: '2023-12' });
    expect(read('fin décembre 2023')).toMatchObject({ precision: 'MONTH_END', value: '2023-12-31' });
    expect(read('le 1er juillet 2012')).toMatchObject({ precision: 'DAY', value: '2012-07-01' });
    expect(read('samedi 12 septembre 2020')).toMatchObject({ precision: 'DAY', value: '2020-09-12' });
    expect(read('31 دجنبر 2023')).toMatchObject({ precision: 'DAY', value: '2023-12-31' });
    expect(read('السبت 12 شتنبر 2020')).toMatchObject({ value: '2020-09-12' });
    expect(read('غشت 2023')).toMatchObject({ precision: 'MONTH', value: '2023-08' });
    expect(() => read('décembre 23')).toThrow(/write the Gregorian year in full/);
  });

  it('numbers: year-month-day either way round, a month as year-month or month/year, a year; the year says the calendar', () => {
    expect(read('21/09/2012')).toMatchObject({ precision: 'DAY', calendar: 'GREGORIAN', value: '2012-09-21' });
    expect(read('31/06/1391')).toMatchObject({ precision: 'DAY', calendar: 'SOLAR_HIJRI', value: '1391-06-31', firstIso: '2012-09-21' });
    expect(read('۱۳۹۱/۰۶/۳۱')).toMatchObject({ value: '1391-06-31' });
    expect(read('2012-09-21')).toMatchObject({ calendar: 'GREGORIAN', value: '2012-09-21' });
    expect(read('1391-06')).toMatchObject({ precision: 'MONTH', calendar: 'SOLAR_HIJRI', value: '1391-06' });
    expect(read('12/2023')).toMatchObject({ precision: 'MONTH', calendar: 'GREGORIAN', value: '2023-12' });
    expect(read('۱۳۹۹')).toEqual({ precision: 'YEAR', calendar: 'SOLAR_HIJRI', value: '1399', firstIso: '2020-03-20', lastIso: '2021-03-20' });
    expect(read('سال ۱۳۹۹')).toMatchObject({ precision: 'YEAR', value: '1399' });
  });

  it("refuses what is no date, with what was expected; days a month lacks; dates outside the registries' range", () => {
    for (const text of ['', 'soon', '۳۱ مهر ۱۳۹۱', '30/02/2023', '1391-13', 'فردا ۱۳۹۱', '۳۱ خرداد و ۱ تیر ماه ۱۳۹۱']) {
      expect(() => read(text)).toThrow(RangeError);
    }
    expect(() => read('soon')).toThrow(/use a day .* a month's end .* a month .* or a year/);
    expect(() => read('پایان شهریور ماه سال جاری')).toThrow(/«سال جاری» needs the day it is said on/);
    expect(() => read('1100')).toThrow(DateOutOfRangeError);
    expect(() => read('9999-12')).toThrow(DateOutOfRangeError);
  });
});

describe('showing a date no more precisely than it was given', () => {
  const view = (text: string) => partialDateView(parsePartialDate(text, { todayIso: '2026-01-01' }));

  it('a day in both calendars', () => {
    expect(view('شنبه ۲۲ شهریور ۱۳۹۹')).toMatchObject({
      precision: 'DAY',
      iso: '2020-09-12',
      jalali: '1399-06-22',
      jalaliText: '۲۲ شهریور ۱۳۹۹',
      written: 'شنبه ۲۲ شهریور ۱۳۹۹',
      firstDay: { iso: '2020-09-12', jalali: '1399-06-22' },
    });
    expect(view('2012-09-21').written).toBeNull();
  });

  it('a Solar Hijri month as a month, and in Gregorian as the days it covers', () => {
    expect(view('شهریور ۹۱')).toMatchObject({ precision: 'MONTH', jalali: '1391-06', iso: '2012-08-22/2012-09-21', jalaliText: 'شهریور ۱۳۹۱' });
    expect(view('اواخر شهریور ۹۱')).toMatchObject({ precision: 'MONTH_END', jalali: '1391-06-31', iso: '2012-09-21', jalaliText: 'پایان شهریور ۱۳۹۱', written: 'اواخر شهریور ۹۱' });
    expect(view('1399')).toMatchObject({ precision: 'YEAR', jalali: '1399', iso: '2020-03-20/2021-03-20', jalaliText: 'سال ۱۳۹۹' });
  });

  it('a Gregorian year as a year, and in Solar Hijri as the days it covers', () => {
    expect(view('سنة 2023')).toMatchObject({
      precision: 'YEAR',
      calendar: 'GREGORIAN',
      iso: '2023',
      jalali: '1401-10-11/1402-10-10',
      jalaliText: '۱۱ دی ۱۴۰۱ تا ۱۰ دی ۱۴۰۲',
      lastDay: { iso: '2023-12-31', jalali: '1402-10-10' },
    });
  });
});
