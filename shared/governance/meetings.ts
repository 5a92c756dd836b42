import { enteredBy } from '../provenance/provenance';
import { badUserInputField, InputChecker } from '../errors';
import { ownsId, RegistryKey } from '../registry/keys';
import { guardParent } from '../registry/parent-guard';
import { BodyKind } from '../registry/documents';
import { DuplicateKeyError } from '../store/port';
import { PartialDate, rangeOf } from '../text/partial-date';
import { checkNationalCode, checkOptionalText, checkPartialDate, checkText } from '../validation';
import { checkNewId, checkOrganisations, checkOwnOrganisation, checkProjectReference, Reference, referenceList, sharedGrantId, grantIdTaken } from './checks';
import {
  AgendaItemRecord,
  AttendeeRecord,
  FigureRecord,
  GOVERNANCE_COLLECTIONS,
  GRANT_IDS_COLLECTION,
  meetingId,
  MeetingBodyRecord,
  MeetingDocument,
  MeetingSeriesDocument,
  ResolutionKind,
  resolutionDocument,
  ResolutionStatus,
  startInstantOf,
  dueInstantOf,
  unnumberedMeetingId,
} from './documents';
import { changeBy, checkSource, GovernanceContext, SourceInput } from './history';

export interface CreateMeetingSeriesInput {
  id: string;
  title: string;
  convenorId: string;
}

interface AttendeeInput {
  name?: string | null;
  title?: string | null;
  nationalCode?: string | null;
  organisationId?: string | null;
  presiding?: boolean | null;
  body?: string | null;
}

interface MeetingBodyInput {
  name: string;
  kind: BodyKind;
  permanent?: boolean | null;
  level?: string | null;
  organisationId?: string | null;
  representedBy?: string | null;
}

interface ReportedFigureInput {
  value: number;
  counts: string;
  scope?: string | null;
  period?: string | null;
  organisationId?: string | null;
  reportedBy?: string | null;
  source: SourceInput;
}

interface ResolutionInput {
  kind?: ResolutionKind | null;
  text: string;
  responsibleId: string;
  cooperatingIds: readonly string[];
  dueDate?: string | null;
  projectId?: string | null;
  status?: ResolutionStatus | null;
  source?: SourceInput | null;
}

/** Which meeting of a series: its number, or the key of a meeting the minutes do not number. */
interface MeetingIdentity {
  seriesId: string;
  number?: number | null;
  key?: string | null;
}

export interface PlanMeetingInput extends MeetingIdentity {
  title?: string | null;
  hostId: string;
  startsOn?: string | null;
  endsOn?: string | null;
  place?: string | null;
  agenda: readonly string[];
  source?: SourceInput | null;
}

export interface RecordMeetingInput extends PlanMeetingInput {
  attendees: readonly AttendeeInput[];
  bodies?: readonly MeetingBodyInput[];
  figures?: readonly ReportedFigureInput[];
  resolutions: readonly ResolutionInput[];
}

const MAX_ATTENDEES = 200;
const MAX_BODIES = 50;
const MAX_AGENDA_ITEMS = 100;
const MAX_FIGURES = 100;
const MAX_RESOLUTIONS = 100;
const MAX_MEETING_NUMBER = 9999;
const MEETING_KEY = /^[a-z][a-z0-9-]{1,59}$/;

/** Refuses a list longer than `max` (recorded); returns whether its entries are worth checking. */
function withinLimit(checker: InputChecker, field: string, list: readonly unknown[], max: number): boolean {
  if (list.length <= max) return true;
  checker.add(field, `must have at most ${max} entries; got ${list.length}`);
  return false;
}

export async function createMeetingSeries(key: RegistryKey, input: CreateMeetingSeriesInput, { repository, loaders }: GovernanceContext): Promise<MeetingSeriesDocument> {
  const checker = new InputChecker();
  const id = checkNewId(checker, 'id', key, input.id);
  const title = checkText(checker, 'title', input.title, { min: 2, max: 200 });
  await Promise.all([
    checkOwnOrganisation(checker, key, loaders, { field: 'convenorId', id: input.convenorId }),
    id && loaders.meetingSeries.load(id).then((found) => found && checker.add('id', `"${id}" already exists`)),
    id && loaders.project.load(id).then((found) => found && checker.add('id', sharedGrantId(id, 'a committee'))),
  ]);
  checker.throwIfAny();
  const series: MeetingSeriesDocument = { _id: id!, title: title!, convenorId: input.convenorId };
  try {
    await repository.governance.createSeries(series);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('id', error.collection === GRANT_IDS_COLLECTION ? grantIdTaken(series._id) : `"${series._id}" already exists`);
    throw error;
  }
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  loaders.meetingSeries.clear(series._id);
  return series;
}

