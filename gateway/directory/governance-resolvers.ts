import { InputChecker } from '../../shared/errors';
import { COMMITTEE_POSITIONS, CommitteePosition, MeetingStatus } from '../../shared/governance/documents';
import {
  GovernanceSlice,
  ListQuery,
  MeetingQuery,
  parseListQuery,
  ParticipationKey,
  ParticipationQuery,
  ParticipationSlice,
  ResolutionFilterStatus,
  ResolutionQuery,
} from '../../shared/governance/filters';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page, pageSize } from '../../shared/graphql/pagination';
import { mergeKeyedParts } from '../../shared/graphql/keyset-page';
import { ParticipationRole } from '../../shared/registry/documents';
import { Registry, REGISTRY_KEYS, registryKey, RegistryKey, registryOfId, typePrefixOf } from '../../shared/registry';
import { calendarDate } from '../../shared/text/calendar';
import { checkDate } from '../../shared/validation';
import { fromKeeper, mergedListResolvers, reportUnanswered, unansweredRegistries } from './unanswered';


interface PageArgs {
  first?: number | null;
  after?: string | null;
}

interface MeetingArgs extends PageArgs {
  registry?: Registry | null;
  seriesId?: string | null;
  hostId?: string | null;
  status?: MeetingStatus | null;
}

interface ParticipationArgs extends PageArgs {
  role?: ParticipationRole | null;
}

interface ResolutionArgs extends PageArgs {
  registry?: Registry | null;
  status?: ResolutionFilterStatus | null;
  responsibleId?: string | null;
  asOf?: string | null;
}

type SliceList = Partial<Record<RegistryKey, GovernanceSlice | null>> & { filter: string };

interface MemberRecord {
  nationalCode: string;
  position: CommitteePosition;
  organisationId?: string | null;
  since?: { iso: string; jalali: string } | null;
}

/** What the lead's record carries into the directory for `due` and `history` (a PartialDate, RecordChanges: passed on as they are). */
interface GovernanceRecord {
  kind: string;
  due?: object | null;
  history?: object[];
}

type ProjectViews = Partial<Record<RegistryKey, { record?: GovernanceRecord | null; members?: MemberRecord[] } | null>> & { id: string };

type ParticipationLists = Partial<Record<RegistryKey, ParticipationSlice | null>> & { filter: string };


/**
 * Page size and position, checked before any registry is asked (the cursor was opened into the
 * position already, list-cursors.ts), and the name of the list its cursors are sealed for.
 */
function pageOf(args: PageArgs, list: string): Pick<ListQuery, 'size' | 'afterKey' | 'list'> {
  return { size: pageSize(args.first), afterKey: args.after ?? null, list };
}

/** The list key every registry receives: the checked filter, with the day "overdue" is judged on. */
function resolutionFilter(args: ResolutionArgs, list: string): { filter: string } {
  const page = pageOf(args, list);
  const checker = new InputChecker();
  const asOf = args.asOf === null || args.asOf === undefined ? new Date().toISOString().slice(0, 10) : checkDate(checker, 'asOf', args.asOf);
  checker.throwIfAny();
  const query: ResolutionQuery = { registry: args.registry ?? null, status: args.status ?? null, responsibleId: args.responsibleId ?? null, asOf: asOf!, ...page };
  return { filter: JSON.stringify(query) };
}

/** A reference to the registry's own entity type for an id (`guilds:...` -> `GuildsMeeting`), or null for an unknown prefix. */
function entityOf(id: string, kind: 'Meeting' | 'Resolution'): { __typename: string; id: string } | null {
  const registry = registryOfId(id);
  return registry ? { __typename: `${typePrefixOf(registryKey(registry))}${kind}`, id } : null;
}

/** One page per list object: totalCount, pageInfo and nodes all read it, and it is merged once. */
const pages = new WeakMap<SliceList, Page<{ id: string; sortKey: string }>>();

/**
 * Merges the registries' slices: each holds its first `size + 1` keys after the cursor in list
 * order, so the first `size + 1` of their union are the page's; ids are global, so no key repeats.
 */
export function mergeSlices(list: SliceList): Page<{ id: string; sortKey: string }> {
  let page = pages.get(list);
  if (!page) {
    const { size } = parseListQuery<ListQuery>(list.filter);
    const slices = REGISTRY_KEYS.map((key) => list[key]).map((slice) => slice && { totalCount: slice.totalCount, items: slice.keys });
    page = mergeKeyedParts(slices, size, (key) => key.sortKey);
    pages.set(list, page);
  }
  return page;
}

/** The registries whose slices are missing because they failed: only those the list's `registry` filter asks. */
function missingSlices(list: SliceList, context: unknown): RegistryKey[] {
  const { registry } = parseListQuery<ListQuery & { registry?: Registry | null }>(list.filter);
  return unansweredRegistries(list, context).filter((key) => !registry || registryKey(registry) === key);
}

const listResolvers = (kind: 'Meeting' | 'Resolution') => mergedListResolvers(
    mergeSlices,
    ({ id }: { id: string }) => entityOf(id, kind),
    (list) => parseListQuery<ListQuery>(list.filter).list,
    missingSlices,
  );

