import { checkCredentialNumber } from '../../shared/credentials/checks';
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
