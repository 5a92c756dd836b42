import { RegistryKey } from '../registry/keys';
import { DeliveredEvent } from './deliveries';

/**
 * The JSON body a subscriber receives for an event: its id (also the `webhook-id` header), type,
 * registry, record, organisation, the record's sequence number, when it happened, and its data;
 * `personal` (national codes and the like) only with `withPersonal`: while the subscription's
 * personal grant by an admin holding `personal:read` lasts (sendsPersonalData).
 */
export function webhookBody(registry: RegistryKey, event: DeliveredEvent, withPersonal: boolean): string {
  const personal = event.personal && withPersonal ? { personal: event.personal } : {};
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
