import { calendarDateOf } from '../text/calendar';
import { dayOfIso, PartialDate, partialDateView, PartialDateView } from '../text/partial-date';
import { AgendaItemRecord, MeetingDocument, MeetingPlanRecord, RecordChangeRecord, SourceRecord } from './documents';

/** How stored governance records read in the API: dates with their precision, agenda items, history. */

/**
 * A stored date as precise as it was given; a record written before dates had a precision holds an
 * exact day's instant alone (or its ISO text), shown as that day. Null when there is neither.
 */
export function partialDateOf(date: PartialDate | null | undefined, exactDay?: Date | string | null): PartialDateView | null {
  if (date) return partialDateView(date);
  if (exactDay === null || exactDay === undefined) return null;
  return partialDateView(dayOfIso(calendarDateOf(exactDay).iso));
}

/** An agenda item as the API shows it (earlier records hold the title alone). */
export interface AgendaItemView {
  number: number;
  title: string;
  presentedBy: string | null;
  source: SourceRecord | null;
}

export const agendaOf = (agenda: readonly (string | AgendaItemRecord)[]): AgendaItemView[] =>
  agenda.map((item, i) =>
    typeof item === 'string'
      ? { number: i + 1, title: item, presentedBy: null, source: null }
      : { number: i + 1, title: item.title, presentedBy: item.presentedBy ?? null, source: item.source ?? null },
  );

/** A change as the API shows it (`RecordChange`); who made it only to those who may know (`showAuthor`: the registry's administrators). */
export function changeOf(change: RecordChangeRecord, showAuthor = false) {
  return {
    at: change.at instanceof Date ? change.at.toISOString() : new Date(change.at).toISOString(),
    by: showAuthor ? (change.by ?? null) : null,
    field: change.field,
    before: change.before ?? null,
    after: change.after ?? null,
    beforeDate: partialDateOf(change.beforeDate),
    afterDate: partialDateOf(change.afterDate),
    note: change.note ?? null,
    on: partialDateOf(change.on),
  };
}

export const historyOf = (history: readonly RecordChangeRecord[] | undefined, showAuthor = false) => (history ?? []).map((change) => changeOf(change, showAuthor));

/** A meeting's plan as the API shows it (`MeetingPlan`). */
export function planOf(plan: MeetingPlanRecord | undefined) {
  if (!plan) return null;
  return {
    host: { id: plan.hostId },
    startsOn: partialDateOf(plan.starts),
    endsOn: partialDateOf(plan.ends ?? plan.starts),
    place: plan.place ?? null,
    agenda: agendaOf(plan.agenda),
    plannedAt: plan.plannedAt ? new Date(plan.plannedAt).toISOString() : null,
    source: plan.source ?? null,
  };
}

/** A meeting's first and last day as precise as given (earlier records: exact days). */
export const meetingStartOf = (meeting: MeetingDocument): PartialDateView | null => partialDateOf(meeting.starts, meeting.starts ? null : meeting.startsOn);
export const meetingEndOf = (meeting: MeetingDocument): PartialDateView | null =>
  partialDateOf(meeting.ends ?? meeting.starts, meeting.ends || meeting.starts ? null : meeting.endsOn);
