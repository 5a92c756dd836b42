import { InputChecker } from '../errors';
import { ResolverMap } from '../graphql/merge-resolvers';
import { ownsId, RegistryKey, typePrefixOf } from '../registry';
import { RegistryContext } from '../registry/resolvers';
import { calendarDateOf } from '../text/calendar';
import { checkDate } from '../validation';
import { addCommitteeMember, AddCommitteeMemberInput, createCommittee, CreateCommitteeInput } from './committees';
import { AttendeeRecord, MeetingDocument, MeetingSeriesDocument, ResolutionDocument } from './documents';
import { EMPTY_SLICE, GovernanceSlice, ListQuery, MeetingQuery, parseListQuery, ResolutionQuery } from './filters';
import { createMeetingSeries, CreateMeetingSeriesInput, recordMeeting, RecordMeetingInput, setResolutionStatus, SetResolutionStatusInput } from './meetings';


const todayIso = (): string => new Date().toISOString().slice(0, 10);

/** Whether a resolution is open and due before `asOf` (a Gregorian or Solar Hijri day; today when omitted). */
export function isOverdue(resolution: Pick<ResolutionDocument, 'status' | 'dueDate'>, asOf?: string | null): boolean {
  const checker = new InputChecker();
  const day = asOf === null || asOf === undefined ? todayIso() : checkDate(checker, 'asOf', asOf);
  checker.throwIfAny();
  return resolution.status === 'OPEN' && resolution.dueDate.toISOString().slice(0, 10) < day!;
}

/** A list slice, or an empty one when the list is restricted to another registry. */
async function sliceFor<Q extends ListQuery>(key: RegistryKey, filter: string, page: (query: Q) => Promise<GovernanceSlice>): Promise<GovernanceSlice> {
  const query = parseListQuery<Q>(filter);
  return query.registry && query.registry !== key ? EMPTY_SLICE : page(query);
}

/**
 * Committees' mutations, meetings and resolutions of one registry (the resolvers of governance.graphql).
 * Names follow the registry key: for `guilds`, `createGuildsCommittee`, `GuildsMeeting`...
 */
export function governanceResolvers(key: RegistryKey): ResolverMap {
  const prefix = typePrefixOf(key);
  const meetingType = `${prefix}Meeting`;
  const resolutionType = `${prefix}Resolution`;
  const owns = (id: string) => ownsId(key, id);

  return {
    Mutation: {
      [`create${prefix}Committee`]: (_: unknown, { input }: { input: CreateCommitteeInput }, ctx: RegistryContext) => createCommittee(key, input, ctx),
      [`add${prefix}CommitteeMember`]: (_: unknown, { input }: { input: AddCommitteeMemberInput }, ctx: RegistryContext) =>
        addCommitteeMember(key, input, ctx),
      [`create${prefix}MeetingSeries`]: (_: unknown, { input }: { input: CreateMeetingSeriesInput }, ctx: RegistryContext) =>
        createMeetingSeries(key, input, ctx),
      [`record${prefix}Meeting`]: (_: unknown, { input }: { input: RecordMeetingInput }, ctx: RegistryContext) => recordMeeting(key, input, ctx),
      [`set${prefix}ResolutionStatus`]: (_: unknown, { input }: { input: SetResolutionStatusInput }, ctx: RegistryContext) =>
        setResolutionStatus(key, input, ctx),
    },
    MeetingList: {
      [key]: ({ filter }: { filter: string }, _: unknown, { repository }: RegistryContext) =>
        sliceFor<MeetingQuery>(key, filter, (query) => repository.governance.pageMeetings(query)),
    },
    ResolutionList: {
      [key]: ({ filter }: { filter: string }, _: unknown, { repository }: RegistryContext) =>
        sliceFor<ResolutionQuery>(key, filter, (query) => repository.governance.pageResolutions(query)),
    },
    Meeting: { __resolveType: () => meetingType },
    Resolution: { __resolveType: () => resolutionType },
    [meetingType]: {
      __resolveReference: ({ id }: { id: string }, { loaders }: RegistryContext) => (owns(id) ? loaders.meeting.load(id) : null),
      id: (meeting: MeetingDocument) => meeting._id,
      series: (meeting: MeetingDocument, _: unknown, { loaders }: RegistryContext) => loaders.meetingSeries.load(meeting.seriesId),
      host: (meeting: MeetingDocument) => ({ id: meeting.hostId }),
      startsOn: (meeting: MeetingDocument) => calendarDateOf(meeting.startsOn),
      endsOn: (meeting: MeetingDocument) => calendarDateOf(meeting.endsOn),
      agenda: (meeting: MeetingDocument) => meeting.agenda.map((title, i) => ({ number: i + 1, title })),
      resolutions: (meeting: MeetingDocument, _: unknown, { loaders }: RegistryContext) => loaders.resolutionsOfMeeting.load(meeting._id),
    },
    [resolutionType]: {
      __resolveReference: ({ id }: { id: string }, { loaders }: RegistryContext) => (owns(id) ? loaders.resolution.load(id) : null),
      id: (resolution: ResolutionDocument) => resolution._id,
      meeting: (resolution: ResolutionDocument, _: unknown, { loaders }: RegistryContext) => loaders.meeting.load(resolution.meetingId),
      responsible: (resolution: ResolutionDocument) => ({ id: resolution.responsibleId }),
      cooperating: (resolution: ResolutionDocument) => resolution.cooperatingIds.map((id) => ({ id })),
      dueDate: (resolution: ResolutionDocument) => calendarDateOf(resolution.dueDate),
      overdue: (resolution: ResolutionDocument, { asOf }: { asOf?: string | null }) => isOverdue(resolution, asOf),
      committee: (resolution: ResolutionDocument) => (resolution.projectId ? { id: resolution.projectId } : null),
    },
    MeetingSeries: {
      id: (series: MeetingSeriesDocument) => series._id,
      convenor: (series: MeetingSeriesDocument) => ({ id: series.convenorId }),
    },
    Attendee: {
      person: (attendee: AttendeeRecord) => (attendee.nationalCode ? { nationalCode: attendee.nationalCode } : null),
      organisation: (attendee: AttendeeRecord) => (attendee.organisationId ? { id: attendee.organisationId } : null),
    },
  };
}
