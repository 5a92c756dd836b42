import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoCollection } from '../../shared/registry/documents';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { jalaliToIso } from '../../shared/text/calendar';
import { requiredCourses } from './courses';
import { AbroadCertificateDocument, CourseCompletionDocument, courseCompletionId } from './documents';

const jalaliDay = (jalali: string): Date => instantOfIsoDate(jalaliToIso(jalali));

const completion = (nationalCode: string, courseId: string, completedOn: Date): CourseCompletionDocument => ({
  _id: courseCompletionId(nationalCode, courseId),
  nationalCode,
  courseId,
  completedOn,
});

/** Every course a certificate for `country` requires, completed on `completedOn`. */
export const completionsFor = (nationalCode: string, country: string, completedOn: Date): CourseCompletionDocument[] =>
  requiredCourses(country).map((course) => completion(nationalCode, course.id, completedOn));

export function abroadCertificate(
  number: string,
  nationalCode: string,
  country: string,
  validFrom: string,
  validUntil: string,
  stopped: Pick<AbroadCertificateDocument, 'suspendedOn' | 'revokedOn'> = {},
): AbroadCertificateDocument {
  return {
    _id: number,
    nationalCode,
    country,
    courseIds: requiredCourses(country).map((course) => course.id),
    validFrom: instantOfIsoDate(validFrom),
    validUntil: instantOfIsoDate(validUntil),
    ...stopped,
  };
}

/**
 * Seed 000's export working group and the certificate it proposed: Fatemi and Seifzadeh took the
 * courses for Qatar and hold certificates for it (Seifzadeh's runs out at the end of 2026);
 * Hajizadeh's certificate for Iraq has expired; Sharifi has done two of the general courses only.
 * A few synthetic engineers (`synthetic`: their national codes) took courses for Oman; one of
 * their certificates was revoked.
 */
export function abroadCertificateDemoCollections(synthetic: readonly string[], licenceEnd: (nationalCode: string) => Date | undefined): DemoCollection[] {
  const { fatemi, seifzadeh, hajizadeh, sharifi } = SEED_PEOPLE;
  const completions: CourseCompletionDocument[] = [
    ...completionsFor(fatemi.nationalCode, 'QA', jalaliDay('1404-05-20')),
    ...completionsFor(seifzadeh.nationalCode, 'QA', jalaliDay('1404-02-30')),
    ...completionsFor(hajizadeh.nationalCode, 'IQ', jalaliDay('1403-01-25')),
    completion(sharifi.nationalCode, 'engineering:course-export-of-services', jalaliDay('1404-07-12')),
    completion(sharifi.nationalCode, 'engineering:course-fidic-contracts', jalaliDay('1404-08-03')),
    ...synthetic.slice(0, 6).flatMap((code, i) => completionsFor(code, 'OM', jalaliDay(`1404-0${1 + i}-10`))),
  ];
  const certificates: AbroadCertificateDocument[] = [
    abroadCertificate('EXP-1404-0001', fatemi.nationalCode, 'QA', '2025-10-01', '2027-09-30'),
    abroadCertificate('EXP-1404-0002', seifzadeh.nationalCode, 'QA', '2025-06-01', '2026-12-31'),
    abroadCertificate('EXP-1403-0003', hajizadeh.nationalCode, 'IQ', '2024-05-01', '2026-04-30'),
    ...synthetic
      .slice(0, 3)
      .map((code, i) => abroadCertificate(`EXP-1404-00${11 + i}`, code, 'OM', '2025-09-01', '2027-08-31', i === 2 ? { revokedOn: instantOfIsoDate('2026-05-10') } : {})),
  ].map((certificate) => withinLicence(certificate, licenceEnd(certificate.nationalCode)));
  return [
    { collection: 'courseCompletions', documents: completions },
    { collection: 'abroadCertificates', documents: certificates },
  ];
}

/** A certificate for working abroad may not outlast its holder's licence: one that would ends with it. */
export function withinLicence(certificate: AbroadCertificateDocument, licenceEnd: Date | undefined): AbroadCertificateDocument {
  return licenceEnd && certificate.validUntil && certificate.validUntil.getTime() > licenceEnd.getTime() ? { ...certificate, validUntil: licenceEnd } : certificate;
}
