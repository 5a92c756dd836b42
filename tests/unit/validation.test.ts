import { GraphQLError } from 'graphql';
import { InputChecker } from '../../shared/errors';
import { checkDate, checkNationalCode, checkOptionalText, checkPartialDate, checkText } from '../../shared/validation';
import { pageSize, toPage } from '../../shared/graphql/pagination';

function thrown(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
}

describe('InputChecker', () => {
  it('reports every problem at once as BAD_USER_INPUT naming each field', () => {
    const checker = new InputChecker();
    checkNationalCode(checker, 'nationalCode', '0061234509');
    checkText(checker, 'fullName', '   ', { max: 10 });
    checkText(checker, 'body', 'x'.repeat(11), { max: 10 });
    const error = thrown(() => checker.throwIfAny());
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/nationalCode: the check digit/);
    expect(error.message).toMatch(/fullName: must not be empty/);
    expect(error.message).toMatch(/body: must have at most 10 characters; got 11/);
    expect(error.extensions.problems).toHaveLength(3);
  });

  it('passes clean input through', () => {
    const checker = new InputChecker();
    expect(checkText(checker, 'name', '  سعید   تاجیک ', { max: 20 })).toBe('سعید تاجیک');
    expect(checkDate(checker, 'since', '1391-03-31')).toBe('2012-06-20');
    expect(checkDate(checker, 'since', '2012-06-20')).toBe('2012-06-20');
    expect(checkDate(checker, 'since', undefined)).toBeUndefined();
    expect(checker.ok).toBe(true);
  });

  it('refuses dates that are neither Gregorian nor Jalali', () => {
    const checker = new InputChecker();
    checkDate(checker, 'since', '2012-13-40');
    checkDate(checker, 'until', 'tomorrow');
    expect(thrown(() => checker.throwIfAny()).message).toMatch(/since: .*until: /);
  });
});