/** The meeting's number or key (one of them), checked; undefined (recorded) when neither or both are usable. */
function checkIdentity(checker: InputChecker, input: MeetingIdentity): { number?: number; key?: string } | undefined {
  const hasNumber = input.number !== null && input.number !== undefined;
  const hasKey = input.key !== null && input.key !== undefined;
  if (hasNumber && hasKey) {
    checker.add('key', "give the meeting's number or a key, not both");
    return undefined;
  }
  if (hasNumber) {
    if (Number.isInteger(input.number) && input.number! >= 1 && input.number! <= MAX_MEETING_NUMBER) return { number: input.number! };
    checker.add('number', `must be a whole number from 1 to ${MAX_MEETING_NUMBER}; got ${input.number}`);
    return undefined;
  }
  if (hasKey) {
    if (MEETING_KEY.test(input.key!)) return { key: input.key! };
    checker.add('key', `"${input.key}" is not a meeting key: 2 to 60 lower-case letters, digits or dashes, starting with a letter`);
    return undefined;
  }
  checker.add('number', "is required: the meeting's number in its series, or a `key` for a meeting the minutes do not number");
  return undefined;
}

const describeMeeting = (input: MeetingIdentity): string =>
  input.number !== null && input.number !== undefined ? `meeting ${input.number} of "${input.seriesId}"` : `meeting "${input.key}" of "${input.seriesId}"`;

/** First and last day as precise as given; the last, without a year, is read against the first. */
function checkDays(checker: InputChecker, startsOn: string | null | undefined, endsOn: string | null | undefined): { starts?: PartialDate; ends?: PartialDate } {
  const starts = checkPartialDate(checker, 'startsOn', startsOn);
  const ends = checkPartialDate(checker, 'endsOn', endsOn, { referenceIso: starts ? rangeOf(starts).firstIso : null });
  if (ends && (startsOn === null || startsOn === undefined)) checker.add('endsOn', 'needs startsOn: give the first day too');
  if (starts && ends && rangeOf(ends).lastIso < rangeOf(starts).firstIso) checker.add('endsOn', `must not be before startsOn (${rangeOf(starts).firstIso})`);
  return { ...(starts ? { starts } : {}), ...(ends ? { ends } : {}) };
}

function checkAgenda(checker: InputChecker, agenda: readonly string[]): AgendaItemRecord[] {
  if (!withinLimit(checker, 'agenda', agenda, MAX_AGENDA_ITEMS)) return [];
  return agenda.map((item, i) => ({ title: checkText(checker, `agenda[${i}]`, item, { min: 2, max: 500 }) ?? '' }));
}

function checkAttendees(checker: InputChecker, attendees: readonly AttendeeInput[], organisations: Reference[]): AttendeeRecord[] {
  if (!withinLimit(checker, 'attendees', attendees, MAX_ATTENDEES)) return [];
  return attendees.map((attendee, i) => {
    const field = (name: string) => `attendees[${i}].${name}`;
    const named = attendee.name !== null && attendee.name !== undefined;
    const name = named ? checkText(checker, field('name'), attendee.name!, { min: 2, max: 120 }) : undefined;
    const title = checkOptionalText(checker, field('title'), attendee.title, { max: 200 });
    if (!named && !title) checker.add(field('name'), 'is required, unless `title` gives the office the minutes name instead');
    const body = checkOptionalText(checker, field('body'), attendee.body, { max: 200 });
    const nationalCode = attendee.nationalCode ? checkNationalCode(checker, field('nationalCode'), attendee.nationalCode) : undefined;
    if (attendee.organisationId) organisations.push({ field: field('organisationId'), id: attendee.organisationId });
    return {
      ...(name ? { name } : {}),
      ...(title ? { title } : {}),
      ...(nationalCode ? { nationalCode } : {}),
      ...(attendee.organisationId ? { organisationId: attendee.organisationId } : {}),
      ...(attendee.presiding ? { presiding: true } : {}),
      ...(body ? { body } : {}),
    };
  });
}

function checkBodies(checker: InputChecker, bodies: readonly MeetingBodyInput[], organisations: Reference[]): MeetingBodyRecord[] {
  if (!withinLimit(checker, 'bodies', bodies, MAX_BODIES)) return [];
  return bodies.map((body, i) => {
    const field = (name: string) => `bodies[${i}].${name}`;
    const level = checkOptionalText(checker, field('level'), body.level, { max: 100 });
    const representedBy = checkOptionalText(checker, field('representedBy'), body.representedBy, { max: 200 });
    if (body.organisationId) organisations.push({ field: field('organisationId'), id: body.organisationId });
    return {
      name: checkText(checker, field('name'), body.name, { min: 2, max: 200 }) ?? '',
      kind: body.kind,
      ...(body.permanent ? { permanent: true } : {}),
      ...(level ? { level } : {}),
      ...(body.organisationId ? { organisationId: body.organisationId } : {}),
      ...(representedBy ? { representedBy } : {}),
    };
  });
}

