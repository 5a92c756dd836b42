import { organisationDocument, participationDocument, personDocument, pick, roleDocument, seededRandom } from '../../shared/demo/builders';
import { NamedPerson, SEED_PEOPLE, SYNTHETIC_RANGES, syntheticPeople } from '../../shared/demo/people';
import { RegistryData, RoleDocument } from '../../shared/registry/documents';
import { instantOfIsoDate } from '../../shared/text/calendar';
import {
  ENGINEERING_DISCIPLINES,
  ENGINEERING_GRADES,
  EngineeringDiscipline,
  EngineeringGrade,
  EngineeringLicenceRecord,
  EngineeringOrganisationDocument,
  EngineeringPersonDocument,
} from './documents';
import { abroadCertificateDemoCollections } from './credentials-data';
import { exportGroupMeetingCollections, exportWorkingGroups } from './governance-data';
import { LICENCE_NUMBERS_COLLECTION, licenceNumberClaims } from './licence-numbers';

export const ENGINEERING_CENTRAL_COUNCIL = 'engineering:central-council';
export const ENGINEERING_EXPORT_JOINT_MEETING = 'engineering:export-joint-meeting';

const GENERAL_ASSEMBLY = 'مجمع عمومی';
/** Seed 000 names the central council's group «صدور» and Tehran's «صادرات». */
const CENTRAL_EXPORT_GROUP = 'کارگروه توسعه صدور خدمات مهندسی';
const PROVINCIAL_EXPORT_GROUP = 'کارگروه توسعه صادرات خدمات مهندسی';

export interface Province {
  slug: string;
  province: string;
  capital: string;
  /** First part of the (synthetic) licence numbers the province issues. */
  code: number;
}

export const PROVINCES: readonly Province[] = [
  { slug: 'tehran', province: 'تهران', capital: 'تهران', code: 1 },
  { slug: 'fars', province: 'فارس', capital: 'شیراز', code: 7 },
  { slug: 'isfahan', province: 'اصفهان', capital: 'اصفهان', code: 3 },
  { slug: 'khorasan-razavi', province: 'خراسان رضوی', capital: 'مشهد', code: 9 },
  { slug: 'east-azerbaijan', province: 'آذربایجان شرقی', capital: 'تبریز', code: 4 },
  { slug: 'khuzestan', province: 'خوزستان', capital: 'اهواز', code: 6 },
  { slug: 'gilan', province: 'گیلان', capital: 'رشت', code: 2 },
  { slug: 'kerman', province: 'کرمان', capital: 'کرمان', code: 8 },
];

/** Provinces besides Tehran whose export working group the demo data fills with synthetic engineers. */
const OTHER_EXPORT_GROUPS = ['fars', 'isfahan', 'khorasan-razavi'] as const;

export const organisationId = (slug: string): string => `engineering:${slug}`;

function provinceOf(slug: string): Province {
  const province = PROVINCES.find((p) => p.slug === slug);
  if (!province) throw new Error(`unknown province "${slug}"`);
  return province;
}

/** Synthetic engineers (by index) whose licence was suspended or revoked, so every status shows. */
const LICENCE_STANDING_CHANGES: Record<number, Pick<EngineeringLicenceRecord, 'suspendedOn' | 'revokedOn'>> = {
  3: { suspendedOn: instantOfIsoDate('2026-08-15') },
  9: { revokedOn: instantOfIsoDate('2026-02-01') },
};

export function licence(province: Province, discipline: EngineeringDiscipline, grade: EngineeringGrade, serial: number, validUntil: string): EngineeringLicenceRecord {
  const disciplineCode = 11 + ENGINEERING_DISCIPLINES.indexOf(discipline);
  return {
    number: `${province.code}-${disciplineCode}-${String(serial).padStart(5, '0')}`,
    discipline,
    grade,
    province: province.province,
    provincialOrganisationId: organisationId(province.slug),
    validUntil: instantOfIsoDate(validUntil),
  };
}

