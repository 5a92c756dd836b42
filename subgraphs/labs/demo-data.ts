import { organisationDocument, participationDocument, personDocument, pick, roleDocument, seededRandom } from '../../shared/demo/builders';
import { IRANIAN_CITIES, SEED_PEOPLE, SYNTHETIC_RANGES, syntheticPeople } from '../../shared/demo/people';
import { persianNumber } from '../../shared/demo/scale';
import { RegistryData, RoleDocument } from '../../shared/registry/documents';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { LabAccreditationRecord, LabsOrganisationDocument, LabsPersonDocument } from './documents';

export const LABS_ASSOCIATION = 'labs:association';
const BOARD = 'هیئت مدیره';

const CITIES = IRANIAN_CITIES.slice(0, 8);
export const TESTING_FIELDS = ['مواد ساختمانی', 'مواد غذایی', 'آب و پساب', 'فرآورده‌های نفتی', 'منسوجات', 'لوازم خانگی'];
export const CALIBRATION_FIELDS = ['جرم و ترازو', 'دما', 'فشار', 'ابعاد و طول', 'کمیت‌های الکتریکی'];
export const EXPERTISE = ['آزمون مواد ساختمانی', 'کالیبراسیون', 'شیمی تجزیه', 'میکروبیولوژی', 'مدیریت کیفیت'];

/** The association itself: the same document in the demo data and the scale data. */
export const labsAssociation = (): LabsOrganisationDocument =>
  organisationDocument(LABS_ASSOCIATION, 'انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران', 'ASSOCIATION', { city: 'تهران' });

/** Demo laboratories whose accreditation was suspended or revoked (by index), so every status shows. */
const LAB_STANDING_CHANGES: Record<number, Pick<LabAccreditationRecord, 'suspendedOn' | 'revokedOn'>> = {
  6: { suspendedOn: instantOfIsoDate('2026-09-01') },
  14: { revokedOn: instantOfIsoDate('2026-03-10') },
};

function laboratories(): LabsOrganisationDocument[] {
  const random = seededRandom(17025);
  return Array.from({ length: 24 }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const calibration = i % 3 === 2;
    const city = CITIES[i % CITIES.length]!;
    const field = calibration ? pick(random, CALIBRATION_FIELDS) : pick(random, TESTING_FIELDS);
    const year = 2023 + (i % 4);
    return organisationDocument(`labs:lab-${n}`, `آزمایشگاه ${calibration ? 'واسنجی' : 'آزمون'} ${field} ${city} شماره ${persianNumber(i + 1)}`, 'LABORATORY', {
      city,
      accreditation: {
        standard: 'ISO/IEC 17025',
        scope: calibration ? 'CALIBRATION' : 'TESTING',
        fields: [field],
        certificateNumber: `NACI-${calibration ? 'C' : 'T'}-${n}`,
        validFrom: instantOfIsoDate(`${year}-0${1 + (i % 9)}-15`),
        validUntil: instantOfIsoDate(`${year + 3}-0${1 + (i % 9)}-14`),
        ...LAB_STANDING_CHANGES[i],
      },
    });
  });
}

/** The labs association as seed 002 describes it, with synthetic laboratories and members. */
export function labsDemoData(): RegistryData<LabsPersonDocument, LabsOrganisationDocument> {
  const labs = laboratories();
  const synthetic = syntheticPeople(...SYNTHETIC_RANGES.labs);
  const random = seededRandom(2);
  const people = [
    personDocument(SEED_PEOPLE.alirezaMohebali, { expertise: 'مدیریت کیفیت' }),
    personDocument(SEED_PEOPLE.saeedTajik, { expertise: 'ممیزی و بازرسی' }),
    ...synthetic.map((person) => personDocument(person, { expertise: pick(random, EXPERTISE) })),
  ];
  const boardMembers = synthetic.slice(0, 5);
  const roles: RoleDocument[] = [
    roleDocument({ nationalCode: SEED_PEOPLE.alirezaMohebali.nationalCode, organisationId: LABS_ASSOCIATION, body: BOARD, bodyKind: 'BOARD', position: 'CHAIR' }),
    roleDocument({ nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, organisationId: LABS_ASSOCIATION, body: BOARD, bodyKind: 'BOARD', position: 'BOARD_MEMBER' }),
    ...boardMembers.map((person, i) =>
      roleDocument({
        nationalCode: person.nationalCode,
        organisationId: LABS_ASSOCIATION,
        body: BOARD,
        bodyKind: 'BOARD',
        position: i === 0 ? 'SECRETARY' : i === 1 ? 'TREASURER' : 'BOARD_MEMBER',
      }),
    ),
    ...synthetic.map((person, i) =>
      roleDocument({
        nationalCode: person.nationalCode,
        organisationId: labs[i % labs.length]!._id,
        body: 'مدیریت آزمایشگاه',
        bodyKind: 'MANAGEMENT',
        position: i < labs.length ? 'CHIEF_EXECUTIVE' : 'TECHNICAL_MANAGER',
      }),
    ),
  ];
  return {
    organisations: [labsAssociation(), ...labs],
    people,
    roles,
    projects: [
      {
        _id: 'labs:joint-research',
        kind: 'PROJECT',
        title: 'پروژه مشترک تحقیقاتی انجمن و جامعه ممیزی',
        mandate: 'تعریف و اجرای پروژه‌های مشترک تحقیقاتی در ارتقای خدمات کیفیت، از طریق کارگروه تخصصی مشترک دو تشکل',
        status: 'PLANNED',
      },
      {
        _id: 'labs:joint-training',
        kind: 'PROJECT',
        title: 'دوره‌های آموزشی مشترک برای اعضای دو تشکل',
        mandate: 'برگزاری دوره‌های آموزشی مشترک و اشتراک تجارب و دانش میان اعضای هیئت مدیره و اعضای دو تشکل',
        status: 'PLANNED',
      },
    ],
    participations: [
      participationDocument('labs:joint-research', LABS_ASSOCIATION, 'LEAD', 'راهبری کارگروه مشترک تحقیقاتی'),
      participationDocument('labs:joint-training', LABS_ASSOCIATION, 'LEAD', 'تدوین برنامه آموزشی'),
      participationDocument('labs:joint-training', 'labs:lab-0001', 'COOPERATING', 'میزبانی دوره‌های عملی آزمون'),
      // Seed 002: the association names the society in both joint projects; the society's own registry records its part.
      participationDocument('labs:joint-research', 'auditors:society', 'COOPERATING'),
      participationDocument('labs:joint-training', 'auditors:society', 'COOPERATING'),
      participationDocument('auditors:joint-supervision', LABS_ASSOCIATION, 'COOPERATING', 'ارزیابی عملکرد حرفه‌ای آزمایشگاه‌های عضو'),
    ],
  };
}
