import { organisationDocument, participationDocument, personDocument, pick, roleDocument, seededRandom } from '../../shared/demo/builders';
import { IRANIAN_CITIES, NamedPerson, SEED_PEOPLE, SYNTHETIC_RANGES, syntheticPeople } from '../../shared/demo/people';
import { Position, RegistryData, RoleDocument } from '../../shared/registry/documents';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { AuditorCertificationDocument, AuditorCertificationKind, AuditorGrade, AuditorsOrganisationDocument, AuditorsPersonDocument, INSPECTION_BODY_TYPES } from './documents';
import { jointBoardMeetingCollections } from './governance-data';

export const AUDITORS_SOCIETY = 'auditors:society';
const BOARD = 'هیئت مدیره';
const GENERAL_ASSEMBLY = 'مجمع عمومی';
export const MANAGEMENT = 'مدیریت شرکت بازرسی';

const CITIES = IRANIAN_CITIES.slice(0, 8);
export const INSPECTION_FIELDS = ['جوشکاری', 'مخازن تحت فشار', 'آسانسور و پله برقی', 'کالا پیش از حمل', 'تأسیسات نفت و گاز', 'سازه‌های فلزی'];
const AUDIT_FIELDS = [
  'سیستم مدیریت کیفیت ISO 9001',
  'سیستم مدیریت محیط زیست ISO 14001',
  'سیستم مدیریت ایمنی و بهداشت شغلی ISO 45001',
  'سیستم مدیریت ایمنی مواد غذایی ISO 22000',
  'سیستم مدیریت انرژی ISO 50001',
];
export const INSPECTION_TYPES = INSPECTION_BODY_TYPES;
const KINDS: readonly AuditorCertificationKind[] = ['AUDITOR', 'LEAD_AUDITOR', 'INSPECTOR', 'TECHNICAL_EXPERT'];
const GRADES: readonly AuditorGrade[] = ['GRADE_1', 'GRADE_2', 'GRADE_3'];
const BOARD_POSITIONS: readonly Position[] = ['VICE_CHAIR', 'SECRETARY', 'TREASURER', 'BOARD_MEMBER', 'BOARD_MEMBER'];

/** The society itself: the same document in the demo data and the scale data. */
export const auditorsSociety = (): AuditorsOrganisationDocument => organisationDocument(AUDITORS_SOCIETY, 'جامعه ممیزی و بازرسی ایران', 'SOCIETY', { city: 'تهران' });

function inspectionBodies(): AuditorsOrganisationDocument[] {
  const random = seededRandom(17020);
  return Array.from({ length: 10 }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const city = CITIES[i % CITIES.length]!;
    const field = pick(random, INSPECTION_FIELDS);
    const second = pick(random, INSPECTION_FIELDS);
    const year = 2023 + (i % 4);
    const month = `0${1 + (i % 9)}`;
    return organisationDocument(`auditors:ib-${n}`, `شرکت بازرسی ${field} ${city}`, 'INSPECTION_BODY', {
      city,
      inspectionAccreditation: {
        standard: 'ISO/IEC 17020',
        inspectionType: INSPECTION_TYPES[i % INSPECTION_TYPES.length]!,
        fields: second === field ? [field] : [field, second],
        certificateNumber: `NACI-IB-${n}`,
        validFrom: instantOfIsoDate(`${year}-${month}-15`),
        validUntil: instantOfIsoDate(`${year + 3}-${month}-14`),
        // Inspection body 4's accreditation is suspended, so the demo shows that status too.
        ...(i === 3 ? { suspendedOn: instantOfIsoDate('2026-10-01') } : {}),
      },
    });
  });
}

/**
 * One to two certifications for the i-th member of a series (`ISAI` the demo's, `ISAI-S` the scale
 * data's): inspectors in inspection fields, auditors in ISO systems. The first certification of
 * member 7 (of every hundred) is suspended, of member 12 revoked, so every status shows.
 */
export function certificationsOf(random: () => number, person: NamedPerson, i: number, series = 'ISAI'): AuditorCertificationDocument[] {
  const count = 1 + Math.floor(random() * 2);
  return Array.from({ length: count }, (_, c) => {
    const kind = pick(random, KINDS);
    const field = kind === 'INSPECTOR' || kind === 'TECHNICAL_EXPERT' ? `بازرسی ${pick(random, INSPECTION_FIELDS)}` : pick(random, AUDIT_FIELDS);
    const year = 2022 + ((i + c) % 4);
    const month = `0${1 + ((i + 3 * c) % 9)}`;
    const stopped =
      c > 0 ? {} : i % 100 === 7 ? { suspendedOn: instantOfIsoDate(`${year + 1}-${month}-20`) } : i % 100 === 12 ? { revokedOn: instantOfIsoDate(`${year + 1}-${month}-20`) } : {};
    return {
      _id: `${series}-${String(i + 1).padStart(6, '0')}-${c + 1}`,
      nationalCode: person.nationalCode,
      kind,
      field,
      grade: pick(random, GRADES),
      validFrom: instantOfIsoDate(`${year}-${month}-01`),
      validUntil: instantOfIsoDate(`${year + 3}-${month}-01`),
      ...stopped,
    };
  });
}