/** The central council: the same document in the demo data and the scale data. */
export const centralCouncil = (): EngineeringOrganisationDocument =>
  organisationDocument(ENGINEERING_CENTRAL_COUNCIL, 'شورای مرکزی سازمان نظام مهندسی ساختمان', 'CENTRAL_COUNCIL', { city: 'تهران' });

/** A province's engineering organisation: the same document in the demo data and the scale data. */
export const provincialOrganisation = (p: Province): EngineeringOrganisationDocument =>
  organisationDocument(organisationId(p.slug), `سازمان نظام مهندسی ساختمان استان ${p.province}`, 'PROVINCIAL_ORGANISATION', {
    city: p.capital,
    province: p.province,
  });

function organisations(): EngineeringOrganisationDocument[] {
  return [centralCouncil(), ...PROVINCES.map(provincialOrganisation)];
}

/** A licensed engineer is a member of the general assembly of the provincial organisation that licensed them. */
export const assemblyMembership = (person: EngineeringPersonDocument): RoleDocument =>
  roleDocument({
    nationalCode: person._id,
    organisationId: person.licence!.provincialOrganisationId,
    body: GENERAL_ASSEMBLY,
    bodyKind: 'GENERAL_ASSEMBLY',
    position: 'MEMBER',
  });

/** The Construction Engineering Organisation as seed 000 describes it, with synthetic provincial members. */
export function engineeringDemoData(): RegistryData<EngineeringPersonDocument, EngineeringOrganisationDocument> {
  const tehran = provinceOf('tehran');
  const seedEngineers: [NamedPerson, EngineeringLicenceRecord][] = [
    [SEED_PEOPLE.seifzadeh, licence(tehran, 'CIVIL', 'SENIOR', 10524, '2028-03-19')],
    [SEED_PEOPLE.fatemi, licence(tehran, 'ARCHITECTURE', 'GRADE_1', 21307, '2027-09-22')],
    [SEED_PEOPLE.sharifi, licence(tehran, 'MECHANICAL', 'GRADE_1', 30418, '2029-01-20')],
    [SEED_PEOPLE.hajizadeh, licence(tehran, 'CIVIL', 'GRADE_2', 41290, '2027-06-21')],
  ];

  const random = seededRandom(1391);
  const synthetic = syntheticPeople(...SYNTHETIC_RANGES.engineering).map((person, i) => {
    const province = pick(random, PROVINCES);
    const discipline = pick(random, ENGINEERING_DISCIPLINES);
    const grade = pick(random, ENGINEERING_GRADES);
    const year = 2026 + Math.floor(random() * 5);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const issued = licence(province, discipline, grade, 50000 + i * 37, `${year}-${month}-${day}`);
    return personDocument(person, { licence: { ...issued, ...LICENCE_STANDING_CHANGES[i] } });
  });

  const people: EngineeringPersonDocument[] = [...seedEngineers.map(([person, record]) => personDocument(person, { licence: record })), ...synthetic];

  const exportGroupRoles = OTHER_EXPORT_GROUPS.flatMap((slug) => {
    const members = synthetic.filter((person) => person.licence.provincialOrganisationId === organisationId(slug)).slice(0, 4);
    return members.map((person, i) =>
      roleDocument({
        nationalCode: person._id,
        organisationId: organisationId(slug),
        body: PROVINCIAL_EXPORT_GROUP,
        bodyKind: 'WORKING_GROUP',
        position: i === 0 ? 'CHAIR' : i === 1 ? 'SECRETARY' : 'MEMBER',
      }),
    );
  });

  const roles: RoleDocument[] = [
    roleDocument({
      nationalCode: SEED_PEOPLE.seifzadeh.nationalCode,
      organisationId: ENGINEERING_CENTRAL_COUNCIL,
      body: CENTRAL_EXPORT_GROUP,
      bodyKind: 'WORKING_GROUP',
      position: 'CHAIR',
    }),
    roleDocument({
      nationalCode: SEED_PEOPLE.hajizadeh.nationalCode,
      organisationId: ENGINEERING_CENTRAL_COUNCIL,
      body: CENTRAL_EXPORT_GROUP,
      bodyKind: 'WORKING_GROUP',
      position: 'SECRETARY',
    }),
    roleDocument({
      nationalCode: SEED_PEOPLE.fatemi.nationalCode,
      organisationId: organisationId('tehran'),
      body: PROVINCIAL_EXPORT_GROUP,
      bodyKind: 'WORKING_GROUP',
      position: 'CHAIR',
    }),
    roleDocument({
      nationalCode: SEED_PEOPLE.sharifi.nationalCode,
      organisationId: organisationId('tehran'),
      body: PROVINCIAL_EXPORT_GROUP,
      bodyKind: 'WORKING_GROUP',
      position: 'VICE_CHAIR',
    }),
    ...exportGroupRoles,
    ...people.map(assemblyMembership),
  ];

  const exportGroupProvinces = ['tehran', ...OTHER_EXPORT_GROUPS];
  const workingGroups = exportWorkingGroups(roles, organisations(), ENGINEERING_CENTRAL_COUNCIL, [CENTRAL_EXPORT_GROUP, PROVINCIAL_EXPORT_GROUP]);

  return {
    organisations: organisations(),
    people,
    roles,
    projects: [
      {
        _id: ENGINEERING_EXPORT_JOINT_MEETING,
        kind: 'PROJECT',
        title: 'نشست مشترک کارگروه‌های صادرات خدمات مهندسی سراسر کشور',
        mandate:
          'برگزاری نشست مشترک شورای مرکزی با اعضای کارگروه‌های صادرات خدمات مهندسی همه استان‌ها، برای تنظیم یک نقشه راه واحد ' +
          'و مشخص کردن نحوه ورود سازمان نظام مهندسی به صادرات خدمات مهندسی، هماهنگی استان‌ها با شورای مرکزی و پرهیز از موازی‌کاری؛ ' +
          'و بررسی صدور certificate (گواهی‌نامه) برای مهندسانی که قصد فعالیت در خارج از کشور، از جمله قطر، را دارند، ' +
          'همراه با دوره‌های آموزشی آن و مقبولیت آن در کشور مقصد',
        status: 'PLANNED',
      },
      // Seed 000: the central council's and the provinces' export working groups, with their seats.
      ...workingGroups.projects,
    ],
    participations: [
      participationDocument(ENGINEERING_EXPORT_JOINT_MEETING, ENGINEERING_CENTRAL_COUNCIL, 'LEAD', 'برگزاری نشست و تدوین نقشه راه صادرات خدمات مهندسی'),
      ...exportGroupProvinces.map((slug) =>
        participationDocument(
          ENGINEERING_EXPORT_JOINT_MEETING,
          organisationId(slug),
          'COOPERATING',
          slug === 'tehran' ? 'گزارش فعالیت‌های کارگروه توسعه صادرات و پیشنهاد ساختار متکی به شورای مرکزی' : `گزارش فعالیت‌های کارگروه صادرات استان ${provinceOf(slug).province}`,
        ),
      ),
      ...workingGroups.participations,
    ],
    extra: [
      ...workingGroups.extra,
      // Seed 000: the central council's working group meets Tehran's.
      ...exportGroupMeetingCollections(ENGINEERING_CENTRAL_COUNCIL, organisationId('tehran'), ENGINEERING_EXPORT_JOINT_MEETING),
      // Seed 000: training courses completed and certificates for working abroad (credentials-data.ts).
      ...abroadCertificateDemoCollections(
        synthetic.map((person) => person._id),
        (code) => people.find((person) => person._id === code)?.licence?.validUntil,
      ),
      // Each licence number claimed by its engineer (licence-numbers.ts).
      { collection: LICENCE_NUMBERS_COLLECTION, documents: licenceNumberClaims(people) },
    ],
  };
}
