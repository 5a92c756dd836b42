import { Caller } from '../auth/caller';
import { enteredBy } from '../provenance/provenance';
import { InputChecker, badUserInputField } from '../errors';
import { ResolverMap } from '../graphql/merge-resolvers';
import { PageRequest } from '../graphql/pagination';
import { ownsId, RegistryKey, typePrefixOf } from './keys';
import { guardParent } from './parent-guard';
import { calendarDateResolvers, instantOfIsoDate, optionalCalendarDateOf } from '../text/calendar';
import { personTitleValues } from '../text/person-titles';
import { checkDate, checkNationalCode, checkText } from '../validation';
import { RegistryContext } from './context';
import { BodyKind, OrganisationDocument, ParticipationDocument, PersonDocument, Position, ProjectDocument, RoleDocument, roleId } from './documents';
import type { ProjectMemberDocument } from '../governance/documents';
import { refreshRoles } from './loaders';
import { memberCodeQueries } from './member-codes';
import { CatalogFilter, ListRequest, OrganisationListRequest } from './repository';
import { checkOpenOrganisation } from './open-organisation';

/** A Person as this subgraph resolves it: the key, and this registry's record when there is one. */
export interface PersonReference<P = PersonDocument> {
  nationalCode: string;
  record?: P | null;
}

export interface OrganisationReference<O = OrganisationDocument> {
  id: string;
  record?: O | null;
}

interface AssignRoleInput {
  nationalCode: string;
  organisationId: string;
  body: string;
  bodyKind: BodyKind;
  position: Position;
  since?: string | null;
}

function parseCatalogFilter(filter: string): CatalogFilter {
  try {
    return JSON.parse(filter) as CatalogFilter;
  } catch {
    throw badUserInputField('filter', 'is not a joint-project filter the directory produced');
  }
}

/**
 * The federation plumbing and list/role resolvers that every registry subgraph shares. Type and
 * field names follow the registry key: for `labs`, `Person.labs`, `LabsMember`, `labsMembers`...
 */