/** The auditing and inspection society as seed 002 describes it, with synthetic inspection bodies and members. */
export function auditorsDemoData(): RegistryData<AuditorsPersonDocument, AuditorsOrganisationDocument> {
  const bodies = inspectionBodies();
  const synthetic = syntheticPeople(...SYNTHETIC_RANGES.auditors);
  const random = seededRandom(3);
  const people: AuditorsPersonDocument[] = [personDocument(SEED_PEOPLE.saeedTajik, {}), ...synthetic.map((person) => personDocument(person, {}))];
  const certifications: AuditorCertificationDocument[] = [
    {
      _id: 'ISAI-1403-0001',
      nationalCode: SEED_PEOPLE.saeedTajik.nationalCode,
      kind: 'LEAD_AUDITOR',
      field: 'سیستم مدیریت کیفیت ISO 9001',
      grade: 'GRADE_1',
      validFrom: instantOfIsoDate('2024-03-20'),
      validUntil: instantOfIsoDate('2027-03-19'),
    },
    ...synthetic.flatMap((person, i) => certificationsOf(random, person, i)),
  ];
  const boardMembers = synthetic.slice(0, BOARD_POSITIONS.length);
  const managers = synthetic.slice(BOARD_POSITIONS.length, BOARD_POSITIONS.length + 2 * bodies.length);
  const assembly = synthetic.slice(BOARD_POSITIONS.length + 2 * bodies.length);
  const roles: RoleDocument[] = [
    roleDocument({ nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, organisationId: AUDITORS_SOCIETY, body: BOARD, bodyKind: 'BOARD', position: 'CHAIR' }),
    ...boardMembers.map((person, i) =>
      roleDocument({ nationalCode: person.nationalCode, organisationId: AUDITORS_SOCIETY, body: BOARD, bodyKind: 'BOARD', position: BOARD_POSITIONS[i]! }),
    ),
    ...managers.map((person, i) =>
      roleDocument({
        nationalCode: person.nationalCode,
        organisationId: bodies[i % bodies.length]!._id,
        body: MANAGEMENT,
        bodyKind: 'MANAGEMENT',
        position: i < bodies.length ? 'CHIEF_EXECUTIVE' : 'TECHNICAL_MANAGER',
      }),
    ),
    ...assembly.map((person) =>
      roleDocument({ nationalCode: person.nationalCode, organisationId: AUDITORS_SOCIETY, body: GENERAL_ASSEMBLY, bodyKind: 'GENERAL_ASSEMBLY', position: 'MEMBER' }),
    ),
  ];
  return {
    organisations: [auditorsSociety(), ...bodies],
    people,
    roles,
    projects: [
      {
        _id: 'auditors:joint-supervision',
        kind: 'PROJECT',
        title: 'پروژه مشترک نظارتی: ارزیابی و نظارت بر عملکرد حرفه‌ای اعضا',
        mandate: 'ارزیابی و نظارت بر عملکرد حرفه‌ای اعضای دو تشکل و همکاری در مذاکرات و چالش‌های بخش خصوصی و حاکمیتی، از طریق کارگروه تخصصی مشترک جامعه و انجمن',
        status: 'PLANNED',
      },
    ],
    participations: [
      participationDocument('auditors:joint-supervision', AUDITORS_SOCIETY, 'LEAD', 'راهبری کارگروه مشترک نظارتی'),
      // Seed 002: the society names the association in the joint supervision project; the association's own registry records its part.
      participationDocument('auditors:joint-supervision', 'labs:association', 'COOPERATING'),
      participationDocument('labs:joint-research', AUDITORS_SOCIETY, 'COOPERATING', 'همکاری در تعریف پروژه‌های تحقیقاتی ارتقای خدمات کیفیت'),
      participationDocument('labs:joint-training', AUDITORS_SOCIETY, 'COOPERATING', 'برگزاری دوره‌های آموزشی ممیزی و بازرسی برای اعضای دو تشکل'),
    ],
    extra: [
      // Auditors' and inspectors' certifications, with their grades (shared/credentials).
      { collection: 'certifications', documents: certifications },
      // Seed 002: the two boards' joint meeting at the society.
      ...jointBoardMeetingCollections(AUDITORS_SOCIETY, 'labs:association'),
    ],
  };
}
