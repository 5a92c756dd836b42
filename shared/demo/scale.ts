import { withIranianCheckDigit } from '../identity/national-code';
import { NamedPerson } from './people';
import { seededRandom } from './builders';

/**
 * The people of the generated scale registries (`subgraphs/<key>/scale-data.ts`).
 *
 * Each registry's i-th scale person takes a national code from a numeric range of its own
 * (`SCALE_CODE_BASES`, far from the demo people's 006..., 228... and 310...-311...), except in the
 * shared slots below, where the i-th person of several registries is the same person, taken from
 * one of those registries' ranges. So, when two registries are generated at sizes covering the
 * same indexes, the fraction of members they share is known:
 *
 * | registries | shared slots (of every 20) | shared fraction |
 * | --- | --- | --- |
 * | labs and auditors | 0, 1, 6 | 15 % |
 * | auditors and engineering | 2, 3, 6 | 15 % |
 * | engineering and guilds | 4, 6 | 10 % |
 * | labs and engineering | 5, 6 | 10 % |
 * | labs and guilds, auditors and guilds, all four | 6 | 5 % |
 *
 * (For guilds the index runs over unit owners, about 0.8 per unit.)
 */
/** The registries the demo and scale data were written for (demo data: it may name them). */
export type DemoRegistryKey = 'labs' | 'auditors' | 'engineering' | 'guilds';

export const SCALE_CODE_BASES: Readonly<Record<DemoRegistryKey, number>> = {
  labs: 500_000_000,
  auditors: 520_000_000,
  engineering: 540_000_000,
  guilds: 560_000_000,
};

/** The largest number of scale people one registry may have: the ranges above never meet below it. */
export const MAX_SCALE_PEOPLE = 10_000_000;

export const SHARED_SLOT_PERIOD = 20;

/** Slot (index modulo 20) -> whose range the person comes from, and which registries hold them. */
export const SHARED_SLOTS: ReadonlyMap<number, { source: DemoRegistryKey; registries: readonly DemoRegistryKey[] }> = new Map([
  [0, { source: 'labs', registries: ['labs', 'auditors'] }],
  [1, { source: 'labs', registries: ['labs', 'auditors'] }],
  [2, { source: 'auditors', registries: ['auditors', 'engineering'] }],
  [3, { source: 'auditors', registries: ['auditors', 'engineering'] }],
  [4, { source: 'engineering', registries: ['engineering', 'guilds'] }],
  [5, { source: 'labs', registries: ['labs', 'engineering'] }],
  [6, { source: 'labs', registries: ['labs', 'auditors', 'engineering', 'guilds'] }],
]);

/** The fraction of the i-th scale people two registries share (see the table above). */
export function sharedScaleFraction(a: DemoRegistryKey, b: DemoRegistryKey): number {
  let slots = 0;
  for (const { registries } of SHARED_SLOTS.values()) if (registries.includes(a) && registries.includes(b)) slots += 1;
  return a === b ? 1 : slots / SHARED_SLOT_PERIOD;
}

/** Whose code range the i-th scale person of a registry comes from. */
export function scaleSource(registry: DemoRegistryKey, index: number): DemoRegistryKey {
  const shared = SHARED_SLOTS.get(index % SHARED_SLOT_PERIOD);
  return shared && shared.registries.includes(registry) ? shared.source : registry;
}

const FIRST_NAMES = [
  'محمد',
  'علی',
  'حسین',
  'رضا',
  'مهدی',
  'فاطمه',
  'زهرا',
  'مریم',
  'سارا',
  'نرگس',
  'امیر',
  'حمید',
  'مجید',
  'لیلا',
  'الهام',
  'کاوه',
  'بهرام',
  'پریسا',
  'نسرین',
  'یاسر',
  'محمدرضا',
  'علیرضا',
  'غلامحسین',
  'سمیه',
  'معصومه',
  'فرزانه',
  'کامران',
  'داریوش',
  'شیرین',
  'آرش',
  'بهاره',
  'مرتضی',
  'مصطفی',
  'زینب',
  'طاهره',
  'منصور',
  'هادی',
  'ناصر',
  'رویا',
  'ابراهیم',
];
const SURNAMES = [
  'احمدی',
  'کریمی',
  'رضایی',
  'موسوی',
  'حسینی',
  'صادقی',
  'رحیمی',
  'نوری',
  'کاظمی',
  'جعفرزاده',
  'یزدانی',
  'شیرازی',
  'اصفهانی',
  'تهرانی',
  'کرمانی',
  'قاسمی',
  'عباسی',
  'فرهادی',
  'سلیمانی',
  'بهرامی',
  'ملکی',
  'محمدی',
  'حیدری',
  'نجفی',
  'رستمی',
  'زارعی',
  'دهقان',
  'کشاورز',
  'فولادی',
  'جهرمی',
  'کازرونی',
  'فسایی',
  'لاری',
  'مرودشتی',
  'داوری',
  'امینی',
  'پورمحمدی',
  'حاجی‌زاده',
  'نیک‌نام',
  'قربانی',
  'میرزایی',
  'طاهری',
  'اکبری',
  'باقری',
  'شریفی',
  'صفری',
  'خسروی',
  'افشار',
  'وکیلی',
  'ایزدی',
];

/** A 32-bit hash of two numbers, for picks that depend on an index only (not on what came before). */
export function mix(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The pseudo-random sequence of one generated document: the same for the same seed and index
 * whichever batch the document falls in, so a batch never depends on the ones before it.
 */
export const indexRandom = (seed: number, index: number): (() => number) => seededRandom(mix(seed, index));

/** The i-th person of a registry's range: the same name and code wherever they appear. */
function rangePerson(source: DemoRegistryKey, index: number): NamedPerson {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SCALE_PEOPLE) {
    throw new RangeError(`scale person ${index} is outside 0..${MAX_SCALE_PEOPLE - 1}`);
  }
  const base = SCALE_CODE_BASES[source] + index;
  const h = mix(base, 0x5ca1e);
  const first = FIRST_NAMES[h % FIRST_NAMES.length]!;
  const last = SURNAMES[Math.floor(h / FIRST_NAMES.length) % SURNAMES.length]!;
  return { nationalCode: withIranianCheckDigit(String(base)), fullName: `${first} ${last}`, givenName: first, familyName: last };
}

/** The i-th scale person of a registry: from its own range, or, in a shared slot, the shared person. */
export const scalePerson = (registry: DemoRegistryKey, index: number): NamedPerson => rangePerson(scaleSource(registry, index), index);

/** Checks a generator's size argument: a whole number from 1 up. */
export function checkScaleSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`the scale size (${what}) must be a whole number from 1 up; got ${size}`);
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
/** 12 -> «۱۲», for numbers inside Persian names. */
export const persianNumber = (n: number): string => String(n).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);
