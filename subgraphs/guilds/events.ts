import { CREDENTIAL_CHANGE_EVENTS, credentialEvent, CredentialEventSubject } from '../../shared/credentials/events';
import { EventDraft, EventTypeDeclaration } from '../../shared/outbox/events';
import { GuildUnitDocument } from './documents';
import { ELECTION_EVENT_TYPES } from './elections/events';

export const UNIT_REGISTERED = 'guild-unit.registered';

/** The guilds registry's own events, besides those every registry writes. */
export const GUILDS_EVENT_TYPES: readonly EventTypeDeclaration[] = [
  { type: UNIT_REGISTERED, description: "A guild unit was registered with its union, and its licence issued (the event is about the licence, as the licence's later events are)." },
  ...ELECTION_EVENT_TYPES,
];

/** A new unit's event: about its licence (as a credential event), with the unit's name, activity and union. */
export function unitRegisteredEvent(subject: CredentialEventSubject, unit: GuildUnitDocument): EventDraft {
  const licence = credentialEvent(subject, unit, CREDENTIAL_CHANGE_EVENTS.issued);
  return {
    ...licence,
    type: UNIT_REGISTERED,
    data: { ...licence.data, unitName: unit.name, activity: unit.activity, unionId: unit.unionId, chamberId: unit.chamberId },
  };
}
