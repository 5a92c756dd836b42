import { withIranianCheckDigit } from '../identity/national-code';
import { nameParts } from '../text/person-name';

/** A person named in the source texts, with a synthetic national code that passes the check digit. */
export interface NamedPerson {
  nationalCode: string;
  /** The name as the seeds write it, titles included («مهندس سیف‌زاده»): what minutes and reports quote. */
  fullName: string;
  /** The given name, where the seeds give it. */
  givenName?: string;
  /** The family name, where the seeds give it (the records keep titles apart: shared/text/person-name.ts). */
  familyName?: string;
}

/** Everyone named in ../shared/domain.md, with the given and family names the seeds give (a surname alone where they give no first name). */
export const SEED_PEOPLE = {
  saeedTajik: { nationalCode: '0061234508', fullName: 'سعید تاجیک', givenName: 'سعید', familyName: 'تاجیک' },
  alirezaMohebali: { nationalCode: '0061234516', fullName: 'علیرضا محبعلی', givenName: 'علیرضا', familyName: 'محبعلی' },
  seifzadeh: { nationalCode: '0061234524', fullName: 'مهندس سیف‌زاده', familyName: 'سیف‌زاده' },
  fatemi: { nationalCode: '0061234532', fullName: 'مهندس فاطمی', familyName: 'فاطمی' },
  sharifi: { nationalCode: '0061234540', fullName: 'مهندس شریفی', familyName: 'شریفی' },
  // Seed 000 writes her title with an Arabic kaf («سر كارخانم») and her name with a space.
  hajizadeh: { nationalCode: '0061234559', fullName: 'سركار خانم مهندس حاجی زاده', familyName: 'حاجی زاده' },
  dabiri: { nationalCode: '2281234568', fullName: 'دبیری', familyName: 'دبیری' },
  jafari: { nationalCode: '2281234576', fullName: 'مهندس جعفری', familyName: 'جعفری' },
  moradi: { nationalCode: '2281234584', fullName: 'مهندس مرادی', familyName: 'مرادی' },
  mahmoudzadeh: { nationalCode: '2281234606', fullName: 'وحیدرضا محمودزاده', givenName: 'وحیدرضا', familyName: 'محمودزاده' },
  golpour: { nationalCode: '2281234614', fullName: 'جمشید گلپور', givenName: 'جمشید', familyName: 'گلپور' },
  abderrahimZagrani: { nationalCode: 'BE123456', fullName: 'عبد الرحيم الزكراني', givenName: 'عبد الرحيم', familyName: 'الزكراني' },
} satisfies Record<string, NamedPerson>;

/** The name a demo person's record shows (`fullName`): titles apart, «…زاده» written with a joiner. */
export const recordName = (person: NamedPerson): string => nameParts(person.fullName, person).fullName;

/** Cities demo and scale organisations are spread over; the demo data uses the first eight. */
export const IRANIAN_CITIES = ['تهران', 'اصفهان', 'شیراز', 'مشهد', 'تبریز', 'کرج', 'قم', 'اهواز', 'کرمان', 'رشت', 'یزد', 'همدان', 'اراک', 'ارومیه', 'زاهدان', 'بندرعباس'] as const;

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
];

/**
 * The i-th synthetic person, the same in every registry that includes them: registries take
 * overlapping ranges of these, so shared members exist beyond the ones the seeds name.
 */
export function syntheticPerson(index: number): NamedPerson {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const last = SURNAMES[Math.floor(index / FIRST_NAMES.length) % SURNAMES.length]!;
  const base = String(310_000_000 + index * 7_919).padStart(9, '0');
  return { nationalCode: withIranianCheckDigit(base), fullName: `${first} ${last}`, givenName: first, familyName: last };
}

export function syntheticPeople(from: number, to: number): NamedPerson[] {
  const people: NamedPerson[] = [];
  for (let index = from; index < to; index += 1) people.push(syntheticPerson(index));
  return people;
}

/** Which synthetic people each registry holds; the overlaps are the shared members. */
export const SYNTHETIC_RANGES = {
  labs: [0, 60],
  auditors: [40, 100],
  engineering: [80, 150],
  guilds: [130, 230],
} as const;
