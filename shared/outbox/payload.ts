import { PERSONAL_READ_SCOPE } from '../auth/caller';
import { RegistryKey } from '../registry';
import { DeliveredEvent } from './deliveries';

/**
 * The JSON body a subscriber receives for an event: its id (also the `webhook-id` header), type,
 * registry, record, organisation, the record's sequence number, when it happened, and its data;
 * `personal` (national codes and the like) only when the subscription was made by an admin holding
 * `personal:read`, since nothing may leave that its maker could not read.
 */
export function webhookBody(registry: RegistryKey, event: DeliveredEvent, scopes: readonly string[]): string {
  const personal = event.personal && scopes.includes(PERSONAL_READ_SCOPE) ? { personal: event.personal } : {};
  return JSON.stringify({
    id: event._id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    registry,
    record: event.record,
    organisationId: event.organisationId,
    sequence: event.sequence,
    data: event.data,
    ...personal,
  });
}
