import { cleanDisplayText, searchKey, toAsciiDigits } from '../../shared/text/normalize';
import { calendarDate, isoToJalali, jalaliToIso } from '../../shared/text/calendar';

describe('searchKey', () => {
  it('drops the emoji presentation selector stored text keeps after a pictograph', () => {
    expect(searchKey('Lab \u2764\ufe0f')).toBe(searchKey('Lab \u2764'));
  });

  it('folds Arabic kaf and yeh into the Persian letters', () => {
    expect(searchKey('سركار خانم')).toBe(searchKey('سرکار خانم'));
    expect(searchKey('تاجيك')).toBe(searchKey('تاجیک'));
    expect(searchKey('مرتضى')).toBe(searchKey('مرتضی'));
  });

  it('ignores zero-width non-joiners, spaces, diacritics and tatweel', () => {
    expect(searchKey('حاجی‌زاده')).toBe(searchKey('حاجی زاده'));
    expect(searchKey('حاجیزاده')).toBe(searchKey('حاجی زاده'));
    expect(searchKey('مُحَمَّد')).toBe(searchKey('محمد'));
    expect(searchKey('محـــمد')).toBe(searchKey('محمد'));
  });

  it('makes Persian, Arabic-Indic and ASCII digits the same', () => {
    expect(searchKey('کمیته ۱۲')).toBe(searchKey('کمیته 12'));
    expect(searchKey('كمیته ١٢')).toBe(searchKey('کمیته 12'));
    expect(toAsciiDigits('۳۱ خرداد ۱۳۹۱')).toBe('31 خرداد 1391');
  });

  it('makes the digits of every script ASCII, so a name differing only by them is the same name', () => {
    // Devanagari and Bengali zeros look like ours: «Lab ०» was a second organisation «Lab 0» under one parent.
    expect(searchKey('Lab \u0966')).toBe(searchKey('Lab 0'));
    expect(searchKey('Lab \u09e7\u09e6')).toBe(searchKey('Lab 10'));
    expect(searchKey('Lab 2026')).toBe('lab2026');
  });

  it('makes compatibility forms (Arabic presentation forms, full-width letters and digits) the letters they stand for', () => {
    // «ﺁﺯﻣﺎﯾﺸﮕﺎﻩ ﻧﻤﻮﻧﻪ» is «آزمایشگاه نمونه» written in U+FB50-U+FEFF: it looks the same on screen.
    expect(searchKey('\ufe81\ufeaf\ufee3\ufe8e\ufbfe\ufeb8\ufb94\ufe8e\ufee9 \ufee7\ufee4\ufeee\ufee7\ufeea')).toBe(searchKey('آزمایشگاه نمونه'));
    expect(searchKey('ＩＳＯ／ＩＥＣ １７０２５')).toBe(searchKey('ISO/IEC 17025'));
  });

  it('reads the Urdu and Kurdish letters shown like heh as heh', () => {
    expect(searchKey('آزمایشگاە نمونە')).toBe(searchKey('آزمایشگاه نمونه')); // U+06D5 ae
    expect(searchKey('آزمایشگاہ نمونہ')).toBe(searchKey('آزمایشگاه نمونه')); // U+06C1 heh goal
  });

  it('keeps different names apart and lower-cases Latin letters', () => {
    expect(searchKey('فاطمی')).not.toBe(searchKey('فاطمه'));
    expect(searchKey('ISO/IEC 17025')).toBe('iso/iec17025');
  });
});

describe('cleanDisplayText', () => {
  it('trims and folds white space but keeps the letters as written', () => {
    expect(cleanDisplayText('  عبد   الرحيم  ')).toBe('عبد الرحيم');
  });
});

describe('calendar', () => {
  it('turns seed 001 31 Khordad 1391 into 20 June 2012 and back', () => {
    expect(jalaliToIso('۱۳۹۱/۰۳/۳۱')).toBe('2012-06-20');
    expect(isoToJalali('2012-06-20')).toBe('1391-03-31');
    expect(calendarDate('2012-06-21')).toEqual({ iso: '2012-06-21', jalali: '1391-04-01' });
  });

  it('refuses days that do not exist', () => {
    expect(() => jalaliToIso('1391-13-01')).toThrow('not a Solar Hijri date');
    expect(() => isoToJalali('2012-02-30')).toThrow('not a calendar date');
  });
});
