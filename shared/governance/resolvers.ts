import { ANONYMOUS, readsAuthorsOf } from '../auth/caller';
import { requirePersonalReadFor } from '../auth/personal-input';
import { provenanceOf } from '../provenance/provenance';
import { InputChecker } from '../errors';
import { named } from '../graphql/merge-resolvers';
import { ownsId, RegistryKey, typePrefixOf } from '../registry/keys';
import { checkDate } from '../validation';
import {
  addCommitteeMember,
  AddCommitteeMemberInput,
  createCommittee,
  CreateCommitteeInput,
  setCommitteeDeadline,
  SetCommitteeDeadlineInput,
  setCommitteeStatus,
  SetCommitteeStatusInput,
} from './committees';
import { addCooperation, CooperationInput, removeCooperation, RemoveCooperationInput } from './cooperation';
import { AttendeeRecord, CommitteeRecord, FigureRecord, MeetingBodyRecord, MeetingDocument, MeetingSeriesDocument, ResolutionDocument } from './documents';
import { EMPTY_SLICE, GovernanceSlice, ListQuery, MeetingQuery, parseListQuery, ParticipationQuery, ParticipationSlice, ResolutionQuery } from './filters';
import { governanceGrants } from './grants';
import { addResolutionNote, AddResolutionNoteInput, setResolutionStatus, SetResolutionStatusInput } from './follow-up';
import { GovernanceContext } from './history';
import { createMeetingSeries, CreateMeetingSeriesInput, planMeeting, PlanMeetingInput, recordMeeting, RecordMeetingInput } from './meetings';
import { agendaOf, historyOf, meetingEndOf, meetingStartOf, partialDateOf, planOf } from './views';

const todayIso = (): string => new Date().toISOString().slice(0, 10);

/**
 * Whether a resolution is open and its due date has passed on `asOf` (a Gregorian or Solar Hijri
 * day; today when omitted): `dueDate` is the due date's last day, so one due at a month's end, in a
 * month or in a year is overdue only once that has ended. Never, with nothing due.
 */
export function isOverdue(resolution: Pick<ResolutionDocument, 'status' | 'dueDate'>, asOf?: string | null): boolean {
  const checker = new InputChecker();
  const day = asOf === null || asOf === undefined ? todayIso() : checkDate(checker, 'asOf', asOf);
  checker.throwIfAny();
  return resolution.status === 'OPEN' && resolution.dueDate !== undefined && resolution.dueDate.toISOString().slice(0, 10) < day!;
}

/** A list slice, or an empty one when the list is restricted to another registry. */
async function sliceFor<Q extends ListQuery, S>(key: RegistryKey, filter: string, empty: S, page: (query: Q) => Promise<S>): Promise<S> {
  const query = parseListQuery<Q>(filter);
  return query.registry && query.registry !== key ? empty : page(query);
}

/** A record another names, which the registry writes only together (meetings.ts): missing, the data came from elsewhere. */
function stored<T>(record: T | null, missing: string): T {
  if (record === null) throw new Error(`the registry's records do not hold together: ${missing}`);
  return record;
}

const EMPTY_PARTICIPATIONS: ParticipationSlice = { totalCount: 0, keys: [] };

type Resolve<I, R> = (_: unknown, args: { input: I }, ctx: GovernanceContext) => R;
const mutation =
  <I, R>(run: (input: I, ctx: GovernanceContext) => R): Resolve<I, R> =>
  (_, { input }, ctx) =>
    run(input, ctx);

/**
 * Committees' mutations, meetings and resolutions of one registry (the resolvers of governance.graphql).
 * Names follow the registry key: for `guilds`, `createGuildsCommittee`, `GuildsMeeting`...
 */
