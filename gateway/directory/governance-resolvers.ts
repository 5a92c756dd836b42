import { personNamedBy } from './named-person';
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
import { mergeKeyedParts, ownParts } from '../../shared/graphql/keyset-page';
import { ParticipationRole } from '../../shared/registry/documents';
import { ownsId, RegistryKey, typePrefixOf } from '../../shared/registry/keys';
import { calendarDate } from '../../shared/text/calendar';
import { checkDate } from '../../shared/validation';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { GatewayContext } from '../auth/operation-check';
import { subgraphUnavailable } from '../execution/outages';
import { RegistryList } from './registries';
import { HttpRegistryHelpers, RegistryLinks } from './registry-helpers';
import { Unanswered } from './unanswered';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A `Registry` value, as the client gives it. */
type RegistryValue = string;

interface MeetingArgs extends PageArgs {
  registry?: RegistryValue | null;
  seriesId?: string | null;
  hostId?: string | null;
  status?: MeetingStatus | null;
}

interface ParticipationArgs extends PageArgs {
  role?: ParticipationRole | null;
}

interface ResolutionArgs extends PageArgs {
  registry?: RegistryValue | null;
  status?: ResolutionFilterStatus | null;
  responsibleId?: string | null;
  asOf?: string | null;
}

/** A merged list as the directory receives it: its key, and each registry's slice (by its key). */
type SliceList = { filter: string; [registry: RegistryKey]: GovernanceSlice | string | null | undefined };

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

/** The list key every registry receives: the checked filter, with the day "overdue" is judged on; `registry` as its key. */
function resolutionFilter(registries: RegistryList, args: ResolutionArgs, list: string): { filter: string } {
  const page = pageOf(args, list);
  const checker = new InputChecker();
  const asOf = args.asOf === null || args.asOf === undefined ? new Date().toISOString().slice(0, 10) : checkDate(checker, 'asOf', args.asOf);
  checker.throwIfAny();
  const query: ResolutionQuery = { registry: keyOfValue(registries, args.registry), status: args.status ?? null, responsibleId: args.responsibleId ?? null, asOf: asOf!, ...page };
  return { filter: JSON.stringify(query) };
}

/** The key of a `Registry` value given as an argument (checked by GraphQL), or null when none is given. */
const keyOfValue = (registries: RegistryList, value: RegistryValue | null | undefined): RegistryKey | null => (value ? (registries.keyOf(value) ?? null) : null);

/** A reference to the registry's own entity type for an id (`<key>:...` -> `<Key>Meeting`), or null for an id of no registry of the graph. */
function entityOf(registries: RegistryList, id: string, kind: 'Meeting' | 'Resolution'): { __typename: string; id: string } | null {
  const registry = registries.keyOfId(id);
  return registry ? { __typename: `${typePrefixOf(registry)}${kind}`, id } : null;
}

/**
 * `meeting(id:)` and `resolution(id:)`: the reference, once the registry the id names says it holds
 * the record (asked as the caller); null otherwise. Without the question, a query selecting only
 * `id` or `__typename` would be answered here, for a record no registry has.
 */
async function heldEntity(
  registries: RegistryList,
  links: RegistryLinks | undefined,
  id: string,
  kind: 'Meeting' | 'Resolution',
  caller: Caller | undefined,
): Promise<{ __typename: string; id: string } | null> {
  const reference = entityOf(registries, id, kind);
  const registry = registries.keyOfId(id);
  if (!reference || !registry || !links) return reference;
  const unavailable = (key: RegistryKey, reason?: string) =>
    subgraphUnavailable(key, `Whether the ${key} registry holds ${id} cannot be told: it ${reason ? `could not answer (${reason})` : 'could not be reached'}.`);
  return (await new HttpRegistryHelpers(links, { caller: caller ?? ANONYMOUS, unavailable }).holds(registry, reference)) ? reference : null;
}

/** A merged page, and the registries whose slices named records not their own (left out). */
type MergedPage<T> = Page<T> & { strays: RegistryKey[] };

/** One page per list object: totalCount, pageInfo and nodes all read it, and it is merged once. */
const pages = new WeakMap<SliceList, MergedPage<{ id: string; sortKey: string }>>();

