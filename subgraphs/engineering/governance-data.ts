import { participationDocument } from '../../shared/demo/builders';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { governanceCollections, meetingDocuments, membersFromRoles, projectDocument } from '../../shared/governance/demo';
import { SourceRecord } from '../../shared/governance/documents';
import { DemoCollection, OrganisationDocument, ParticipationDocument, ProjectDocument, RoleDocument } from '../../shared/registry/documents';

const CENTRAL_MANDATE =
  'تشکیل کارگروهی منسجم در شورای مرکزی برای ارائه راهکار به استان‌ها، هماهنگی کارگروه‌های صادرات استان‌ها با شورای مرکزی و پرهیز از موازی‌کاری، ' +
  'تنظیم نقشه راه ورود سازمان نظام مهندسی به صادرات خدمات مهندسی، و پیگیری پروژه‌های برون‌مرزی از جمله در قطر و حضور در نمایشگاه BIG5';
const PROVINCIAL_MANDATE =
  'مطالعه روند شکل‌گیری فعالیت‌های صادرات خدمات مهندسی در استان و ارائه راهکارهای صریح و مشخص برای خط‌مشی یکسان، ' +
  'و گزارش فعالیت‌ها به شورای مرکزی در ساختاری یکدست در سراسر کشور';

export interface ExportWorkingGroups {
  projects: ProjectDocument[];
  participations: ParticipationDocument[];
  extra: DemoCollection[];
}

/**
 * Seed 000: the export working groups of the central council and of the provinces, as working
 * groups of the engineering registry, each with the seats its roles name (chair, vice-chair,
 * secretary, members). The central group cooperates with every provincial group's organisation,
 * and each provincial group with the central council.
 */
export function exportWorkingGroups(
  roles: readonly RoleDocument[],
  organisations: readonly OrganisationDocument[],
  centralCouncilId: string,
  groupBodies: readonly string[],
): ExportWorkingGroups {
  const groupRoles = roles.filter((role) => role.bodyKind === 'WORKING_GROUP' && groupBodies.includes(role.body));
  const organisationIds = [...new Set(groupRoles.map((role) => role.organisationId))].sort((a, b) =>
    a === centralCouncilId ? -1 : b === centralCouncilId ? 1 : a.localeCompare(b),
  );
  const provincial = organisationIds.filter((id) => id !== centralCouncilId);
  const groups = organisationIds.map((organisationId) => {
    const roleOfGroup = groupRoles.filter((role) => role.organisationId === organisationId);
    const organisation = organisations.find((o) => o._id === organisationId)!;
    const projectId = `${organisationId}-export-group`;
    const central = organisationId === centralCouncilId;
    return {
      project: projectDocument(
        projectId,
        'WORKING_GROUP',
        `${roleOfGroup[0]!.body} ${organisation.name}`,
        central ? CENTRAL_MANDATE : PROVINCIAL_MANDATE,
        // Seed 000 sets the groups no deadline.
        null,
        'ACTIVE',
      ),
      participations: [
        participationDocument(projectId, organisationId, 'LEAD'),
        ...(central ? provincial : [centralCouncilId]).map((id) => participationDocument(projectId, id, 'COOPERATING')),
      ],
      members: membersFromRoles(projectId, roleOfGroup),
    };
  });
  return {
    projects: groups.map((group) => group.project),
    participations: groups.flatMap((group) => group.participations),
    extra: governanceCollections({ members: groups.flatMap((group) => group.members) }),
  };
}

export const EXPORT_GROUP_MEETINGS = 'engineering:export-group-meetings';

const seed000 = (quote: string, note?: string): SourceRecord => ({ text: '000', quote, ...(note ? { note } : {}) });

/**
 * Seed 000: the central council's export working group meets members of Tehran's, in the central
 * council's building (the text gives no date and no number), and those present ask the central
 * council for a joint meeting of every province's export group (`jointMeetingId`).
 */
