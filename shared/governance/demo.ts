import { DemoCollection, ProjectDocument, ProjectKind, ProjectStatus, RoleDocument } from '../registry/documents';
import { instantOfIsoDate } from '../text/calendar';
import {
  AttendeeRecord,
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

export function projectDocument(id: string, kind: ProjectKind, title: string, mandate: string, dueIso: string, status: ProjectStatus): ProjectDocument {
  return { _id: id, kind, title, mandate, dueDate: instantOfIsoDate(dueIso), status };
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
  text: string;
  responsibleId: string;
  cooperatingIds?: readonly string[];
  dueIso: string;
  projectId?: string;
  status?: ResolutionStatus;
}

export interface DemoMeeting {
  seriesId: string;
  number: number;
  hostId: string;
  startsIso: string;
  endsIso: string;
  place?: string;
  attendees: AttendeeRecord[];
  agenda: string[];
  resolutions: readonly DemoResolution[];
}

/** A meeting's document and its resolutions' documents, numbered from 1 in the order given. */
export function meetingDocuments(meeting: DemoMeeting): { meeting: MeetingDocument; resolutions: ResolutionDocument[] } {
  const id = meetingId(meeting.seriesId, meeting.number);
  return {
    meeting: {
      _id: id,
      seriesId: meeting.seriesId,
      number: meeting.number,
      hostId: meeting.hostId,
      startsOn: instantOfIsoDate(meeting.startsIso),
      endsOn: instantOfIsoDate(meeting.endsIso),
      ...(meeting.place ? { place: meeting.place } : {}),
      attendees: meeting.attendees,
      agenda: meeting.agenda,
    },
    resolutions: meeting.resolutions.map((resolution, i) =>
      resolutionDocument({ _id: id, seriesId: meeting.seriesId }, i + 1, {
        ...resolution,
        cooperatingIds: resolution.cooperatingIds ?? [],
        dueDate: instantOfIsoDate(resolution.dueIso),
        status: resolution.status ?? 'OPEN',
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
