import { formatMessage, MESSAGE_LOCALES } from '../../shared/messages/catalog';
import { iranianCheckDigit, parseNationalCode, withIranianCheckDigit } from '../../shared/identity/national-code';
import { SEED_PEOPLE, syntheticPeople } from '../../shared/demo/people';

describe('parseNationalCode', () => {
  it('accepts a valid Iranian code written in ASCII, Persian or Arabic-Indic digits', () => {
    for (const written of ['0061234508', '۰۰۶۱۲۳۴۵۰۸', '٠٠٦١٢٣٤٥٠٨', '006-123450-8', ' 0061234508 ']) {
      expect(parseNationalCode(written)).toEqual({ ok: true, value: '0061234508', country: 'IR' });
    }
  });

  it('refuses a wrong check digit without saying which digit would pass', () => {
    const result = parseNationalCode('0061234509');
    expect(result).toEqual({
      ok: false,
      problem: expect.stringContaining('check digit (the last digit) of "0061234509" does not match'),
      message: expect.objectContaining({ id: 'NATIONAL_CODE_CHECK_DIGIT', params: { input: '0061234509' } }),
    });
    const problem = result.ok ? '' : result.problem;
    // Neither the right digit nor the code it would make, in any language.
    expect(problem.replace('"0061234509"', '')).not.toMatch(/8/);
    for (const locale of MESSAGE_LOCALES) expect(formatMessage('NATIONAL_CODE_CHECK_DIGIT', { input: '0061234509' }, locale)!.replace('0061234509', '')).not.toMatch(/[8۸٨]/);
  });

  it('refuses codes of the wrong length, letters mixed with too many digits, and one repeated digit', () => {
    expect(parseNationalCode('123')).toMatchObject({ ok: false, problem: expect.stringContaining('has 3') });
    expect(parseNationalCode('ABC1234567')).toMatchObject({ ok: false, problem: expect.stringContaining('neither') });
    expect(parseNationalCode('1111111111')).toMatchObject({ ok: false, problem: expect.stringContaining('repeats') });
    expect(parseNationalCode('')).toMatchObject({ ok: false, problem: 'must not be empty' });
  });

  it('accepts a Moroccan CNIE and upper-cases it', () => {
    expect(parseNationalCode('be123456')).toEqual({ ok: true, value: 'BE123456', country: 'MA' });
  });

  it('computes check digits for both remainder branches', () => {
    expect(iranianCheckDigit('006123450')).toBe(8);
    expect(withIranianCheckDigit('000000001')).toMatch(/^\d{10}$/);
    expect(() => withIranianCheckDigit('12')).toThrow('nine digits');
  });

  it('gives every demo person a code that passes validation', () => {
    const people = [...Object.values(SEED_PEOPLE), ...syntheticPeople(0, 400)];
    for (const person of people) expect(parseNationalCode(person.nationalCode)).toMatchObject({ ok: true, value: person.nationalCode });
    expect(new Set(people.map((p) => p.nationalCode)).size).toBe(people.length);
  });
});
