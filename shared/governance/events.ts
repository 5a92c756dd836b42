import { DueEventSource } from '../outbox/date-scan';
import { EventDraft, EventTypeDeclaration, eventDay } from '../outbox/events';
import { ResolutionDocument } from './documents';

export const RESOLUTION_EVENTS = {
  created: 'resolution.created',
  statusChanged: 'resolution.status-changed',
  due: 'resolution.due',
} as const;
type ResolutionEvent = (typeof RESOLUTION_EVENTS)[keyof typeof RESOLUTION_EVENTS];

/** The resolution events every registry writes. */
export const RESOLUTION_EVENT_TYPES: readonly EventTypeDeclaration[] = [
  { type: RESOLUTION_EVENTS.created, description: 'A meeting was recorded with this resolution among its minutes.' },
  { type: RESOLUTION_EVENTS.statusChanged, description: 'A resolution was marked open or done.' },
  { type: RESOLUTION_EVENTS.due, description: 'An open resolution reached its due date: written once per resolution and due date.' },
];

/** The event about a resolution; its organisation is the one responsible for it (of any registry). */
export function resolutionEvent(resolution: ResolutionDocument, type: ResolutionEvent): EventDraft {
  const dueDate = eventDay(resolution.dueDate);
  return {
    type,
    record: { type: 'RESOLUTION', id: resolution._id },
    organisationId: resolution.responsibleId,
    data: {
      meetingId: resolution.meetingId,
      seriesId: resolution.seriesId,
      number: resolution.number,
      text: resolution.text,
      responsibleId: resolution.responsibleId,
      cooperatingIds: resolution.cooperatingIds,
      dueDate,
      status: resolution.status,
      projectId: resolution.projectId ?? null,
    },
    ...(type === RESOLUTION_EVENTS.due ? { once: `${type}|${resolution._id}|${dueDate?.iso ?? ''}` } : {}),
  };
}

/** The scan for open resolutions whose due date came (see DueEventSource); `openDueIn` reads them. */
export function resolutionDueSource(openDueIn: (from: Date, to: Date) => AsyncIterable<ResolutionDocument[]>): DueEventSource {
  return {
    name: 'resolutions:due',
    async *due(from: Date, to: Date) {
      for await (const resolutions of openDueIn(from, to)) yield resolutions.map((resolution) => resolutionEvent(resolution, RESOLUTION_EVENTS.due));
    },
  };
}
