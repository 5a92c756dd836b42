import { callerNationalCode, codeSpelledBySubject, isOwnRecord, subjectNationalCode } from '../../shared/auth/own-record';
import { Caller } from '../../shared/auth/caller';

const signedIn = (subject: string): Caller => ({ authenticated: true, subject, scopes: [] });

describe("a token's subject as a national code", () => {
  it('reads a national code written as such, its digits Persian or Arabic-Indic as well as ASCII', () => {
    expect(subjectNationalCode('0061234508')).toBe('0061234508');
    expect(subjectNationalCode('۰۰۶۱۲۳۴۵۰۸')).toBe('0061234508');
    expect(subjectNationalCode('٠٠٦١٢٣٤٥٠٨')).toBe('0061234508');
    expect(subjectNationalCode('BE123456')).toBe('BE123456');
  });

  it('reads no other spelling as that code: another subject is another account of the issuer', () => {
    for (const other of ['be123456', 'Be123456', 'b.e-12_34 56', 'BE-123456', 'BE123456\u200c', ' BE123456', '006-123450-8', '0061 234508', '0061234508 ', '0061_234508']) {
      expect(subjectNationalCode(other)).toBeUndefined();
      expect(callerNationalCode(signedIn(other))).toBeUndefined();
      expect(isOwnRecord(signedIn(other), 'BE123456')).toBe(false);
      expect(isOwnRecord(signedIn(other), '0061234508')).toBe(false);
    }
  });

  it("leaves the person's own record theirs", () => {
    expect(isOwnRecord(signedIn('BE123456'), 'BE123456')).toBe(true);
    expect(isOwnRecord(signedIn('۰۰۶۱۲۳۴۵۰۸'), '0061234508')).toBe(true);
  });

  it('still reads the code a subject spells otherwise, so that the subject screen tells it only where the code may go', () => {
    expect(codeSpelledBySubject('006-123450-8')).toBe('0061234508');
    expect(codeSpelledBySubject('b.e-12_34 56')).toBe('BE123456');
    expect(codeSpelledBySubject('developer')).toBeUndefined();
  });

  it('reads a code a subject holds among other text, which an identity provider may wrap it in (audit of 2026-12-07: such a subject went to every registry as it was)', () => {
    for (const subject of ['ir:0061234508', 'IR0061234508', '0061234508@idp.example', 'user|0061234508', 'https://idp.example/people/۰۰۶۱۲۳۴۵۰۸']) {
      expect(codeSpelledBySubject(subject)).toBe('0061234508');
    }
    expect(codeSpelledBySubject('ma:BE123456')).toBe('BE123456');
    // Joined to the text around it by a dash, a dot or an underscore, or spelled with them after a prefix.
    for (const subject of ['ma-BE123456', 'cnie_BE123456', 'BE123456.ma', 'urn.ma.BE123456']) expect(codeSpelledBySubject(subject)).toBe('BE123456');
    expect(codeSpelledBySubject('ir.006-123450-8')).toBe('0061234508');
    expect(codeSpelledBySubject('registrar@guilds')).toBeUndefined();
    // A UUID (Keycloak, Entra ID) is one identifier: its group a567 is no CNIE joined to it by a dash; a code beside it still is.
    expect(codeSpelledBySubject('f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBeUndefined();
    expect(codeSpelledBySubject('kc.f47ac10b-58cc-4372-a567-0e02b2c3d479')).toBeUndefined();
    expect(codeSpelledBySubject('b7ac6bc9-0716-4735-8a82-f62936a89a54')).toBeUndefined();
    expect(codeSpelledBySubject('f47ac10b-58cc-4372-a567-0e02b2c3d479.ma-BE123456')).toBe('BE123456');
    expect(codeSpelledBySubject('service-0061234509')).toBeUndefined();
    expect(subjectNationalCode('ir:0061234508')).toBeUndefined();
  });
});