describe('text that cannot be seen or that reorders a line', () => {
  const problemsOf = (value: string, field = 'fullName') => {
    const checker = new InputChecker();
    const text = checkText(checker, field, value, { min: 2, max: 120 });
    if (checker.ok) return { text };
    return { text, problems: thrown(() => checker.throwIfAny()).extensions.problems as { field: string; problem: string }[] };
  };

  it.each([
    ['NUL', 'سعید\u0000 تاجیک', 'U+0000', 5, /a control character/],
    ['BEL', '\u0007سعید تاجیک', 'U+0007', 1, /a control character/],
    ['an ANSI escape', 'Saeed \u001b[31mTajik', 'U+001B', 7, /a control character/],
    ['DEL', 'سعید\u007f', 'U+007F', 5, /a control character/],
    ['a C1 control', 'سعید\u0085تاجیک', 'U+0085', 5, /a control character/],
    ['the right-to-left override', 'kcajiT \u202eSaeed', 'U+202E', 8, /bidirectional control, which reorders the text/],
    ['the left-to-right override', '\u202dسعید', 'U+202D', 1, /bidirectional control/],
    ['a right-to-left embedding', 'a\u202bسعید\u202c', 'U+202B', 2, /bidirectional control/],
    ['a right-to-left isolate', 'سعید \u2067تاجیک\u2069', 'U+2067', 6, /bidirectional control/],
    ['a first-strong isolate', '\u2068سعید', 'U+2068', 1, /bidirectional control/],
    ['the left-to-right mark', 'سعید\u200e', 'U+200E', 5, /bidirectional control/],
    ['the Arabic letter mark', 'سعید\u061c', 'U+061C', 5, /bidirectional control/],
    ['a zero-width space', 'سعید\u200bتاجیک', 'U+200B', 5, /an invisible character/],
    ['a zero-width joiner', 'سعید\u200dتاجیک', 'U+200D', 5, /an invisible character/],
    ['a word joiner', 'سعید\u2060', 'U+2060', 5, /an invisible character/],
    ['a soft hyphen', 'سعید\u00ad', 'U+00AD', 5, /an invisible character/],
    ['a tag character', 'سعید\u{e0041}', 'U+E0041', 5, /an invisible character/],
    ['a Hangul filler', '\u3164\u3164', 'U+3164', 1, /an invisible character/],
    ['the combining grapheme joiner', 'سعی\u034fد', 'U+034F', 4, /an invisible character/],
    ['a variation selector', 'Tehran Inspection Co\ufe00', 'U+FE00', 21, /an invisible character/],
    ['an emoji presentation selector after a letter', 'Tehran Inspection Co\ufe0f', 'U+FE0F', 21, /an invisible character/],
    ['an emoji presentation selector after a digit', 'ISAI-1403-0001\ufe0f', 'U+FE0F', 15, /an invisible character/],
    ['a supplementary variation selector', 'ISAI-1403-0001\u{e0100}', 'U+E0100', 15, /an invisible character/],
    ['a Mongolian free variation selector', 'سعید\u180bتاجیک', 'U+180B', 5, /an invisible character/],
    ['a Khmer inherent vowel', 'سعید\u17b4', 'U+17B4', 5, /an invisible character/],
    ['a Cyrillic letter in a Latin word', 'T\u0435hran Inspection Co', 'U+0435', 2, /a Cyrillic letter in a Latin word/],
    ['a Cyrillic letter in a Latin credential number', 'IS\u0410I-7777-0001', 'U+0410', 3, /a Cyrillic letter in a Latin word/],
    ['a Latin letter in a Cyrillic word', '\u0421\u0435\u0440\u0433\u0435\u0439 Ivanov\u0430', 'U+0430', 14, /a Latin letter in a Cyrillic one/],
    ['a Cyrillic letter past a non-joiner in a Latin word', 'Teh\u200c\u0440an', 'U+0440', 5, /a Cyrillic letter in a Latin word/],
    ['a Greek omicron in a Latin word', 'Tehran Inspecti\u03bfn Co', 'U+03BF', 16, /two alphabets drawn alike/],
    ['an accented Greek omicron in a Latin word', 'Caf\u00e9 Inspecti\u03ccn', 'U+03CC', 14, /two alphabets drawn alike/],
    ['an Armenian oh in a Latin word', 'Tehran Inspecti\u0585n Co', 'U+0585', 16, /two alphabets drawn alike/],
    ['a Lisu letter before Latin ones', '\ua4d4ehran Lab', 'U+0065', 2, /two alphabets drawn alike/],
    ['a Cherokee letter in a Latin credential number', '\u13a5SAI-7777-0001', 'U+0053', 2, /two alphabets drawn alike/],
    ['a Greek omicron in a Cyrillic word', '\u0422\u03bf\u043c\u0441\u043a', 'U+03BF', 2, /two alphabets drawn alike/],
    // A mathematical letter is of no script, but every key made of the text holds the letter it stands for (NFKC).
    ['a mathematical Latin letter in a Cyrillic word', '\u0422\u{1d41e}\u0445\u043d\u0438\u043a\u0430', 'U+1D41E', 2, /a Latin letter in a Cyrillic one/],
    ['a mathematical Greek omicron in a Latin word', 'Ao Inspecti\u{1d6d0}n Co', 'U+1D6D0', 12, /two alphabets drawn alike/],
    ['a lone high surrogate', 'سعید\ud800', 'U+D800', 5, /half of a surrogate pair/],
    ['a lone low surrogate', '\udc00سعید', 'U+DC00', 1, /half of a surrogate pair/],
  ])('refuses %s, naming the field, the code point and where it is', (_what, value, codePoint, position, kind) => {
    const { text, problems } = problemsOf(value);
    expect(text).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ field: 'fullName', problem: expect.stringContaining(`must not contain ${codePoint} (character ${position})`), params: { codePoint, position } }),
    ]);
    expect(problems![0]!.problem).toMatch(kind);
  });

  it('keeps words of the Latin and the Cyrillic alphabet side by side, and Latin or Greek letters beside Persian ones', () => {
    expect(problemsOf('\u0421\u0435\u0440\u0433\u0435\u0439 Ivanov').text).toBe('\u0421\u0435\u0440\u0433\u0435\u0439 Ivanov');
    expect(problemsOf('Müller-\u041f\u0435\u0442\u0440\u043e\u0432').text).toBe('Müller-\u041f\u0435\u0442\u0440\u043e\u0432');
    expect(problemsOf('آزمایشگاه ISO/IEC 17025 مقاومت Ωm').text).toBe('آزمایشگاه ISO/IEC 17025 مقاومت Ωm');
    expect(problemsOf('10 kΩ, 5 μm, ΔT 3 K, λmax').text).toBe('10 kΩ, 5 μm, ΔT 3 K, λmax');
    // The sciences the labs work in write small Greek letters in Latin words (refused by 21619d7; audit).
    expect(problemsOf('NF-κB Signalling Lab, TNFα, IFNγ, HIF1α, ERα, PPARγ, χ2 test').text).toBe('NF-κB Signalling Lab, TNFα, IFNγ, HIF1α, ERα, PPARγ, χ2 test');
    // The ohm and kelvin signs are stored as the letters NFC makes them (Ω, K).
    expect(problemsOf('5 \u00b5m, 3 \u2126, 20 \u212a, \ufb01le \u{1d400}\u{1d401}').text).toBe('5 \u00b5m, 3 \u03a9, 20 K, \ufb01le \u{1d400}\u{1d401}');
    expect(problemsOf('\u0391\u03b8\u03ae\u03bd\u03b1 Inspection, \u0535\u0580\u0587\u0561\u0576').text).toBe(
      '\u0391\u03b8\u03ae\u03bd\u03b1 Inspection, \u0535\u0580\u0587\u0561\u0576',
    );
  });

  // Phone keyboards type most pictographs with their emoji presentation selector (❤️ is U+2764 U+FE0F):
  // refused as invisible since 7dca97b, a text written on a phone with one was refused whole.
  it('keeps the emoji presentation selector right after a pictograph', () => {
    expect(problemsOf('Lab \u2764\ufe0f').text).toBe('Lab \u2764\ufe0f');
    expect(problemsOf('\u260e\ufe0f 021-1234 \u2714\ufe0f').text).toBe('\u260e\ufe0f 021-1234 \u2714\ufe0f');
  });

  // The keycap emoji are a digit, `#` or `*`, the selector, then the enclosing keycap: 59c0b7d kept the
  // selector after a pictograph only, and «Ao Lab 1️⃣» was still refused as U+FE0F (audit, reproduced live).
  it('keeps the emoji presentation selector of a keycap emoji, and refuses it after a digit without the keycap', () => {
    expect(problemsOf('Lab 1\ufe0f\u20e3 #\ufe0f\u20e3').text).toBe('Lab 1\ufe0f\u20e3 #\ufe0f\u20e3');
    expect(problemsOf('ISAI-1403-0001\ufe0f').problems![0]!.problem).toMatch(/U\+FE0F/);
    expect(problemsOf('Lab 1\u20e3\ufe0f').problems![0]!.problem).toMatch(/U\+FE0F/);
  });

  it('refuses a name made only of zero-width characters', () => {
    expect(problemsOf('\u200b\u200b\u200b').problems![0]!.problem).toMatch(/U\+200B/);
    expect(problemsOf('\u200d\u200c').problems![0]!.problem).toMatch(/U\+200D/);
    // Only non-joiners, which join nothing: nothing is left.
    expect(problemsOf('\u200c\u200c\u200c').problems).toEqual([{ field: 'fullName', problem: 'must not be empty', messageId: 'TEXT_EMPTY', params: {} }]);
    expect(problemsOf(' \u200c ').problems).toEqual([{ field: 'fullName', problem: 'must not be empty', messageId: 'TEXT_EMPTY', params: {} }]);
  });

  it('keeps the zero-width non-joiner inside Persian words, and drops only those that join nothing', () => {
    expect(problemsOf('آزمایشگاه\u200cهای همکار').text).toBe('آزمایشگاه\u200cهای همکار');
    expect(problemsOf('می\u200cخواهم').text).toBe('می\u200cخواهم');
    expect(problemsOf('\u200cحاجی\u200c\u200cزاده\u200c \u200cرضا').text).toBe('حاجی\u200cزاده رضا');
  });

  it('keeps letters, digits, marks and punctuation of Persian, Arabic and Latin text, and folds tabs and line breaks', () => {
    for (const name of ['سعید تاجیک', 'علیرضا مُحبّعلی', 'عبدالله (ابو محمد)', "Zoë O'Brien-Ünal", 'مجتمع «۱۲» - شماره ۳']) {
      expect(problemsOf(name).text).toBe(name);
    }
    expect(problemsOf('سعید\t\r\nتاجیک').text).toBe('سعید تاجیک');
  });

  it('applies to every free text field, not only names', () => {
    expect(problemsOf('دستور \u202e جلسه', 'agenda[2]').problems).toEqual([
      expect.objectContaining({ field: 'agenda[2]', problem: expect.stringMatching(/^must not contain U\+202E/), messageId: 'TEXT_BIDI_CONTROL' }),
    ]);
    const checker = new InputChecker();
    expect(checkOptionalText(checker, 'place', 'تهران\u0007', { max: 120 })).toBeUndefined();
    expect(checker.ok).toBe(false);
  });

  // A date in words is stored with its words as typed (`written`); its month is read by its search key,
  // which passes over a zero-width joiner, so the joiner was kept in the stored words.
  it.each([
    ['a zero-width joiner after a year', 'سال ۱۳۹۹\u200d', 'U+200D', 9],
    ['a zero-width joiner after a month', '۳۱ خرداد\u200d ۱۳۹۱', 'U+200D', 9],
  ])('refuses %s in a date in words, rather than keeping it in the words stored', (_what, value, codePoint, position) => {
    const checker = new InputChecker();
    expect(checkPartialDate(checker, 'dueDate', value)).toBeUndefined();
    expect(thrown(() => checker.throwIfAny()).extensions.problems).toEqual([
      expect.objectContaining({ field: 'dueDate', messageId: 'TEXT_INVISIBLE_CHARACTER', params: { codePoint, position } }),
    ]);
  });

  it('keeps a date in words without such characters, its words as typed', () => {
    const checker = new InputChecker();
    expect(checkPartialDate(checker, 'dueDate', '۳۱ خرداد ۱۳۹۱')).toEqual(expect.objectContaining({ value: '1391-03-31', written: '۳۱ خرداد ۱۳۹۱' }));
    expect(checker.ok).toBe(true);
  });
});

describe('pagination', () => {
  it('bounds page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(thrown(() => pageSize(0)).message).toMatch(/first: must be a whole number from 1 to 100/);
    expect(() => pageSize(101)).toThrow();
  });

  it('builds a page from size + 1 rows, ending at the position of the last row (sealed later, list-cursors.ts)', () => {
    const page = toPage(['a', 'b', 'c'], 2, 7, (row) => row);
    expect(page).toEqual({ nodes: ['a', 'b'], totalCount: 7, pageInfo: { hasNextPage: true, endCursor: 'b' } });
    expect(toPage([], 2, 0, (row: string) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