export function exportGroupMeetingCollections(centralCouncilId: string, tehranId: string, jointMeetingId: string): DemoCollection[] {
  const { meeting, resolutions } = meetingDocuments({
    seriesId: EXPORT_GROUP_MEETINGS,
    key: 'with-tehran-export-group',
    title: 'جلسه کارگروه توسعه صدور خدمات مهندسی شورای مرکزی',
    hostId: centralCouncilId,
    place: 'ساختمان شورای مرکزی',
    attendees: [
      {
        name: SEED_PEOPLE.fatemi.fullName,
        title: 'رئیس کارگروه توسعه صادرات نظام تهران',
        nationalCode: SEED_PEOPLE.fatemi.nationalCode,
        organisationId: tehranId,
        source: seed000('مهندس فاطمی رئیس کارگروه توسعه صادرات نظام تهران'),
      },
      {
        name: SEED_PEOPLE.sharifi.fullName,
        title: 'نایب رئیس کارگروه توسعه صادرات نظام تهران',
        nationalCode: SEED_PEOPLE.sharifi.nationalCode,
        organisationId: tehranId,
        source: seed000('مهندس شریفی نایب رئیس کارگروه توسعه صادرات نظام تهران'),
      },
      {
        name: SEED_PEOPLE.seifzadeh.fullName,
        title: 'رئیس کارگروه توسعه صادرات شورای مرکزی',
        nationalCode: SEED_PEOPLE.seifzadeh.nationalCode,
        organisationId: centralCouncilId,
        source: seed000('مهندس سیف زاده رئیس کارگروه توسعه صادرات شورای مرکزی'),
      },
      {
        name: SEED_PEOPLE.hajizadeh.fullName,
        title: 'دبیر کارگروه',
        nationalCode: SEED_PEOPLE.hajizadeh.nationalCode,
        organisationId: centralCouncilId,
        source: seed000('سر كارخانم مهندس حاجی زاده دبیر کارگروه'),
      },
    ],
    agenda: [
      {
        title: 'معرفی کارگروه و شرح فعالیت‌های انجام‌شده، موانع و چالش‌های پیش رو',
        presentedBy: SEED_PEOPLE.seifzadeh.fullName,
        source: seed000('به معرفی کارگروه و شرح فعالیتهای صورت پذیرفته همچنین موانع و چالش های پیش رو پرداختند'),
      },
      {
        title: 'فعالیت‌های برون‌مرزی: پروژه‌های در دست کار در قطر و حضور در نمایشگاه BIG5',
        presentedBy: SEED_PEOPLE.seifzadeh.fullName,
        source: seed000('ایشان شرکت در نمایشگاه  BIG5 و حضور مهندسین کشورمان در این نمایشگاه برای اخذ پروژه های عمرانی و جذب سرمایه در کشور قطر را بسیار تاثیر گذار دانستند'),
      },
      {
        title: 'گزارش فعالیت‌های کارگروه توسعه صادرات نظام تهران',
        presentedBy: SEED_PEOPLE.sharifi.fullName,
        source: seed000('با اشاره به تشکیل این کارگروه به بیان گزارشی از فعالیتهای انجام شده پرداختند'),
      },
      {
        title: 'کارگروهی منسجم در شورای مرکزی، نقشه راه ورود به صادرات خدمات مهندسی، و certificate برای فعالیت در خارج از کشور',
        presentedBy: SEED_PEOPLE.fatemi.fullName,
        source: seed000('تشکیل یک کارگروه منسجم و قوی در شورای مرکزی جهت ارائه راهکار به استانها'),
      },
    ],
    resolutions: [
      {
        kind: 'REQUESTED',
        text: 'برگزاری یک نشست مشترک با اعضای کارگروه صادرات سراسر کشور توسط شورای مرکزی',
        responsibleId: centralCouncilId,
        projectId: jointMeetingId,
        source: seed000('در این جلسه حاضرین خواستار برگزاری یک نشست مشترک با اعضای کارگروه صادرات سراسر کشور توسط شورای مرکزی  شدند'),
      },
    ],
    source: seed000('جلسه کارگروه  توسعه صدور خدمات مهندسی  شورای مرکزی با حضور آقایان', 'the text gives no date and does not number the meeting'),
  });
  return governanceCollections({
    series: [{ _id: EXPORT_GROUP_MEETINGS, title: 'جلسات کارگروه توسعه صدور خدمات مهندسی شورای مرکزی', convenorId: centralCouncilId }],
    meetings: [meeting],
    resolutions,
  });
}
