import { StoredDocument } from '../store/port';

/** The collections every registry keeps its committees' members, meetings and resolutions in. */
export const GOVERNANCE_COLLECTIONS = {
  members: 'projectMembers',
  series: 'meetingSeries',
  meetings: 'meetings',
  resolutions: 'resolutions',
} as const;

/** The seats of a committee or working group (رئیس، نایب رئیس، دبیر، عضو). */
export const COMMITTEE_POSITIONS = ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'MEMBER'] as const;
export type CommitteePosition = (typeof COMMITTEE_POSITIONS)[number];

export const RESOLUTION_STATUSES = ['OPEN', 'DONE'] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/**
 * A person on a committee or working group, kept by the registry that keeps the committee. The
 * person may belong to any registry (federated by national code).
 */
export interface ProjectMemberDocument extends StoredDocument {
  projectId: string;
  nationalCode: string;
  position: CommitteePosition;
  /** The organisation the member represents, of any registry. */
  organisationId?: string;
  since?: Date;
  /**
   * Unique per committee: `<projectId>|CHAIR` for the one-person seats, `<projectId>|MEMBER|<code>`
   * for ordinary members, so the store's unique index refuses a second chair even under a race.
   */
  seat: string;
}

/** A numbered series of meetings convened by one organisation (e.g. a specialised group). */
export interface MeetingSeriesDocument extends StoredDocument {
  title: string;
  convenorId: string;
}

/** Someone present at a meeting, with the title the minutes give them. */
export interface AttendeeRecord {
  name: string;
  title?: string;
  nationalCode?: string;
  organisationId?: string;
}

/** One meeting of a series: `_id` is `<seriesId>/<number, four digits>`. */
export interface MeetingDocument extends StoredDocument {
  seriesId: string;
  number: number;
  hostId: string;
  /** First and last day, stored as 00:00 UTC. */
  startsOn: Date;
  endsOn: Date;
  place?: string;
  attendees: AttendeeRecord[];
  /** The agenda items, in order. */
  agenda: string[];
}

/** A resolution of a meeting: `_id` is `<meetingId>/r<number, two digits>`. */
export interface ResolutionDocument extends StoredDocument {
  meetingId: string;
  seriesId: string;
  number: number;
  text: string;
  responsibleId: string;
  cooperatingIds: string[];
  dueDate: Date;
  /** `<due date ISO>|<_id>`: the order resolution lists are paged in (earliest due first). */
  dueKey: string;
  status: ResolutionStatus;
  /** The committee or project the resolution sets up or concerns, of any registry. */
  projectId?: string;
  statusChangedOn?: Date;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const meetingId = (seriesId: string, number: number): string => `${seriesId}/${pad(number, 4)}`;
export const resolutionId = (meeting: string, number: number): string => `${meeting}/r${pad(number, 2)}`;
export const memberId = (projectId: string, nationalCode: string): string => `${projectId}|${nationalCode}`;
export const dueKeyOf = (dueDate: Date, id: string): string => `${dueDate.toISOString().slice(0, 10)}|${id}`;

export const seatOf = (projectId: string, position: CommitteePosition, nationalCode: string): string =>
  position === 'MEMBER' ? `${projectId}|MEMBER|${nationalCode}` : `${projectId}|${position}`;

/** What a resolution says, before it is numbered in its meeting. */
export interface ResolutionContent {
  text: string;
  responsibleId: string;
  cooperatingIds: readonly string[];
  dueDate: Date;
  status: ResolutionStatus;
  projectId?: string | null;
}

/** The document of a meeting's `number`th resolution (ids, order key and sorted cooperating ids derived). */
export function resolutionDocument(meeting: Pick<MeetingDocument, '_id' | 'seriesId'>, number: number, content: ResolutionContent): ResolutionDocument {
  const id = resolutionId(meeting._id, number);
  return {
    _id: id,
    meetingId: meeting._id,
    seriesId: meeting.seriesId,
    number,
    text: content.text,
    responsibleId: content.responsibleId,
    cooperatingIds: [...content.cooperatingIds].sort(),
    dueDate: content.dueDate,
    dueKey: dueKeyOf(content.dueDate, id),
    status: content.status,
    ...(content.projectId ? { projectId: content.projectId } : {}),
  };
}
