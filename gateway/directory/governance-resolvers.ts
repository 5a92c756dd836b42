import { InputChecker } from '../../shared/errors';
import { COMMITTEE_POSITIONS, CommitteePosition } from '../../shared/governance/documents';
import { GovernanceSlice, ListQuery, MeetingQuery, parseListQuery, ResolutionFilterStatus, ResolutionQuery } from '../../shared/governance/filters';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page, pageSize } from '../../shared/graphql/pagination';
import { mergeKeyedParts } from '../../shared/graphql/keyset-page';
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

type ProjectViews = Partial<Record<RegistryKey, { record?: { kind: string } | null; members?: MemberRecord[] } | null>> & { id: string };


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

const POSITION_ORDER = new Map<string, number>(COMMITTEE_POSITIONS.map((position, i) => [position, i]));

/** The directory's part of committees, meetings and resolutions. */
export const governanceDirectoryResolvers: ResolverMap = {
  Query: {
    meeting: (_: unknown, { id }: { id: string }) => entityOf(id, 'Meeting'),
    resolution: (_: unknown, { id }: { id: string }) => entityOf(id, 'Resolution'),
    meetings: (_: unknown, args: MeetingArgs, __: unknown, info: GraphQLResolveInfo) => {
      const query: MeetingQuery = { registry: args.registry ?? null, seriesId: args.seriesId ?? null, hostId: args.hostId ?? null, ...pageOf(args, listOf(info, args)) };
      return { filter: JSON.stringify(query) };
    },
    resolutions: (_: unknown, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) => resolutionFilter(args, listOf(info, args)),
    overdueResolutions: (_: unknown, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) =>
      resolutionFilter({ ...args, status: 'OVERDUE' }, listOf(info, args)),
  },
  Organisation: {
    responsibleFor: (organisation: { id: string }, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) =>
      resolutionFilter({ ...args, responsibleId: organisation.id }, listOf(info, args, organisation)),
  },
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
