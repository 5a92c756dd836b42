import { credentialStatus, startOfUtcDay } from '../../../shared/credentials/validity';
import { GuildUnitDocument, unitLicenceValidity } from '../documents';
import { GuildsLoaders } from '../loaders';

/**
 * Whether a unit makes its owner a member of its union at `at`: recorded ACTIVE, and its licence
 * valid on that (UTC) day, as credential statuses are derived for a day: issued, not expired,
 * suspended or revoked by then. So a licence that lapses by date stops counting without a recorded
 * change, and counts all through its last valid day.
 */
export const countsAt = (unit: GuildUnitDocument, at: Date): boolean =>
  unit.status === 'ACTIVE' && credentialStatus(unitLicenceValidity(unit), startOfUtcDay(at)) === 'VALID';

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
