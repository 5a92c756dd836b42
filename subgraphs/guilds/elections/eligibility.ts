import { credentialStatus, startOfUtcDay } from '../../../shared/credentials/validity';
import { GuildUnitDocument, unitLicenceValidity } from '../documents';
import { GuildsLoaders } from '../loaders';

/**
 * Whether a unit makes its owner a member of its union at `at`: it held a licence valid on that
 * (UTC) day. From the present licence's first day on, as credential statuses are derived for a
 * day: not expired, suspended or revoked by then, so a licence that lapses by date stops counting
 * without a recorded change, and counts all through its last valid day. Before it, an earlier
 * licence of the unit covering the day (`earlierLicences`): a member who voted in 1399 held the
 * licence of then, not today's.
 */
export const countsAt = (unit: GuildUnitDocument, at: Date): boolean => {
  const day = startOfUtcDay(at);
  if (day.getTime() < unit.issuedOn.getTime()) {
    return (unit.earlierLicences ?? []).some((licence) => licence.issuedOn.getTime() <= day.getTime() && day.getTime() <= licence.validUntil.getTime());
  }
  return credentialStatus(unitLicenceValidity(unit), day) === 'VALID';
};

/** Who may vote in, or stand for, a union's election at `at`: the owner of a unit of that union that counts then. Returns that unit, or null. */
export async function activeUnitInUnion(loaders: GuildsLoaders, nationalCode: string, unionId: string, at: Date): Promise<GuildUnitDocument | null> {
  const units = await loaders.unitsOfOwner.load(nationalCode);
  return units.find((unit) => unit.unionId === unionId && countsAt(unit, at)) ?? null;
}

/** The eligible voters of a union at `at`: distinct owners of its units that count then, in national-code order. */
export async function eligibleVotersOfUnion(loaders: GuildsLoaders, unionId: string, at: Date): Promise<string[]> {
  const units = await loaders.unitsOfUnion.load(unionId);
  return [...new Set(units.filter((unit) => countsAt(unit, at)).map((unit) => unit.ownerNationalCode))].sort();
}
