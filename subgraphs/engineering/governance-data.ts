import { participationDocument } from '../../shared/demo/builders';
import { governanceCollections, membersFromRoles, projectDocument } from '../../shared/governance/demo';
import { DemoCollection, OrganisationDocument, ParticipationDocument, ProjectDocument, RoleDocument } from '../../shared/registry/documents';

/** Where seed 000 leaves the groups' work: at the joint meeting of every province's export group. */
const GROUPS_DUE = '2027-01-20';

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
        GROUPS_DUE,
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
