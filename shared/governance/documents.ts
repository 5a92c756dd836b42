import { ProvenanceRecord } from '../provenance/provenance';
import { BodyKind, ProjectDocument } from '../registry/documents';
import { StoredDocument } from '../store/port';
import { instantOfDay, PartialDate, rangeOf } from '../text/partial-date';

/** The collections every registry keeps its committees' members, meetings and resolutions in. */
export const GOVERNANCE_COLLECTIONS = {
  members: 'projectMembers',
  series: 'meetingSeries',
  meetings: 'meetings',
  resolutions: 'resolutions',
} as const;

/**
 * Where the ids of committees (and other joint projects) and meeting series made through the API
 * are claimed, `{ _id: <id>, names }`, in the same all-or-nothing write as the record: one grant
 * (`<key>:committee:<id>`) names either, so two made at the same time cannot share an id.
 */
export const GRANT_IDS_COLLECTION = 'grantIds';

/** What a claimed grant id names. */
export interface GrantIdDocument {
  _id: string;
  names: 'project' | 'meeting series';
}

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

/** Which source text a record comes from, and the words it rests on (`text`: the seed's number, e.g. `003`). */
export interface SourceRecord {
  text: string;
  quote: string;
  /** What the record adds to the words, and why (e.g. the year the text leaves out). */
  note?: string;
}

/** Someone present at a meeting, with the title the minutes give them; `name` is absent when the text names only the office. */
export interface AttendeeRecord {
  name?: string;
  title?: string;
  nationalCode?: string;
  organisationId?: string;
  /** The text says this attendee presided (ترأسه، رئیس جلسه). */
  presiding?: boolean;
  /** The body the attendee came for, e.g. «المكتب المسير». */
  body?: string;
  source?: SourceRecord;
}

/** A body taking part in a meeting as a body (a bureau, the permanent committees), as the text names it. */
export interface MeetingBodyRecord {
  name: string;
  kind: BodyKind;
  /** The text calls it permanent (الدائمة). */
  permanent?: boolean;
  /** Its level as the text gives it, e.g. «المحلية» (local), «الجهوية» (regional). */
  level?: string;
  organisationId?: string;
  /** Who came for it, e.g. «رؤساء اللجان» (the committees' chairs). */
  representedBy?: string;
  source?: SourceRecord;
}

/** An agenda item; earlier records hold the title alone. */
export interface AgendaItemRecord {
  title: string;
  presentedBy?: string;
  source?: SourceRecord;
}

/** A figure reported at a meeting: a number, what it counts, and the words it rests on. */
export interface FigureRecord {
  value: number;
  /** What is counted, in the text's words, e.g. «واحد فعال صنفی». */
  counts: string;
  /** Where or among what, e.g. «استان فارس». */
  scope?: string;
  /** Over which period, e.g. «از ابتدای سال تا کنون». */
  period?: string;
  organisationId?: string;
  /** Who reported it, as the text names them. */
  reportedBy?: string;
  nationalCode?: string;
  source: SourceRecord;
}

/** What was planned for a meeting before it was held: kept when it is recorded as held. */
export interface MeetingPlanRecord {
  hostId: string;
  starts?: PartialDate;
  ends?: PartialDate;
  place?: string;
  agenda: AgendaItemRecord[];
  /** When the plan was written; absent for the demo data's plans, which the minutes made. */
  plannedAt?: Date;
  source?: SourceRecord;
}