function checkFigures(checker: InputChecker, figures: readonly ReportedFigureInput[], organisations: Reference[]): FigureRecord[] {
  if (!withinLimit(checker, 'figures', figures, MAX_FIGURES)) return [];
  return figures.map((figure, i) => {
    const field = (name: string) => `figures[${i}].${name}`;
    if (!Number.isFinite(figure.value) || figure.value < 0) checker.add(field('value'), `must be a number, 0 or more; got ${figure.value}`);
    const scope = checkOptionalText(checker, field('scope'), figure.scope, { max: 200 });
    const period = checkOptionalText(checker, field('period'), figure.period, { max: 200 });
    const reportedBy = checkOptionalText(checker, field('reportedBy'), figure.reportedBy, { max: 120 });
    if (figure.organisationId) organisations.push({ field: field('organisationId'), id: figure.organisationId });
    const source = checkSource(checker, field('source'), figure.source);
    return {
      value: figure.value,
      counts: checkText(checker, field('counts'), figure.counts, { min: 2, max: 200 }) ?? '',
      ...(scope ? { scope } : {}),
      ...(period ? { period } : {}),
      ...(figure.organisationId ? { organisationId: figure.organisationId } : {}),
      ...(reportedBy ? { reportedBy } : {}),
      source: source ?? { text: figure.source.text, quote: figure.source.quote },
    };
  });
}

interface CheckedResolution {
  input: ResolutionInput;
  text?: string | undefined;
  due?: PartialDate | undefined;
  source?: ReturnType<typeof checkSource> | undefined;
}

function checkResolutions(
  checker: InputChecker,
  resolutions: readonly ResolutionInput[],
  organisations: Reference[],
  projects: Reference[],
  meetingDay: string | null,
): CheckedResolution[] {
  if (!withinLimit(checker, 'resolutions', resolutions, MAX_RESOLUTIONS)) return [];
  return resolutions.map((resolution, i) => {
    const field = (name: string) => `resolutions[${i}].${name}`;
    organisations.push({ field: field('responsibleId'), id: resolution.responsibleId });
    organisations.push(...referenceList(checker, field('cooperatingIds'), resolution.cooperatingIds, resolution.responsibleId));
    if (resolution.projectId) projects.push({ field: field('projectId'), id: resolution.projectId });
    return {
      input: resolution,
      text: checkText(checker, field('text'), resolution.text, { min: 2, max: 2000 }),
      due: checkPartialDate(checker, field('dueDate'), resolution.dueDate, { referenceIso: meetingDay }),
      source: checkSource(checker, field('source'), resolution.source),
    };
  });
}

/** What planning and recording share: the series, the meeting's id, host, days, place, agenda, source. */
async function checkMeetingCore(key: RegistryKey, input: PlanMeetingInput, checker: InputChecker, { loaders }: GovernanceContext) {
  const identity = checkIdentity(checker, input);
  const title = checkOptionalText(checker, 'title', input.title, { min: 2, max: 200 });
  const days = checkDays(checker, input.startsOn, input.endsOn);
  const place = checkOptionalText(checker, 'place', input.place, { max: 120 });
  const agenda = checkAgenda(checker, input.agenda);
  const source = checkSource(checker, 'source', input.source);
  const series = ownsId(key, input.seriesId) ? await loaders.meetingSeries.load(input.seriesId) : null;
  if (!series) checker.add('seriesId', `no meeting series "${input.seriesId}" in the ${key} registry`);
  else guardParent(GOVERNANCE_COLLECTIONS.series, series, 'seriesId', 'the meeting series');
  let id: string | undefined;
  if (series && identity) id = identity.number !== undefined ? meetingId(series._id, identity.number) : unnumberedMeetingId(series._id, identity.key!);
  const existing = id ? await loaders.meeting.load(id) : null;
  return { identity, title, days, place, agenda, source, id, existing };
}

/** The parts of a meeting document its days make: the precise dates and the sort instants. */
const daysOf = ({ starts, ends }: { starts?: PartialDate; ends?: PartialDate }) => ({
  ...(starts ? { startsOn: startInstantOf(starts), starts } : {}),
  ...(starts ? { endsOn: dueInstantOf(ends ?? starts) } : {}),
  ...(ends ? { ends } : {}),
});

