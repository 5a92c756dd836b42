import { badUserInputField, InputChecker } from '../errors';
import { ownsId, RegistryKey } from '../registry';
import { RegistryContext } from '../registry/resolvers';
import { DuplicateKeyError } from '../store/port';
import { instantOfIsoDate } from '../text/calendar';
import { checkDate, checkNationalCode, checkOptionalText, checkText } from '../validation';
import { checkNewId, checkOrganisations, checkOwnOrganisation, checkProjectReference, checkRequiredDate, Reference, referenceList } from './checks';
import {
  AttendeeRecord,
  meetingId,
  MeetingDocument,
  MeetingSeriesDocument,
  resolutionDocument,
  ResolutionDocument,
  ResolutionStatus,
} from './documents';

export interface CreateMeetingSeriesInput {
  id: string;
  title: string;
  convenorId: string;
}

interface AttendeeInput {
  name: string;
  title?: string | null;
  nationalCode?: string | null;
  organisationId?: string | null;
}

interface ResolutionInput {
  text: string;
  responsibleId: string;
  cooperatingIds: string[];
  dueDate: string;
  projectId?: string | null;
  status?: ResolutionStatus | null;
}

export interface RecordMeetingInput {
  seriesId: string;
  number: number;
  hostId: string;
  startsOn: string;
  endsOn?: string | null;
  place?: string | null;
  attendees: AttendeeInput[];
  agenda: string[];
  resolutions: ResolutionInput[];
}

export interface SetResolutionStatusInput {
  id: string;
  status: ResolutionStatus;
}

const MAX_ATTENDEES = 200;
const MAX_AGENDA_ITEMS = 100;
const MAX_RESOLUTIONS = 100;
const MAX_MEETING_NUMBER = 9999;

/** Refuses a list longer than `max` (recorded); returns whether its entries are worth checking. */
function withinLimit(checker: InputChecker, field: string, list: readonly unknown[], max: number): boolean {
  if (list.length <= max) return true;
  checker.add(field, `must have at most ${max} entries; got ${list.length}`);
  return false;
}

export async function createMeetingSeries(key: RegistryKey, input: CreateMeetingSeriesInput, { repository, loaders }: RegistryContext): Promise<MeetingSeriesDocument> {
  const checker = new InputChecker();
  const id = checkNewId(checker, 'id', key, input.id);
  const title = checkText(checker, 'title', input.title, { min: 2, max: 200 });
  await Promise.all([
    checkOwnOrganisation(checker, key, loaders, { field: 'convenorId', id: input.convenorId }),
    id && loaders.meetingSeries.load(id).then((found) => found && checker.add('id', `"${id}" already exists`)),
  ]);
  checker.throwIfAny();
  const series: MeetingSeriesDocument = { _id: id!, title: title!, convenorId: input.convenorId };
  try {
    await repository.governance.createSeries(series);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('id', `"${series._id}" already exists`);
    throw error;
  }
  loaders.meetingSeries.clear(series._id).prime(series._id, series);
  return series;
}

function checkAttendees(checker: InputChecker, attendees: AttendeeInput[], organisations: Reference[]): AttendeeRecord[] {
  if (!withinLimit(checker, 'attendees', attendees, MAX_ATTENDEES)) return [];
  return attendees.map((attendee, i) => {
    const field = (name: string) => `attendees[${i}].${name}`;
    const name = checkText(checker, field('name'), attendee.name, { min: 2, max: 120 });
    const title = checkOptionalText(checker, field('title'), attendee.title, { max: 200 });
    const nationalCode = attendee.nationalCode ? checkNationalCode(checker, field('nationalCode'), attendee.nationalCode) : undefined;
    if (attendee.organisationId) organisations.push({ field: field('organisationId'), id: attendee.organisationId });
    return {
      name: name ?? '',
      ...(title ? { title } : {}),
      ...(nationalCode ? { nationalCode } : {}),
      ...(attendee.organisationId ? { organisationId: attendee.organisationId } : {}),
    };
  });
}

interface CheckedResolution {
  input: ResolutionInput;
  text?: string;
  dueDate?: string;
}

