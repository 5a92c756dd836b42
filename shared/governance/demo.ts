import { DemoCollection, ProjectKind, ProjectStatus, RoleDocument } from '../registry/documents';
import { PartialDate, parsePartialDate, rangeOf } from '../text/partial-date';
import {
  AgendaItemRecord,
  AttendeeRecord,
  CommitteeRecord,
  dueInstantOf,
  FigureRecord,
  MeetingBodyRecord,
  MeetingStatus,
  ResolutionKind,
  SourceRecord,
  startInstantOf,
  unnumberedMeetingId,
  CommitteePosition,
  COMMITTEE_POSITIONS,
  GOVERNANCE_COLLECTIONS,
  meetingId,
  MeetingDocument,
  MeetingSeriesDocument,
  memberId,
  ProjectMemberDocument,
  resolutionDocument,
  ResolutionDocument,
  ResolutionStatus,
  seatOf,
} from './documents';

/** Builders of the demo data's committees, meetings and resolutions (each registry's governance-data.ts). */

/** A committee's record; `due` as the minutes give it (read with `parsePartialDate`), or none. */
export function projectDocument(id: string, kind: ProjectKind, title: string, mandate: string, due: PartialDate | null, status: ProjectStatus): CommitteeRecord {
  return { _id: id, kind, title, mandate, ...(due ? { dueDate: dueInstantOf(due), due } : {}), status };
}

/** Committee seats from the positions people hold in a body (roles); positions other than the four seats sit as members. */
export function membersFromRoles(projectId: string, roles: readonly RoleDocument[]): ProjectMemberDocument[] {
  return roles.map((role) => {
    const position: CommitteePosition = (COMMITTEE_POSITIONS as readonly string[]).includes(role.position) ? (role.position as CommitteePosition) : 'MEMBER';
    return {
      _id: memberId(projectId, role.nationalCode),
      projectId,
      nationalCode: role.nationalCode,
      position,
      organisationId: role.organisationId,
      seat: seatOf(projectId, position, role.nationalCode),
      ...(role.since ? { since: role.since } : {}),
    };
  });
}

export interface DemoResolution {
  kind?: ResolutionKind;
  text: string;
  responsibleId: string;
  cooperatingIds?: readonly string[];
  /** The due date as the minutes write it, read against the meeting's first day; none when they give none. */
  due?: string;
  projectId?: string;
  status?: ResolutionStatus;
  source: SourceRecord;
}

export interface DemoMeeting {
  seriesId: string;
  /** The meeting's number, or `key` for one the text does not number. */
  number?: number;
  key?: string;
  title?: string;
  /** HELD unless PLANNED: a planned meeting's host, days, place and agenda are its plan too. */
  status?: MeetingStatus;
  hostId: string;
  /** The days as the text writes them (the forms `parsePartialDate` reads); none when it gives none. */
  startsOn?: string;
  endsOn?: string;
  /** The ISO day a `startsOn` without a year is read against (the source's note says why). */
  startsAgainst?: string;
  place?: string;
  attendees: AttendeeRecord[];
  bodies?: MeetingBodyRecord[];
  agenda: (string | AgendaItemRecord)[];
  figures?: FigureRecord[];
  resolutions: readonly DemoResolution[];
  source: SourceRecord;
}

/** A meeting's document and its resolutions' documents, numbered from 1 in the order given. Throws on a date the reader refuses. */
export function meetingDocuments(meeting: DemoMeeting): { meeting: MeetingDocument; resolutions: ResolutionDocument[] } {
  const id = meeting.number !== undefined ? meetingId(meeting.seriesId, meeting.number) : unnumberedMeetingId(meeting.seriesId, meeting.key!);
  const starts = meeting.startsOn ? parsePartialDate(meeting.startsOn, { referenceIso: meeting.startsAgainst ?? null }) : undefined;
  const firstDay = starts ? rangeOf(starts).firstIso : null;
  const ends = meeting.endsOn ? parsePartialDate(meeting.endsOn, { referenceIso: firstDay }) : undefined;
  const status = meeting.status ?? 'HELD';
  const agenda = meeting.agenda.map((item): AgendaItemRecord => (typeof item === 'string' ? { title: item } : item));
  const document: MeetingDocument = {
    _id: id,
    seriesId: meeting.seriesId,
    ...(meeting.number !== undefined ? { number: meeting.number } : {}),
    ...(meeting.title ? { title: meeting.title } : {}),
    status,
    hostId: meeting.hostId,
    ...(starts ? { startsOn: startInstantOf(starts), endsOn: dueInstantOf(ends ?? starts), starts } : {}),
    ...(ends ? { ends } : {}),
    ...(meeting.place ? { place: meeting.place } : {}),
    attendees: meeting.attendees,
    ...(meeting.bodies ? { bodies: meeting.bodies } : {}),
    agenda,
    ...(meeting.figures ? { figures: meeting.figures } : {}),
    ...(status === 'PLANNED'
      ? {
          plan: {
            hostId: meeting.hostId,
            ...(starts ? { starts } : {}),
            ...(ends ? { ends } : {}),
            ...(meeting.place ? { place: meeting.place } : {}),
            agenda,
            source: meeting.source,
          },
        }
      : {}),
    source: meeting.source,
  };
  return {
    meeting: document,
    resolutions: meeting.resolutions.map((resolution, i) =>
      resolutionDocument({ _id: id, seriesId: meeting.seriesId }, i + 1, {
        kind: resolution.kind ?? null,
        text: resolution.text,
        responsibleId: resolution.responsibleId,
        cooperatingIds: resolution.cooperatingIds ?? [],
        due: resolution.due ? parsePartialDate(resolution.due, { referenceIso: firstDay }) : null,
        status: resolution.status ?? 'OPEN',
        projectId: resolution.projectId ?? null,
        source: resolution.source,
      }),
    ),
  };
}

/** A registry's governance documents as `extra` demo collections. */
export function governanceCollections(parts: {
  members?: ProjectMemberDocument[];
  series?: MeetingSeriesDocument[];
  meetings?: MeetingDocument[];
  resolutions?: ResolutionDocument[];
}): DemoCollection[] {
  return (Object.keys(GOVERNANCE_COLLECTIONS) as (keyof typeof GOVERNANCE_COLLECTIONS)[])
    .filter((part) => (parts[part]?.length ?? 0) > 0)
    .map((part) => ({ collection: GOVERNANCE_COLLECTIONS[part], documents: parts[part]! }));
}