/**
 * Merges the registries' slices (in the configuration's order, `keys`): each holds its first
 * `size + 1` keys after the cursor in list order, so the first `size + 1` of their union are the
 * page's; ids are global, so no key repeats. A registry's slice names only its own meetings or
 * resolutions (ids with its prefix): another registry's it named would be listed as matching a
 * filter that registry never judged (`overdueResolutions`, `hostId`), or twice.
 */
export function mergeSlices(list: SliceList, keys: readonly RegistryKey[]): MergedPage<{ id: string; sortKey: string }> {
  let page = pages.get(list);
  if (!page) {
    const { size } = parseListQuery<ListQuery>(list.filter);
    const own = ownParts(
      keys.map((key) => {
        const slice = list[key];
        return [key, typeof slice === 'string' ? undefined : slice && { totalCount: slice.totalCount, items: slice.keys }] as const;
      }),
      (key, item) => ownsId(key, item.id),
    );
    page = { ...mergeKeyedParts(own.parts, size, (key) => key.sortKey), strays: own.strays };
    pages.set(list, page);
  }
  return page;
}

/** One page per participation list, as for meetings and resolutions. */
const participationPages = new WeakMap<ParticipationLists, MergedPage<ParticipationKey>>();

/**
 * Merges the registries' slices of an organisation's participations (in the configuration's order,
 * `keys`), in project id order. A participation that both the lead's registry and the
 * organisation's own registry record is one project: it is shown once (from the first registry of
 * `keys` that has it), though each registry counts it. Each registry speaks for its own
 * organisations: what another registry's slice says of this one (a lead naming it in a project,
 * which is an invitation until its registry records it) is left out.
 */
export function mergeParticipations(list: ParticipationLists, keys: readonly RegistryKey[]): MergedPage<ParticipationKey> {
  let page = participationPages.get(list);
  if (!page) {
    const { size, organisationId } = parseListQuery<ParticipationQuery>(list.filter);
    const own = ownParts(
      keys.map((key) => {
        const slice = list[key];
        return [key, slice && { totalCount: slice.totalCount, items: slice.keys }] as const;
      }),
      (key) => ownsId(key, organisationId),
    );
    const seen = new Set<string>();
    const slices = own.parts.map(
      (slice) =>
        slice && {
          totalCount: slice.totalCount,
          items: slice.items.filter((item) => {
            const fresh = !seen.has(item.projectId);
            seen.add(item.projectId);
            return fresh;
          }),
        },
    );
    page = { ...mergeKeyedParts(slices, size, (item) => item.sortKey), strays: own.strays };
    participationPages.set(list, page);
  }
  return page;
}

const POSITION_ORDER = new Map<string, number>(COMMITTEE_POSITIONS.map((position, i) => [position, i]));

