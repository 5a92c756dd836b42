import { withIranianCheckDigit } from '../identity/national-code';

/** A person named in the source texts, with a synthetic national code that passes the check digit. */
export interface NamedPerson {
  nationalCode: string;
  fullName: string;
}

/** Everyone named in ../shared/domain.md. Surnames only where the seeds give no first name. */
export const SEED_PEOPLE = {
  saeedTajik: { nationalCode: '0061234508', fullName: 'سعید تاجیک' },
  alirezaMohebali: { nationalCode: '0061234516', fullName: 'علیرضا محبعلی' },
  seifzadeh: { nationalCode: '0061234524', fullName: 'مهندس سیف‌زاده' },
  fatemi: { nationalCode: '0061234532', fullName: 'مهندس فاطمی' },
  sharifi: { nationalCode: '0061234540', fullName: 'مهندس شریفی' },
  // Seed 000 writes her title with an Arabic kaf («سر كارخانم») and her name with a space.
  hajizadeh: { nationalCode: '0061234559', fullName: 'سركار خانم مهندس حاجی زاده' },
  dabiri: { nationalCode: '2281234568', fullName: 'دبیری' },
  jafari: { nationalCode: '2281234576', fullName: 'مهندس جعفری' },
  moradi: { nationalCode: '2281234584', fullName: 'مهندس مرادی' },
  mahmoudzadeh: { nationalCode: '2281234606', fullName: 'وحیدرضا محمودزاده' },
  golpour: { nationalCode: '2281234614', fullName: 'جمشید گلپور' },
  abderrahimZagrani: { nationalCode: 'BE123456', fullName: 'عبد الرحيم الزكراني' },
} satisfies Record<string, NamedPerson>;

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
  return { nationalCode: withIranianCheckDigit(base), fullName: `${first} ${last}` };
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
