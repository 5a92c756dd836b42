import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { negotiateLocale } from '../../shared/messages/accept-language';
import { formatMessage, MESSAGE_LOCALES, messageCatalog, placeholdersOf, readMessageCatalog } from '../../shared/messages/catalog';
import { localizeError } from '../../shared/messages/localize';

describe('the error message catalog', () => {
  it('gives every message id a text in Persian, Arabic, French and English', () => {
    const catalog = messageCatalog();
    expect(Object.keys(catalog).length).toBeGreaterThan(10);
    const missing = Object.entries(catalog).flatMap(([id, texts]) => MESSAGE_LOCALES.filter((l) => !texts[l]?.trim()).map((l) => `${id}.${l}`));
    expect(missing).toEqual([]);
  });

  it('uses in every translation only parameters the English text or its callers give (no placeholder left unfilled)', () => {
    // English names every parameter an error always carries, except the few that carry extra ones for translations.
    const extra: Record<string, string[]> = {
      NOT_AUTHENTICATED: ['fields', 'requirements'],
      NOT_ALLOWED: ['fields', 'requirements', 'scopes'],
      NOT_GRANTED: ['scopes'],
      QUERY_TOO_DEEP: ['name'],
      TOO_MANY_ALIASES: ['name'],
      TOO_MANY_ALIASES_WITH_ROOM: ['name'],
      TOO_MANY_ROOT_FIELDS: ['name'],
      TOO_MANY_ROOT_FIELDS_WITH_ROOM: ['name'],
      QUERY_TOO_COSTLY: ['name'],
      QUERY_TOO_COSTLY_WITH_ROOM: ['name'],
    };
    const unknown = Object.entries(messageCatalog()).flatMap(([id, texts]) => {
      const known = new Set([...placeholdersOf(texts.en), ...(extra[id] ?? [])]);
      return MESSAGE_LOCALES.flatMap((l) =>
        placeholdersOf(texts[l])
          .filter((p) => !known.has(p))
          .map((p) => `${id}.${l}: {${p}}`),
      );
    });
    expect(unknown).toEqual([]);
  });

  it('refuses a catalog file with a message missing a language, naming it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'messages-'));
    try {
      writeFileSync(join(folder, 'some.messages.yaml'), 'SOME_REFUSAL:\n  en: "No."\n  fr: "Non."\n  fa: "نه."\n');
      expect(() => readMessageCatalog(folder)).toThrow('some.messages.yaml: SOME_REFUSAL has no ar text');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('isolates parameters in Persian and Arabic (FSI ... PDI) and keeps numbers as given', () => {
    expect(formatMessage('NATIONAL_CODE_LENGTH', { input: '123', digits: 3 }, 'fa')).toBe('کد ملی ایرانی ۱۰ رقم دارد؛ «\u2068123\u2069» \u20683\u2069 رقم دارد');
    expect(formatMessage('NATIONAL_CODE_LENGTH', { input: '123', digits: 3 }, 'fr')).toBe('un code national iranien a 10 chiffres ; « 123 » en a 3');
    expect(formatMessage('NO_SUCH_MESSAGE', {}, 'fr')).toBeUndefined();
  });

  it('leaves an error without a message id, or one the catalog lacks, as it was', () => {
    const plain = { message: 'Something', extensions: { code: 'X' } };
    expect(localizeError(plain, 'fa')).toBe(plain);
    const unknown = { message: 'Something', extensions: { code: 'X', messageId: 'NO_SUCH_MESSAGE', params: {} } };
    expect(localizeError(unknown, 'fa')).toEqual(unknown);
  });
});

describe('negotiateLocale (Accept-Language)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fa', 'fa'],
    ['ar-MA', 'ar'],
    ['fr-CA, fr;q=0.8, en;q=0.5', 'fr'],
    ['en;q=0.2, fa;q=0.9, ar;q=0.9', 'fa'],
    ['de, ar;q=0.1', 'ar'],
    ['de, tr', 'en'],
    ['fa;q=0, fr;q=0.3', 'fr'],
    ['*;q=0.5, fr;q=0.4', 'en'],
    ['fa;q=abc, fr;q=0.1', 'fr'],
  ])('%j chooses %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