/** One page per participation list, as for meetings and resolutions. */
const participationPages = new WeakMap<ParticipationLists, Page<ParticipationKey>>();

/**
 * Merges the registries' slices of an organisation's participations, in project id order. A
 * participation both the lead's registry and the organisation's own record is one project: it is
 * shown once (the lead's record first), though each registry counts it.
 */
export function mergeParticipations(list: ParticipationLists): Page<ParticipationKey> {
  let page = participationPages.get(list);
  if (!page) {
    const { size } = parseListQuery<ListQuery>(list.filter);
    const seen = new Set<string>();
    const slices = REGISTRY_KEYS.map((key) => list[key]).map(
      (slice) =>
        slice && {
          totalCount: slice.totalCount,
          items: slice.keys.filter((item) => {
            const fresh = !seen.has(item.projectId);
            seen.add(item.projectId);
            return fresh;
          }),
        },
    );
    page = mergeKeyedParts(slices, size, (item) => item.sortKey);
    participationPages.set(list, page);
  }
  return page;
}

/** The record the lead registry returned, whichever registry key it came under. */
const leadRecordOf = (project: ProjectViews): GovernanceRecord | undefined => REGISTRY_KEYS.map((key) => project[key]?.record).find(Boolean) ?? undefined;

const POSITION_ORDER = new Map<string, number>(COMMITTEE_POSITIONS.map((position, i) => [position, i]));

/** The directory's part of committees, meetings and resolutions. */
export const governanceDirectoryResolvers: ResolverMap = {
  Query: {
    meeting: (_: unknown, { id }: { id: string }) => entityOf(id, 'Meeting'),
    resolution: (_: unknown, { id }: { id: string }) => entityOf(id, 'Resolution'),
    meetings: (_: unknown, args: MeetingArgs, __: unknown, info: GraphQLResolveInfo) => {
      const query: MeetingQuery = {
        registry: args.registry ?? null,
        seriesId: args.seriesId ?? null,
        hostId: args.hostId ?? null,
        status: args.status ?? null,
        ...pageOf(args, listOf(info, args)),
      };
      return { filter: JSON.stringify(query) };
    },
    resolutions: (_: unknown, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) => resolutionFilter(args, listOf(info, args)),
    overdueResolutions: (_: unknown, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) =>
      resolutionFilter({ ...args, status: 'OVERDUE' }, listOf(info, args)),
  },
  Organisation: {
    responsibleFor: (organisation: { id: string }, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) =>
      resolutionFilter({ ...args, responsibleId: organisation.id }, listOf(info, args, organisation)),
    participatesIn: (organisation: { id: string }, args: ParticipationArgs, __: unknown, info: GraphQLResolveInfo) => {
      const query: ParticipationQuery = { organisationId: organisation.id, role: args.role ?? null, ...pageOf(args, listOf(info, args, organisation)) };
      return { filter: JSON.stringify(query) };
    },
  },
  ParticipationList: mergedListResolvers(
    mergeParticipations,
    (key: ParticipationKey) => ({ project: { id: key.projectId }, role: key.role, contribution: key.contribution }),
    (list) => parseListQuery<ListQuery>(list.filter).list,
  ),
  MeetingList: listResolvers('Meeting'),
  ResolutionList: {
    ...listResolvers('Resolution'),
    asOf: (list: SliceList) => calendarDate(parseListQuery<ResolutionQuery>(list.filter).asOf),
  },
  Meeting: { __resolveType: (meeting: { __typename: string }) => meeting.__typename },
  Resolution: { __resolveType: (resolution: { __typename: string }) => resolution.__typename },
  JointProject: {
    kind: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
      fromKeeper(project, REGISTRY_KEYS.map((key) => project[key]?.record?.kind).find(Boolean) ?? null, context, info),
    // No deadline is an answer (null); a lead that did not answer is reported by fromKeeper.
    due: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
      const record = leadRecordOf(project);
      return record ? (record.due ?? null) : fromKeeper(project, null, context, info);
    },
    history: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecordOf(project)?.history ?? null, context, info),
    // The lead registry keeps the seats: while it cannot be reached, those the others record (none), with an error.
    members: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
      const lead = registryOfId(project.id);
      reportUnanswered(
        info,
        unansweredRegistries(project, context).filter((key) => !lead || registryKey(lead) === key),
        { partial: true, says: (registry) => `The ${registry} registry keeps this committee's seats, and it did not answer.` },
      );
      return REGISTRY_KEYS.flatMap((key) => project[key]?.members ?? [])
        .sort((a, b) => POSITION_ORDER.get(a.position)! - POSITION_ORDER.get(b.position)! || a.nationalCode.localeCompare(b.nationalCode))
        .map((member) => ({
          person: { nationalCode: member.nationalCode },
          position: member.position,
          organisation: member.organisationId ? { id: member.organisationId } : null,
          since: member.since ?? null,
        }));
    },
  },
};
