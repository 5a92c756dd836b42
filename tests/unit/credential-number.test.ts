import { checkCredentialNumber, checkNumberHoldsNoCode } from '../../shared/credentials/checks';
import { credentialNumberKey } from '../../shared/credentials/credential-number';
import { InputChecker } from '../../shared/errors';

describe('a credential number in its one spelling', () => {
  it.each([
    ['ISAI-000101-1', 'ISAI-000101-1'],
    ['isai-000101-1', 'ISAI-000101-1'],
    ['ISAI‐000101‐1', 'ISAI-000101-1'], // U+2010 hyphens
    ['ISAI–000101−1', 'ISAI-000101-1'], // an en dash and a minus sign
    ['ＩＳＡＩ-０００１０１-１', 'ISAI-000101-1'], // full-width letters and digits
    ['ISAI - 000101 - 1', 'ISAI-000101-1'],
    ['۱-۲۳-۴۵۶۷۸', '1-23-45678'],
    ['٧١-٠٠١-٠٠٠٤٢', '71-001-00042'],
    ['ك-۱۲', 'ک-12'], // Arabic kaf is the Persian keheh
    // A digit of any script is that digit: Devanagari zeros look like ours.
    ['ISAI-7777-\u0966\u0966\u0966\u0967', 'ISAI-7777-0001'],
    ['ISAI-7777-\u09e6\u09e6\u09e6\u09e7', 'ISAI-7777-0001'],
    // Nothing a reader sees: a zero-width non-joiner (kept in text fields for Persian words), a tatweel, a diacritic.
    ['ISAI-7777-\u200c0001', 'ISAI-7777-0001'],
    ['ISAI\u200c-7777-0001\u200c', 'ISAI-7777-0001'],
    ['کـ-۱۲', 'ک-12'],
    ['کَ-۱۲', 'ک-12'],
    // What is drawn as a dash or a slash between the parts of a number is one (audit, 2026-12-07).
    ['ISAI\u25007777\u25000001', 'ISAI-7777-0001'], // box-drawing lines
    ['ISAI\u20437777\u02d70001', 'ISAI-7777-0001'], // a hyphen bullet, a modifier minus
    ['ISAI\u27967777\u23af0001', 'ISAI-7777-0001'], // a heavy minus, a horizontal line extension
    ['ISAI\u30fc7777\uff700001', 'ISAI-7777-0001'], // the Katakana prolonged sound mark, full and half width
    ['NACI\u2215T\u20440031', 'NACI/T/0031'], // division and fraction slashes
    // The level lines 25fe3a5 left out were numbers of their own beside AO-999002-1 (audit, reproduced live).
    ['AO\u2574999002\u25741', 'AO-999002-1'], // box-drawing half lines
    ['AO\u2504999002\u254c1', 'AO-999002-1'], // box-drawing dashed lines
    ['AO\u1428999002\u14281', 'AO-999002-1'], // the Canadian syllabics final short horizontal stroke
    ['AO\u3161999002\uffda1', 'AO-999002-1'], // the Hangul vowel EU, full and half width
    ['AO\u06d4999002\u16801', 'AO-999002-1'], // the Arabic full stop, the Ogham space mark
    ['NACI\u27cbT\u30330031', 'NACI/T/0031'], // the mathematical rising diagonal, the kana repeat mark's upper half
    ['ISAI-7777-0001\u2714\ufe0f', 'ISAI-7777-0001\u2714'], // the emoji presentation selector text keeps after a pictograph
  ])('%s is %s', (typed, stored) => {
    expect(credentialNumberKey(typed)).toBe(stored);
  });

  it('is what checkCredentialNumber returns, and its length is the one checked', () => {
    const checker = new InputChecker();
    expect(checkCredentialNumber(checker, 'certificateNumber', 'exp‐1405‐0021')).toBe('EXP-1405-0021');
    // U+FDFA is one character that NFKC writes out as eighteen.
    expect(checkCredentialNumber(checker, 'certificateNumber', '\ufdfa\ufdfa\ufdfa')).toBeUndefined();
    expect(() => checker.throwIfAny()).toThrow(/at most 40/);
  });
});

describe("a credential number holding its holder's national code", () => {
  const refused = (number: string, nationalCode: string): boolean => {
    const checker = new InputChecker();
    checkNumberHoldsNoCode(checker, 'certificateNumber', number, nationalCode);
    return !checker.ok;
  };

  // A Moroccan CNIE's letters are part of it: read with the digits alone, a CNIE with a letter between
  // its digits was let through (audit, 2026-12-07).
  it.each(['ISAI-BK123456', 'ISAI-BK12X3456', 'ISAI-BK-1-2X-3456', 'ISAI-6543X21KB'])('refuses %s for the CNIE BK123456', (number) => {
    expect(refused(number, 'BK123456')).toBe(true);
  });

  it.each(['ISAI-BK12', 'ISAI-K123456', 'ISAI-BK1234-1405'])('takes %s for the CNIE BK123456', (number) => {
    expect(refused(number, 'BK123456')).toBe(false);
  });
});