export const CHANGE_FIELDS = ['STATUS', 'DUE_DATE', 'COMPLETED_ON', 'NOTE'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/** One change to a record, appended to its history, never rewritten. */
export interface RecordChangeRecord {
  at: Date;
  /** The caller's token subject. */
  by?: string;
  field: ChangeField;
  before?: string;
  after?: string;
  beforeDate?: PartialDate | undefined;
  afterDate?: PartialDate | undefined;
  note?: string | undefined;
  /** The day a follow-up note is about, when given. */
  on?: PartialDate | undefined;
}

export const MEETING_STATUSES = ['PLANNED', 'HELD'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/**
 * One meeting of a series: `_id` is `<seriesId>/<number, four digits>`, or `<seriesId>/<key>` for a
 * meeting the minutes do not number.
 */
export interface MeetingDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  seriesId: string;
  number?: number;
  /** What the text calls the meeting, e.g. «گردهمایی آموزشی انتخابات الکترونیکی اصناف کشور». */
  title?: string;
  /** Absent on records written before meetings were planned: read as HELD. */
  status?: MeetingStatus;
  hostId: string;
  /**
   * The first day of `starts` and the last of `ends` (or of `starts`), stored as 00:00 UTC, for
   * sorting; absent when the text gives no date. Earlier records hold these alone (exact days).
   */
  startsOn?: Date;
  endsOn?: Date;
  /** When it starts and ends, as precise as given. */
  starts?: PartialDate;
  ends?: PartialDate;
  place?: string;
  attendees: AttendeeRecord[];
  bodies?: MeetingBodyRecord[];
  /** The agenda items, in order (titles alone on earlier records). */
  agenda: (string | AgendaItemRecord)[];
  figures?: FigureRecord[];
  plan?: MeetingPlanRecord;
  history?: RecordChangeRecord[];
  source?: SourceRecord;
}

export const RESOLUTION_KINDS = ['RESOLVED', 'AGREED', 'REQUESTED', 'RECOMMENDED', 'PLEDGED'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

/** A resolution of a meeting: `_id` is `<meetingId>/r<number, two digits>`. */
export interface ResolutionDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  meetingId: string;
  seriesId: string;
  number: number;
  /** Absent on earlier records: read as RESOLVED. */
  kind?: ResolutionKind;
  text: string;
  responsibleId: string;
  cooperatingIds: string[];
  /** The last day of `due`, 00:00 UTC: what overdue is judged on and lists sort by; absent when nothing is due. */
  dueDate?: Date;
  /** The due date as precise as given (earlier records hold `dueDate` alone, an exact day). */
  due?: PartialDate;
  /** `<last due day ISO>|<_id>`, or `~|<_id>` when nothing is due: the order resolution lists are paged in. */
  dueKey: string;
  status: ResolutionStatus;
  /** The committee or project the resolution sets up or concerns, of any registry. */
  projectId?: string;
  statusChangedOn?: Date;
  completedOn?: PartialDate;
  history?: RecordChangeRecord[];
  source?: SourceRecord;
}

/** A committee's record as governance reads and writes it: the project with its precise deadline and history. */
export type CommitteeRecord = ProjectDocument & {
  due?: PartialDate;
  history?: RecordChangeRecord[];
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const meetingId = (seriesId: string, number: number): string => `${seriesId}/${pad(number, 4)}`;
/** The id of a meeting the minutes do not number: `<seriesId>/<key>`, the key starting with a letter. */
export const unnumberedMeetingId = (seriesId: string, key: string): string => `${seriesId}/${key}`;
export const resolutionId = (meeting: string, number: number): string => `${meeting}/r${pad(number, 2)}`;
export const memberId = (projectId: string, nationalCode: string): string => `${projectId}|${nationalCode}`;
/** Sorts after every ISO day, so resolutions with nothing due come last. */
const NOTHING_DUE = '~';
export const dueKeyOf = (dueDate: Date | undefined, id: string): string => `${dueDate ? dueDate.toISOString().slice(0, 10) : NOTHING_DUE}|${id}`;

export const seatOf = (projectId: string, position: CommitteePosition, nationalCode: string): string =>
  position === 'MEMBER' ? `${projectId}|MEMBER|${nationalCode}` : `${projectId}|${position}`;

/** The instant a due date is judged and sorted on: its last day, 00:00 UTC. */
export const dueInstantOf = (due: PartialDate): Date => instantOfDay(rangeOf(due).lastIso);
/** The instant a meeting is sorted on: the first day of its date, 00:00 UTC. */
export const startInstantOf = (date: PartialDate): Date => instantOfDay(rangeOf(date).firstIso);

/** What a resolution says, before it is numbered in its meeting. */
export interface ResolutionContent {
  kind?: ResolutionKind | null;
  text: string;
  responsibleId: string;
  cooperatingIds: readonly string[];
  /** When it is due, as precise as given; or (earlier callers) an exact day's instant. */
  due?: PartialDate | null;
  dueDate?: Date | null;
  status: ResolutionStatus;
  projectId?: string | null;
  source?: SourceRecord | null;
}

/** The document of a meeting's `number`th resolution (ids, order key and sorted cooperating ids derived). */
export function resolutionDocument(meeting: Pick<MeetingDocument, '_id' | 'seriesId'>, number: number, content: ResolutionContent): ResolutionDocument {
  const id = resolutionId(meeting._id, number);
  const dueDate = content.due ? dueInstantOf(content.due) : (content.dueDate ?? undefined);
  return {
    _id: id,
    meetingId: meeting._id,
    seriesId: meeting.seriesId,
    number,
    ...(content.kind ? { kind: content.kind } : {}),
    text: content.text,
    responsibleId: content.responsibleId,
    cooperatingIds: [...content.cooperatingIds].sort(),
    ...(dueDate ? { dueDate } : {}),
    ...(content.due ? { due: content.due } : {}),
    dueKey: dueKeyOf(dueDate, id),
    status: content.status,
    ...(content.projectId ? { projectId: content.projectId } : {}),
    ...(content.source ? { source: content.source } : {}),
  };
}