export function governanceResolvers<K extends RegistryKey>(key: K) {
  const prefix = typePrefixOf(key);
  const meetingType = `${prefix}Meeting` as const;
  const resolutionType = `${prefix}Resolution` as const;
  const owns = (id: string) => ownsId(key, id);
  /** Who made a change is shown to the registry's administrators with personal:read alone (a token's subject may be a member's national code). */
  const readsAuthors = (ctx: GovernanceContext): boolean => readsAuthorsOf(ctx.caller, key);

  return {
    Mutation: {
      ...named(
        `create${prefix}Committee`,
        mutation((input: CreateCommitteeInput, ctx) => createCommittee(key, input, ctx)),
      ),
      ...named(
        `add${prefix}CommitteeMember`,
        mutation((input: AddCommitteeMemberInput, ctx) => {
          governanceGrants.seats(key, ctx, `add${prefix}CommitteeMember`, input.projectId);
          return addCommitteeMember(key, input, ctx);
        }),
      ),
      ...named(
        `set${prefix}CommitteeStatus`,
        mutation((input: SetCommitteeStatusInput, ctx) => setCommitteeStatus(key, input, ctx)),
      ),
      ...named(
        `set${prefix}CommitteeDeadline`,
        mutation((input: SetCommitteeDeadlineInput, ctx) => setCommitteeDeadline(key, input, ctx)),
      ),
      ...named(
        `add${prefix}Cooperation`,
        mutation((input: CooperationInput, ctx) => addCooperation(key, input, ctx)),
      ),
      ...named(
        `remove${prefix}Cooperation`,
        mutation((input: RemoveCooperationInput, ctx) => removeCooperation(key, input, ctx)),
      ),
      ...named(
        `create${prefix}MeetingSeries`,
        mutation((input: CreateMeetingSeriesInput, ctx) => createMeetingSeries(key, input, ctx)),
      ),
      ...named(
        `plan${prefix}Meeting`,
        mutation((input: PlanMeetingInput, ctx) => planMeeting(key, input, ctx)),
      ),
      ...named(
        `record${prefix}Meeting`,
        mutation((input: RecordMeetingInput, ctx) => {
          governanceGrants.minutes(key, ctx, `record${prefix}Meeting`, input.seriesId);
          requirePersonalReadFor(
            ctx.caller ?? ANONYMOUS,
            input.attendees.flatMap((attendee, i) => (attendee.nationalCode ? [`record${prefix}Meeting(input.attendees[${i}].nationalCode)`] : [])),
          );
          return recordMeeting(key, input, ctx);
        }),
      ),
      ...named(
        `set${prefix}ResolutionStatus`,
        mutation(async (input: SetResolutionStatusInput, ctx) => {
          await governanceGrants.resolution(key, ctx, `set${prefix}ResolutionStatus`, input.id);
          return setResolutionStatus(key, input, ctx);
        }),
      ),
      ...named(
        `add${prefix}ResolutionNote`,
        mutation(async (input: AddResolutionNoteInput, ctx) => {
          await governanceGrants.resolution(key, ctx, `add${prefix}ResolutionNote`, input.id);
          return addResolutionNote(key, input, ctx);
        }),
      ),
    },
    MeetingList: named(key, ({ filter }: { filter: string }, _: unknown, { repository }: GovernanceContext) =>
      sliceFor<MeetingQuery, GovernanceSlice>(key, filter, EMPTY_SLICE, (query) => repository.governance.pageMeetings(query)),
    ),
    ResolutionList: named(key, ({ filter }: { filter: string }, _: unknown, { repository }: GovernanceContext) =>
      sliceFor<ResolutionQuery, GovernanceSlice>(key, filter, EMPTY_SLICE, (query) => repository.governance.pageResolutions(query, key)),
    ),
    ParticipationList: named(key, ({ filter }: { filter: string }, _: unknown, { repository }: GovernanceContext) =>
      // Each registry speaks for its own organisations: another's named here is invited, not taking part.
      sliceFor<ParticipationQuery, ParticipationSlice>(key, filter, EMPTY_PARTICIPATIONS, (query) =>
        owns(query.organisationId) ? repository.governance.pageParticipations(query) : Promise.resolve(EMPTY_PARTICIPATIONS),
      ),
    ),
    ProjectRecord: {
      due: (record: CommitteeRecord) => partialDateOf(record.due, record.due ? null : record.dueDate),
      history: (record: CommitteeRecord, _: unknown, ctx: GovernanceContext) => historyOf(record.history, readsAuthors(ctx)),
    },
    Meeting: { __resolveType: () => meetingType },
    Resolution: { __resolveType: () => resolutionType },
    ...named(meetingType, {
      __resolveReference: ({ id }: { id: string }, { loaders }: GovernanceContext) => (owns(id) ? loaders.meeting.load(id) : null),
      id: (meeting: MeetingDocument) => meeting._id,
      series: async (meeting: MeetingDocument, _: unknown, { loaders }: GovernanceContext) =>
        stored(await loaders.meetingSeries.load(meeting.seriesId), `meeting ${meeting._id}: no meeting series "${meeting.seriesId}"`),
      number: (meeting: MeetingDocument) => meeting.number ?? null,
      status: (meeting: MeetingDocument) => meeting.status ?? 'HELD',
      host: (meeting: MeetingDocument) => ({ id: meeting.hostId }),
      startsOn: meetingStartOf,
      endsOn: meetingEndOf,
      bodies: (meeting: MeetingDocument) => meeting.bodies ?? [],
      agenda: (meeting: MeetingDocument) => agendaOf(meeting.agenda),
      figures: (meeting: MeetingDocument) => meeting.figures ?? [],
      resolutions: (meeting: MeetingDocument, _: unknown, { loaders }: GovernanceContext) => loaders.resolutionsOfMeeting.load(meeting._id),
      plan: (meeting: MeetingDocument) => planOf(meeting.plan),
      history: (meeting: MeetingDocument, _: unknown, ctx: GovernanceContext) => historyOf(meeting.history, readsAuthors(ctx)),
      source: (meeting: MeetingDocument) => meeting.source ?? null,
      provenance: provenanceOf,
    }),
    ...named(resolutionType, {
      __resolveReference: ({ id }: { id: string }, { loaders }: GovernanceContext) => (owns(id) ? loaders.resolution.load(id) : null),
      id: (resolution: ResolutionDocument) => resolution._id,
      meeting: async (resolution: ResolutionDocument, _: unknown, { loaders }: GovernanceContext) =>
        stored(await loaders.meeting.load(resolution.meetingId), `resolution ${resolution._id}: no meeting "${resolution.meetingId}"`),
      kind: (resolution: ResolutionDocument) => resolution.kind ?? 'RESOLVED',
      responsible: (resolution: ResolutionDocument) => ({ id: resolution.responsibleId }),
      cooperating: (resolution: ResolutionDocument) => resolution.cooperatingIds.map((id) => ({ id })),
      dueDate: (resolution: ResolutionDocument) => partialDateOf(resolution.due, resolution.due ? null : resolution.dueDate),
      completedOn: (resolution: ResolutionDocument) => partialDateOf(resolution.completedOn),
      overdue: (resolution: ResolutionDocument, { asOf }: { asOf?: string | null }) => isOverdue(resolution, asOf),
      committee: (resolution: ResolutionDocument) => (resolution.projectId ? { id: resolution.projectId } : null),
      history: (resolution: ResolutionDocument, _: unknown, ctx: GovernanceContext) => historyOf(resolution.history, readsAuthors(ctx)),
      source: (resolution: ResolutionDocument) => resolution.source ?? null,
      provenance: provenanceOf,
    }),
    MeetingSeries: {
      id: (series: MeetingSeriesDocument) => series._id,
      convenor: (series: MeetingSeriesDocument) => ({ id: series.convenorId }),
    },
    Attendee: {
      person: (attendee: AttendeeRecord) => (attendee.nationalCode ? { nationalCode: attendee.nationalCode } : null),
      organisation: (attendee: AttendeeRecord) => (attendee.organisationId ? { id: attendee.organisationId } : null),
      presiding: (attendee: AttendeeRecord) => attendee.presiding ?? false,
    },
    MeetingBody: {
      permanent: (body: MeetingBodyRecord) => body.permanent ?? false,
      organisation: (body: MeetingBodyRecord) => (body.organisationId ? { id: body.organisationId } : null),
    },
    ReportedFigure: {
      organisation: (figure: FigureRecord) => (figure.organisationId ? { id: figure.organisationId } : null),
      reporter: (figure: FigureRecord) => (figure.nationalCode ? { nationalCode: figure.nationalCode } : null),
    },
  };
}
