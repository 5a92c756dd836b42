import { CREDENTIAL_CHANGE_EVENTS, CredentialChangeEvent } from '../../shared/credentials/events';
import { changeValueText } from '../../shared/registry/person-change';
import { EngineeringLicenceRecord } from './documents';

/** A licence's facts as text, without who entered them (and without its last valid day, when asked). */
function factsText(licence: EngineeringLicenceRecord, withoutLastDay = false): string | undefined {
  const { provenance: _entered, validUntil, ...rest } = licence;
  return changeValueText(withoutLastDay || !validUntil ? rest : { ...rest, validUntil });
}

/** Whether the last valid day moved later (a licence without one runs with no end). */
function lastDayMovedLater(before: EngineeringLicenceRecord, after: EngineeringLicenceRecord): boolean {
  if (!before.validUntil) return false;
  return !after.validUntil || after.validUntil.getTime() > before.validUntil.getTime();
}

/**
 * The event an engineer's upsert writes for their licence (upsertEngineeringMember is how licences
 * are issued and re-recorded): `credential.issued` for a number the engineer did not hold;
 * `credential.renewed` when only the last valid day moved later; `credential.amended` when
 * anything else of the same licence changed (grade, discipline, issuing organisation, an earlier
 * last day); none when the licence is as it was, or left out.
 */
export function licenceUpsertEvent(before: EngineeringLicenceRecord | undefined, after: EngineeringLicenceRecord | undefined): CredentialChangeEvent | undefined {
  if (!after) return undefined;
  if (!before || before.number !== after.number) return CREDENTIAL_CHANGE_EVENTS.issued;
  if (factsText(before) === factsText(after)) return undefined;
  const renewedOnly = lastDayMovedLater(before, after) && factsText(before, true) === factsText(after, true);
  return renewedOnly ? CREDENTIAL_CHANGE_EVENTS.renewed : CREDENTIAL_CHANGE_EVENTS.amended;
}