function checkResolutions(checker: InputChecker, resolutions: ResolutionInput[], organisations: Reference[], projects: Reference[]): CheckedResolution[] {
  if (!withinLimit(checker, 'resolutions', resolutions, MAX_RESOLUTIONS)) return [];
  return resolutions.map((resolution, i) => {
    const field = (name: string) => `resolutions[${i}].${name}`;
    organisations.push({ field: field('responsibleId'), id: resolution.responsibleId });
    organisations.push(...referenceList(checker, field('cooperatingIds'), resolution.cooperatingIds, resolution.responsibleId));
    if (resolution.projectId) projects.push({ field: field('projectId'), id: resolution.projectId });
    return {
      input: resolution,
      text: checkText(checker, field('text'), resolution.text, { min: 2, max: 2000 }),
      dueDate: checkRequiredDate(checker, field('dueDate'), resolution.dueDate),
    };
  });
}

/** Validates the whole meeting, then writes it and its resolutions together. */
export async function recordMeeting(key: RegistryKey, input: RecordMeetingInput, { repository, loaders }: RegistryContext): Promise<MeetingDocument> {
  const checker = new InputChecker();
  const organisations: Reference[] = [{ field: 'hostId', id: input.hostId }];
  const projects: Reference[] = [];
  const numberOk = Number.isInteger(input.number) && input.number >= 1 && input.number <= MAX_MEETING_NUMBER;
  if (!numberOk) checker.add('number', `must be a whole number from 1 to ${MAX_MEETING_NUMBER}; got ${input.number}`);
  const startsOn = checkRequiredDate(checker, 'startsOn', input.startsOn);
  const endsOn = checkDate(checker, 'endsOn', input.endsOn) ?? startsOn;
  if (startsOn && endsOn && endsOn < startsOn) checker.add('endsOn', `must not be before startsOn (${startsOn})`);
  const place = checkOptionalText(checker, 'place', input.place, { max: 120 });
  const attendees = checkAttendees(checker, input.attendees, organisations);
  const agenda = withinLimit(checker, 'agenda', input.agenda, MAX_AGENDA_ITEMS)
    ? input.agenda.map((item, i) => checkText(checker, `agenda[${i}]`, item, { min: 2, max: 500 }) ?? '')
    : [];
  const resolutions = checkResolutions(checker, input.resolutions, organisations, projects);
  const series = ownsId(key, input.seriesId) ? await loaders.meetingSeries.load(input.seriesId) : null;
  if (!series) checker.add('seriesId', `no meeting series "${input.seriesId}" in the ${key} registry`);
  const id = series && numberOk ? meetingId(series._id, input.number) : undefined;
  await Promise.all([
    checkOrganisations(checker, key, loaders, organisations),
    ...projects.map((reference) => checkProjectReference(checker, key, loaders, reference)),
    id && loaders.meeting.load(id).then((found) => found && checker.add('number', `meeting ${input.number} of "${input.seriesId}" is already recorded`)),
  ]);
  checker.throwIfAny();
  const meeting: MeetingDocument = {
    _id: id!,
    seriesId: input.seriesId,
    number: input.number,
    hostId: input.hostId,
    startsOn: instantOfIsoDate(startsOn!),
    endsOn: instantOfIsoDate(endsOn!),
    ...(place ? { place } : {}),
    attendees,
    agenda,
  };
  const documents = resolutions.map(({ input: resolution, text, dueDate }, i) =>
    resolutionDocument(meeting, i + 1, { ...resolution, text: text!, dueDate: instantOfIsoDate(dueDate!), status: resolution.status ?? 'OPEN' }),
  );
  try {
    await repository.governance.recordMeeting(meeting, documents);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('number', `meeting ${input.number} of "${input.seriesId}" is already recorded`);
    throw error;
  }
  loaders.meeting.clear(meeting._id).prime(meeting._id, meeting);
  loaders.resolutionsOfMeeting.clear(meeting._id);
  return meeting;
}

export async function setResolutionStatus(key: RegistryKey, input: SetResolutionStatusInput, { repository, loaders }: RegistryContext): Promise<ResolutionDocument> {
  const resolution = ownsId(key, input.id) ? await loaders.resolution.load(input.id) : null;
  if (!resolution) throw badUserInputField('id', `no resolution "${input.id}" in the ${key} registry`);
  const updated = await repository.governance.setResolutionStatus(resolution, input.status, instantOfIsoDate(new Date().toISOString().slice(0, 10)));
  loaders.resolution.clear(updated._id).prime(updated._id, updated);
  loaders.resolutionsOfMeeting.clear(updated.meetingId);
  return updated;
}
