import { EventDraft, EventTypeDeclaration, eventDay } from '../outbox/events';
import { OrganisationDocument } from './documents';

export const ORGANISATION_EVENTS = {
  created: 'organisation.created',
  renamed: 'organisation.renamed',
  moved: 'organisation.moved',
  closed: 'organisation.closed',
} as const;
type OrganisationEvent = (typeof ORGANISATION_EVENTS)[keyof typeof ORGANISATION_EVENTS];

/** The organisation events every registry writes. */
export const ORGANISATION_EVENT_TYPES: readonly EventTypeDeclaration[] = [
  { type: ORGANISATION_EVENTS.created, description: 'An organisation was added to the registry.' },
  { type: ORGANISATION_EVENTS.renamed, description: 'An organisation was given a new name (`previousName` says the one before).' },
  { type: ORGANISATION_EVENTS.moved, description: 'An organisation was moved under another parent, or to the top (`previousParentId` says where it was).' },
  { type: ORGANISATION_EVENTS.closed, description: 'An organisation was closed on a day, for a reason.' },
];

/** The event about a change to an organisation: the organisation as it now stands, and what it was before where that changed. */
export function organisationEvent(
  type: OrganisationEvent,
  organisation: OrganisationDocument,
  before: { previousName?: string; previousParentId?: string | null } = {},
): EventDraft {
  return {
    type,
    record: { type: 'ORGANISATION', id: organisation._id },
    organisationId: organisation._id,
    data: {
      id: organisation._id,
      name: organisation.name,
      kind: organisation.kind,
      parentId: organisation.parentId ?? null,
      status: organisation.status ?? 'OPEN',
      ...(organisation.closedOn ? { closedOn: eventDay(organisation.closedOn), reason: organisation.closingReason ?? null } : {}),
      ...(before.previousName !== undefined ? { previousName: before.previousName } : {}),
      ...(before.previousParentId !== undefined ? { previousParentId: before.previousParentId } : {}),
    },
  };
}
