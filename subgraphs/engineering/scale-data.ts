import { personDocument, pick } from '../../shared/demo/builders';
import { checkScaleSize, indexRandom, scalePerson } from '../../shared/demo/scale';
import { DEFAULT_BATCH_SIZE, DocumentBatch, inBatches } from '../../shared/registry/scale';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { requiredCourses } from './courses';
import { abroadCertificate, completionsFor, withinLicence } from './credentials-data';
import { assemblyMembership, centralCouncil, licence, Province, PROVINCES, provincialOrganisation } from './demo-data';
import { ENGINEERING_DISCIPLINES, ENGINEERING_GRADES, EngineeringPersonDocument } from './documents';
import { LICENCE_NUMBERS_COLLECTION, licenceNumberClaims } from './licence-numbers';

/**
 * All 31 provinces, each with its engineering organisation: the demo data's eight (same ids, names
 * and licence codes) and the other 23 (licence codes 5 and 10 to 31).
 */
export const ALL_PROVINCES: readonly Province[] = [
  ...PROVINCES,
  ...(
    [
      ['west-azerbaijan', 'آذربایجان غربی', 'ارومیه'],
      ['ardabil', 'اردبیل', 'اردبیل'],
      ['alborz', 'البرز', 'کرج'],
      ['ilam', 'ایلام', 'ایلام'],
      ['bushehr', 'بوشهر', 'بوشهر'],
      ['chaharmahal-bakhtiari', 'چهارمحال و بختیاری', 'شهرکرد'],
      ['south-khorasan', 'خراسان جنوبی', 'بیرجند'],
      ['north-khorasan', 'خراسان شمالی', 'بجنورد'],
      ['zanjan', 'زنجان', 'زنجان'],
      ['semnan', 'سمنان', 'سمنان'],
      ['sistan-baluchestan', 'سیستان و بلوچستان', 'زاهدان'],
      ['qazvin', 'قزوین', 'قزوین'],
      ['qom', 'قم', 'قم'],
      ['kurdistan', 'کردستان', 'سنندج'],
      ['kermanshah', 'کرمانشاه', 'کرمانشاه'],
      ['kohgiluyeh-boyer-ahmad', 'کهگیلویه و بویراحمد', 'یاسوج'],
      ['golestan', 'گلستان', 'گرگان'],
      ['lorestan', 'لرستان', 'خرم‌آباد'],
      ['mazandaran', 'مازندران', 'ساری'],
      ['markazi', 'مرکزی', 'اراک'],
      ['hormozgan', 'هرمزگان', 'بندرعباس'],
      ['hamedan', 'همدان', 'همدان'],
      ['yazd', 'یزد', 'یزد'],
    ] as const
  ).map(([slug, province, capital], i) => ({ slug, province, capital, code: i === 0 ? 5 : 9 + i })),
];

/** Scale licence serials start here, above every demo serial, so no scale licence number equals a demo one. */
const FIRST_SCALE_SERIAL = 100_000;

/** How big the engineering registry of a given size is: `size` members over the 31 provincial organisations. */
export function engineeringScaleCounts(size: number) {
  checkScaleSize(size, 'engineering members');
  const courseTakers = Math.ceil(size / COURSE_TAKER_EVERY);
  return {
    members: size,
    provincialOrganisations: ALL_PROVINCES.length,
    organisations: ALL_PROVINCES.length + 1,
    roles: size,
    courseCompletions: courseTakers * requiredCourses('QA').length,
    abroadCertificates: Math.ceil(size / CERTIFICATE_HOLDER_EVERY),
    licenceNumbers: size,
  };
}

const SCALE_COURSES_COMPLETED_ON = instantOfIsoDate('2025-05-01');
/** Member i took the courses for Qatar when i is a multiple of this; holds a certificate for it when a multiple of the next. */
const COURSE_TAKER_EVERY = 25;
const CERTIFICATE_HOLDER_EVERY = 50;
const scaleCode = (index: number): string => scalePerson('engineering', index).nationalCode;

/** Member i: a licence from a province, discipline and grade picked for i alone. */
function member(index: number): EngineeringPersonDocument {
  const random = indexRandom(1391, index);
  const province = pick(random, ALL_PROVINCES);
  const discipline = pick(random, ENGINEERING_DISCIPLINES);
  const grade = pick(random, ENGINEERING_GRADES);
  const year = 2026 + Math.floor(random() * 5);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  return personDocument(scalePerson('engineering', index), {
    licence: licence(province, discipline, grade, FIRST_SCALE_SERIAL + index, `${year}-${month}-${day}`),
  });
}

/**
 * A synthetic engineering registry of `size` members, shaped like the demo data: the central
 * council and all 31 provincial organisations, each member licensed by one of them and sitting in
 * its general assembly. Deterministic, and generated batch by batch (never more than one batch in memory).
 */
export function* engineeringScaleData(size: number, batchSize = DEFAULT_BATCH_SIZE): Generator<DocumentBatch> {
  engineeringScaleCounts(size);
  yield* inBatches('organisations', ALL_PROVINCES.length + 1, (i) => (i === 0 ? centralCouncil() : provincialOrganisation(ALL_PROVINCES[i - 1]!)), batchSize);
  yield* inBatches('people', size, member, batchSize);
  // Each member's licence number, claimed (licence-numbers.ts).
  yield* inBatches(LICENCE_NUMBERS_COLLECTION, size, (i) => licenceNumberClaims([member(i)]), batchSize);
  // The role needs the member's licence; generating the member again keeps one batch in memory.
  yield* inBatches('roles', size, (i) => assemblyMembership(member(i)), batchSize);
  // Seed 000: one member in 25 took the courses for working in Qatar; one in 50 holds the certificate.
  yield* inBatches('courseCompletions', size, (i) => (i % COURSE_TAKER_EVERY === 0 ? completionsFor(scaleCode(i), 'QA', SCALE_COURSES_COMPLETED_ON) : undefined), batchSize);
  yield* inBatches(
    'abroadCertificates',
    size,
    (i) =>
      i % CERTIFICATE_HOLDER_EVERY === 0
        ? withinLicence(abroadCertificate(`EXP-S${String(i + 1).padStart(7, '0')}`, scaleCode(i), 'QA', '2025-06-01', '2027-05-31'), member(i).licence?.validUntil)
        : undefined,
    batchSize,
  );
}