/** The directory's part of committees, meetings and resolutions, for the graph's registries. */
export function governanceDirectoryResolvers(registries: RegistryList, links?: RegistryLinks): ResolverMap {
  const { fromKeeper, mergedListResolvers, reportUnanswered, unansweredRegistries } = new Unanswered(registries);
  /** The registries whose slices are missing because they failed: only those the list's `registry` filter asks. */
  const missingSlices = (list: SliceList, context: unknown): RegistryKey[] => {
    const { registry } = parseListQuery<ListQuery>(list.filter);
    return unansweredRegistries(list, context).filter((key) => !registry || registry === key);
  };
  const listResolvers = (kind: 'Meeting' | 'Resolution') =>
    mergedListResolvers(
      (list: SliceList) => mergeSlices(list, registries.keys),
      ({ id }: { id: string }) => entityOf(registries, id, kind),
      (list) => parseListQuery<ListQuery>(list.filter).list,
      missingSlices,
      (list) => mergeSlices(list, registries.keys).strays,
    );
  /** The lead registry's part of a project (the registry its id names): only the lead keeps its record and seats, and another's part may not speak for them. */
  const leadPartOf = (project: ProjectViews) => {
    const lead = registries.keyOfId(project.id);
    return lead === undefined ? undefined : (project[lead] ?? undefined);
  };
  /** The record the lead registry returned. */
  const leadRecordOf = (project: ProjectViews): GovernanceRecord | undefined => leadPartOf(project)?.record ?? undefined;
  return {
    Query: {
      meeting: (_: unknown, { id }: { id: string }, context: Partial<GatewayContext>) => heldEntity(registries, links, id, 'Meeting', context.caller),
      resolution: (_: unknown, { id }: { id: string }, context: Partial<GatewayContext>) => heldEntity(registries, links, id, 'Resolution', context.caller),
      meetings: (_: unknown, args: MeetingArgs, __: unknown, info: GraphQLResolveInfo) => {
        const query: MeetingQuery = {
          registry: keyOfValue(registries, args.registry),
          seriesId: args.seriesId ?? null,
          hostId: args.hostId ?? null,
          status: args.status ?? null,
          ...pageOf(args, listOf(info, args)),
        };
        return { filter: JSON.stringify(query) };
      },
      resolutions: (_: unknown, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) => resolutionFilter(registries, args, listOf(info, args)),
      overdueResolutions: (_: unknown, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) =>
        resolutionFilter(registries, { ...args, status: 'OVERDUE' }, listOf(info, args)),
    },
    Organisation: {
      responsibleFor: (organisation: { id: string }, args: ResolutionArgs, __: unknown, info: GraphQLResolveInfo) =>
        resolutionFilter(registries, { ...args, responsibleId: organisation.id }, listOf(info, args, organisation)),
      participatesIn: (organisation: { id: string }, args: ParticipationArgs, __: unknown, info: GraphQLResolveInfo) => {
        const query: ParticipationQuery = { organisationId: organisation.id, role: args.role ?? null, ...pageOf(args, listOf(info, args, organisation)) };
        return { filter: JSON.stringify(query) };
      },
    },
    ParticipationList: mergedListResolvers(
      (list: ParticipationLists) => mergeParticipations(list, registries.keys),
      (key: ParticipationKey) => ({ project: { id: key.projectId }, role: key.role, contribution: key.contribution }),
      (list) => parseListQuery<ListQuery>(list.filter).list,
      undefined,
      (list) => mergeParticipations(list, registries.keys).strays,
    ),
    MeetingList: listResolvers('Meeting'),
    ResolutionList: {
      ...listResolvers('Resolution'),
      asOf: (list: SliceList) => calendarDate(parseListQuery<ResolutionQuery>(list.filter).asOf),
    },
    Meeting: { __resolveType: (meeting: { __typename: string }) => meeting.__typename },
    Resolution: { __resolveType: (resolution: { __typename: string }) => resolution.__typename },
    JointProject: {
      kind: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecordOf(project)?.kind ?? null, context, info),
      // No deadline is an answer (null); a lead that did not answer is reported by fromKeeper.
      due: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        const record = leadRecordOf(project);
        return record ? (record.due ?? null) : fromKeeper(project, null, context, info);
      },
      history: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromKeeper(project, leadRecordOf(project)?.history ?? null, context, info),
      // The lead registry keeps the seats: while it cannot be reached, none, with an error; another registry's part names none.
      members: (project: ProjectViews, _: unknown, context: unknown, info: GraphQLResolveInfo) => {
        const lead = registries.keyOfId(project.id);
        reportUnanswered(
          info,
          unansweredRegistries(project, context).filter((key) => !lead || lead === key),
          { partial: true, says: (registry) => `The ${registry} registry keeps this committee's seats, and it did not answer.` },
        );
        return (leadPartOf(project)?.members ?? [])
          .sort((a, b) => POSITION_ORDER.get(a.position)! - POSITION_ORDER.get(b.position)! || a.nationalCode.localeCompare(b.nationalCode))
          .map((member) => ({
            // A person only the lead's registry, which keeps the seat, may name (named-person.ts).
            person: () => personNamedBy(links?.people, lead!, member.nationalCode),
            position: member.position,
            organisation: member.organisationId ? { id: member.organisationId } : null,
            since: member.since ?? null,
          }));
      },
    },
  };
}