export function registryResolvers(key: RegistryKey): ResolverMap {
  const prefix = typePrefixOf(key);
  const owns = (id: string) => ownsId(key, id);

  return {
    Query: {
      ...memberCodeQueries,
      [`${key}Members`]: async (_: unknown, args: ListRequest, { repository }: RegistryContext) => {
        const page = await repository.pagePeople(args);
        return { ...page, nodes: page.nodes.map((record) => ({ nationalCode: record._id, record })) };
      },
      [`${key}Organisations`]: async (_: unknown, args: OrganisationListRequest, { repository }: RegistryContext) => {
        const page = await repository.pageOrganisations(args);
        return { ...page, nodes: page.nodes.map((record) => ({ id: record._id, record })) };
      },
    },
    Mutation: {
      [`assign${prefix}Role`]: async (_: unknown, { input }: { input: AssignRoleInput }, ctx: RegistryContext & { caller?: Caller }) => {
        const role: RoleDocument = { ...(await checkRole(key, input, ctx)), provenance: enteredBy(ctx.caller) };
        await ctx.repository.saveRole(role);
        refreshRoles(ctx.loaders, role);
        return role;
      },
    },
    Person: {
      __resolveReference: async (reference: PersonReference, { loaders }: RegistryContext) => ({
        nationalCode: reference.nationalCode,
        record: await loaders.person.load(reference.nationalCode),
      }),
      [key]: async (person: PersonReference, _: unknown, { loaders }: RegistryContext) => (person.record !== undefined ? person.record : loaders.person.load(person.nationalCode)),
    },
    Organisation: {
      __resolveReference: async (reference: OrganisationReference, { loaders }: RegistryContext) => ({
        id: reference.id,
        record: owns(reference.id) ? await loaders.organisation.load(reference.id) : null,
      }),
      [key]: async (organisation: OrganisationReference, _: unknown, { loaders }: RegistryContext) => {
        if (organisation.record !== undefined) return organisation.record;
        return owns(organisation.id) ? loaders.organisation.load(organisation.id) : null;
      },
    },
    JointProject: {
      [key]: async ({ id }: { id: string }, _: unknown, { loaders }: RegistryContext) => {
        const [record, participants, members] = await Promise.all([
          owns(id) ? loaders.project.load(id) : Promise.resolve(null),
          loaders.participationsOfProject.load(id),
          owns(id) ? loaders.membersOfProject.load(id) : Promise.resolve([]),
        ]);
        return record || participants.length > 0 ? { record, participants, members } : null;
      },
    },
    JointProjectList: {
      [key]: async ({ filter }: { filter: string }, _: unknown, { repository }: RegistryContext) => {
        const entries = await repository.catalog(parseCatalogFilter(filter));
        return entries.map((entry) => ({ project: { id: entry.projectId }, leadStatus: entry.leadStatus, registryKeys: entry.registryKeys, cooperatingIds: entry.cooperatingIds }));
      },
    },
    ProjectRecord: {
      kind: (record: ProjectDocument) => record.kind ?? 'PROJECT',
      // Records written before due dates were stored as instants hold an ISO string.
      dueDate: ({ dueDate }: ProjectDocument | { dueDate?: string }) => optionalCalendarDateOf(dueDate),
    },
    ProjectMemberRecord: {
      since: (member: ProjectMemberDocument) => optionalCalendarDateOf(member.since),
    },
    ProjectParticipant: {
      organisation: (participation: ParticipationDocument) => ({ id: participation.organisationId }),
    },
    [`${prefix}Member`]: {
      nationalCode: (person: PersonDocument) => person._id,
      roles: (person: PersonDocument, _: unknown, { loaders }: RegistryContext) => loaders.rolesOfPerson.load(person._id),
      titles: (person: PersonDocument) => personTitleValues(person.title),
    },
    [`${prefix}Organisation`]: {
      id: (organisation: OrganisationDocument) => organisation._id,
      roles: (organisation: OrganisationDocument, _: unknown, { loaders }: RegistryContext) => loaders.rolesInOrganisation.load(organisation._id),
    },
    MemberRole: {
      person: (role: RoleDocument) => ({ nationalCode: role.nationalCode }),
      organisation: (role: RoleDocument) => ({ id: role.organisationId }),
      // Roles written before days were stored as instants hold an ISO string.
      since: ({ since }: RoleDocument | { since?: string }) => optionalCalendarDateOf(since),
    },
    CalendarDate: calendarDateResolvers,
  };
}

/** Validates a role assignment completely before anything is written. */
async function checkRole(key: RegistryKey, input: AssignRoleInput, { loaders }: RegistryContext): Promise<RoleDocument> {
  const checker = new InputChecker();
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const body = checkText(checker, 'body', input.body, { min: 2, max: 120 });
  const since = checkDate(checker, 'since', input.since);
  if (!ownsId(key, input.organisationId)) {
    checker.add('organisationId', `"${input.organisationId}" is not an organisation of the ${key} registry (ids start with "${key}:")`);
  } else {
    const organisation = await loaders.organisation.load(input.organisationId);
    if (!organisation) checker.add('organisationId', `no organisation "${input.organisationId}" in the ${key} registry`);
    else checkOpenOrganisation(checker, 'organisationId', organisation);
  }
  const member = nationalCode ? await loaders.person.load(nationalCode) : null;
  if (nationalCode && !member) checker.add('nationalCode', `no member ${nationalCode} in the ${key} registry; add the member first`);
  checker.throwIfAny();
  guardParent('people', member!, 'nationalCode', 'the member');
  const role = {
    nationalCode: nationalCode!,
    organisationId: input.organisationId,
    body: body!,
    bodyKind: input.bodyKind,
    position: input.position,
    ...(since ? { since: instantOfIsoDate(since) } : {}),
  };
  return { _id: roleId(role), ...role };
}

export type { PageRequest };
