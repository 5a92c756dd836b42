import { InputChecker } from '../../shared/errors';
import { calendarDateOf, instantOfIsoDate, jalaliTextOf, jalaliTextToIso, parseCalendarInput } from '../../shared/text/calendar';
import { checkDate } from '../../shared/validation';

describe('Solar Hijri days written out', () => {
  it('round-trips seed 001\'s ۳۱ خرداد ۱۳۹۱ to 2012-06-20 and back', () => {
    expect(jalaliTextToIso('۳۱ خرداد ۱۳۹۱')).toBe('2012-06-20');
    expect(jalaliTextOf('2012-06-20')).toBe('۳۱ خرداد ۱۳۹۱');
    expect(jalaliTextOf(calendarDateOf(instantOfIsoDate(jalaliTextToIso('۳۱ خرداد ۱۳۹۱'))).iso)).toBe('۳۱ خرداد ۱۳۹۱');
  });

  it('reads Persian, Arabic-Indic and Latin digits, Arabic letter forms, «ماه» and extra spaces', () => {
    for (const text of ['۳۱ خرداد ۱۳۹۱', '٣١ خرداد ١٣٩١', '31 خرداد 1391', '  ۳۱   خرداد ماه ۱۳۹۱ ', '31 خرداد ماه 1391']) {
      expect([text, jalaliTextToIso(text)]).toEqual([text, '2012-06-20']);
    }
    expect(jalaliTextToIso('۱ تير ۱۳۹۱')).toBe('2012-06-21'); // Arabic yeh in «تیر»
    expect(jalaliTextToIso('۱۰ دي ۱۴۰۲')).toBe('2023-12-31');
    expect(jalaliTextToIso('۱ فروردین ۱۴۰۳')).toBe('2024-03-20');
  });

  it('writes every month by its Persian name, the day without a leading zero', () => {
    expect(jalaliTextOf('2024-03-20')).toBe('۱ فروردین ۱۴۰۳');
    expect(jalaliTextOf('2025-03-20')).toBe('۳۰ اسفند ۱۴۰۳');
    expect(jalaliTextOf('2023-12-22')).toBe('۱ دی ۱۴۰۲');
  });

  it('refuses unknown month names and days a month lacks', () => {
    expect(() => jalaliTextToIso('۳۱ خردادی ۱۳۹۱')).toThrow(RangeError);
    expect(() => jalaliTextToIso('۳۱ مهر ۱۳۹۱')).toThrow(RangeError); // Mehr has 30 days
    expect(() => jalaliTextToIso('خرداد ۱۳۹۱')).toThrow(RangeError);
  });
});

describe('parseCalendarInput and checkDate', () => {
  it('take every form: Gregorian, numeric Solar Hijri in any digits, Solar Hijri written out', () => {
    for (const text of ['2012-06-20', '1391-03-31', '۱۳۹۱/۰۳/۳۱', '1391-3-31', '۳۱ خرداد ۱۳۹۱']) {
      expect([text, parseCalendarInput(text)]).toEqual([text, '2012-06-20']);
    }
    const checker = new InputChecker();
    expect(checkDate(checker, 'since', '۳۱ خرداد ۱۳۹۱')).toBe('2012-06-20');
    expect(checker.ok).toBe(true);
  });

  it('names the field and the forms it accepts when the date is none of them', () => {
    const checker = new InputChecker();
    expect(checkDate(checker, 'since', 'فردا')).toBeUndefined();
    expect(checkDate(checker, 'until', '2012-02-30')).toBeUndefined();
    expect(checker.ok).toBe(false);
    expect(() => checker.throwIfAny()).toThrow(/since: .*۳۱ خرداد ۱۳۹۱.*until: /s);
  });
});