/** What a planned and a held meeting write alike: identity, series, host, days, place, agenda and source. */
function meetingBase(input: PlanMeetingInput, core: Awaited<ReturnType<typeof checkMeetingCore>>) {
  return {
    _id: core.id!,
    seriesId: input.seriesId,
    ...(core.identity!.number !== undefined ? { number: core.identity!.number } : {}),
    ...(core.title ? { title: core.title } : {}),
    hostId: input.hostId,
    ...daysOf(core.days),
    ...(core.place ? { place: core.place } : {}),
    agenda: core.agenda,
    ...(core.source ? { source: core.source } : {}),
  };
}

/** Plans a meeting (status PLANNED) before it happens: host, days as precise as known, agenda. */
export async function planMeeting(key: RegistryKey, input: PlanMeetingInput, ctx: GovernanceContext): Promise<MeetingDocument> {
  const { repository, loaders } = ctx;
  const checker = new InputChecker();
  const core = await checkMeetingCore(key, input, checker, ctx);
  if (core.existing) checker.add(input.key ? 'key' : 'number', `${describeMeeting(input)} is already ${core.existing.status === 'PLANNED' ? 'planned' : 'recorded'}`);
  await checkOrganisations(checker, key, loaders, [{ field: 'hostId', id: input.hostId }]);
  checker.throwIfAny();
  const meeting: MeetingDocument = {
    ...meetingBase(input, core),
    status: 'PLANNED',
    attendees: [],
    plan: {
      hostId: input.hostId,
      ...core.days,
      ...(core.place ? { place: core.place } : {}),
      agenda: core.agenda,
      plannedAt: new Date(),
      ...(core.source ? { source: core.source } : {}),
    },
    provenance: enteredBy(ctx.caller),
  };
  try {
    await repository.governance.planMeeting(meeting);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField(input.key ? 'key' : 'number', `${describeMeeting(input)} is already planned or recorded`);
    throw error;
  }
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  loaders.meeting.clear(meeting._id);
  return meeting;
}

/**
 * Validates the whole meeting, then writes it and its resolutions together. A meeting planned under
 * the same number or key becomes HELD, its plan kept; one already held is refused.
 */
export async function recordMeeting(key: RegistryKey, input: RecordMeetingInput, ctx: GovernanceContext): Promise<MeetingDocument> {
  const { repository, loaders } = ctx;
  const checker = new InputChecker();
  const organisations: Reference[] = [{ field: 'hostId', id: input.hostId }];
  const projects: Reference[] = [];
  const core = await checkMeetingCore(key, input, checker, ctx);
  const planned = core.existing && core.existing.status === 'PLANNED' ? core.existing : null;
  if (core.existing && !planned) checker.add(input.key ? 'key' : 'number', `${describeMeeting(input)} is already recorded`);
  const attendees = checkAttendees(checker, input.attendees, organisations);
  const bodies = checkBodies(checker, input.bodies ?? [], organisations);
  const figures = checkFigures(checker, input.figures ?? [], organisations);
  const meetingDay = core.days.starts ? rangeOf(core.days.starts).firstIso : null;
  const resolutions = checkResolutions(checker, input.resolutions, organisations, projects, meetingDay);
  // Minutes of a meeting held before an organisation closed may name it; of one on an unknown day too.
  await Promise.all([
    checkOrganisations(checker, key, loaders, organisations, { on: meetingDay }),
    ...projects.map((reference) => checkProjectReference(checker, key, loaders, reference)),
  ]);
  checker.throwIfAny();
  const meeting: MeetingDocument = {
    ...meetingBase(input, core),
    status: 'HELD',
    attendees,
    ...(bodies.length > 0 ? { bodies } : {}),
    ...(figures.length > 0 ? { figures } : {}),
    ...(planned?.plan ? { plan: planned.plan } : {}),
    ...(planned ? { history: [...(planned.history ?? []), changeBy(ctx, { field: 'STATUS', before: 'PLANNED', after: 'HELD' })] } : {}),
    provenance: planned?.provenance ?? enteredBy(ctx.caller),
  };
  const documents = resolutions
    .map(({ input: resolution, text, due, source }, i) =>
      resolutionDocument(meeting, i + 1, {
        kind: resolution.kind ?? null,
        text: text!,
        responsibleId: resolution.responsibleId,
        cooperatingIds: resolution.cooperatingIds,
        due: due ?? null,
        status: resolution.status ?? 'OPEN',
        projectId: resolution.projectId ?? null,
        source: source ?? null,
      }),
    )
    .map((document) => ({ ...document, provenance: enteredBy(ctx.caller) }));
  try {
    if (planned) await repository.governance.recordPlannedMeeting(planned, meeting, documents);
    else await repository.governance.recordMeeting(meeting, documents);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField(input.key ? 'key' : 'number', `${describeMeeting(input)} is already recorded`);
    throw error;
  }
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  loaders.meeting.clear(meeting._id);
  loaders.resolutionsOfMeeting.clear(meeting._id);
  return meeting;
}
