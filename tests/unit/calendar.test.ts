import { InputChecker } from '../../shared/errors';
import {
  CALENDAR_RANGE,
  calendarDateOf,
  calendarDateResolvers,
  DateOutOfRangeError,
  instantOfIsoDate,
  jalaliTextOf,
  jalaliTextToIso,
  parseCalendarInput,
} from '../../shared/text/calendar';
import { checkDate } from '../../shared/validation';

describe('Solar Hijri days written out', () => {
  it("round-trips seed 001's ۳۱ خرداد ۱۳۹۱ to 2012-06-20 and back", () => {
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

describe('the days the registries take', () => {
  it('run from Solar Hijri 1200-01-01 to 1600-12-29, Gregorian 1821-03-21 to 2222-03-20', () => {
    expect(CALENDAR_RANGE).toEqual({ firstIso: '1821-03-21', lastIso: '2222-03-20', firstJalali: '1200-01-01', lastJalali: '1600-12-29' });
    for (const edge of ['1200-01-01', '1600-12-29', '1821-03-21', '2222-03-20', '۱ فروردین ۱۲۰۰', '۲۹ اسفند ۱۶۰۰']) expect(() => parseCalendarInput(edge)).not.toThrow();
  });

  it.each(['9999-12-31', '0001-01-01', '1199-12-29', '1601-01-01', '1821-03-20', '2222-03-21', '۱ فروردین ۱۱۹۹', '1700-01-01'])(
    'refuse %s as BAD_USER_INPUT naming the field and the range',
    (typed) => {
      expect(() => parseCalendarInput(typed)).toThrow(DateOutOfRangeError);
      const checker = new InputChecker();
      expect(checkDate(checker, 'validUntil', typed)).toBeUndefined();
      const error = (() => {
        try {
          checker.throwIfAny();
        } catch (e) {
          return e as { extensions: { code: string; problems: { field: string; problem: string }[] } };
        }
        throw new Error('expected a refusal');
      })();
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.problems).toEqual([
        { field: 'validUntil', problem: expect.stringMatching(/is outside the days the registries take: 1821-03-21 to 2222-03-20, Solar Hijri 1200-01-01 to 1600-12-29$/) },
      ]);
    },
  );
});

describe('stored days are always shown', () => {
  const shown = (stored: Date | string) => {
    const date = calendarDateOf(stored);
    return { ...date, jalaliText: calendarDateResolvers.jalaliText(date) };
  };

  it('shows a day in range in both calendars, as before', () => {
    expect(shown(new Date('2012-06-20T00:00:00Z'))).toEqual({ iso: '2012-06-20', jalali: '1391-03-31', jalaliText: '۳۱ خرداد ۱۳۹۱' });
    expect(shown('2012-06-20')).toEqual({ iso: '2012-06-20', jalali: '1391-03-31', jalaliText: '۳۱ خرداد ۱۳۹۱' });
  });

  it('shows days outside the range that earlier versions stored, in both calendars, without throwing', () => {
    expect(shown(new Date('9999-12-31T00:00:00Z'))).toEqual({ iso: '9999-12-31', jalali: '9378-10-10', jalaliText: '۱۰ دی ۹۳۷۸' });
    expect(shown(new Date('0622-03-22T00:00:00Z'))).toEqual({ iso: '0622-03-22', jalali: '1-01-01', jalaliText: '۱ فروردین ۱' });
    expect(shown(new Date('0001-01-01T00:00:00Z')).iso).toBe('0001-01-01');
    expect(shown(new Date(8.64e15))).toMatchObject({ iso: '+275760-09-13', jalali: expect.stringMatching(/^\d+-\d{2}-\d{2}$/) });
    expect(shown(new Date(-8.64e15)).iso).toBe('-271821-04-20');
    expect(shown(new Date('0001-01-01T00:00:00Z')).jalaliText).toMatch(/^[۰-۹]+ \S+ -[۰-۹]+$/);
  });

  it('answers a stored value that is no date with a coded error for that field, never an internal one', () => {
    for (const stored of ['not a date', new Date(Number.NaN), '']) {
      let thrown: unknown;
      try {
        calendarDateOf(stored);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toEqual(expect.objectContaining({ extensions: { code: 'STORED_VALUE_UNREADABLE' } }));
    }
  });
});
