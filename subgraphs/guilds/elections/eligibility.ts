import { GuildUnitDocument } from '../documents';
import { GuildsLoaders } from '../loaders';

/**
 * Who may vote in, or stand for, a union's election: the owner of an ACTIVE guild unit of that
 * union (a suspended or expired licence does not count). Returns that unit, or null.
 */
export async function activeUnitInUnion(loaders: GuildsLoaders, nationalCode: string, unionId: string): Promise<GuildUnitDocument | null> {
  const units = await loaders.unitsOfOwner.load(nationalCode);
  return units.find((unit) => unit.unionId === unionId && unit.status === 'ACTIVE') ?? null;
}

/** The eligible voters of a union: distinct owners of its active units, in national-code order. */
export async function eligibleVotersOfUnion(loaders: GuildsLoaders, unionId: string): Promise<string[]> {
  const units = await loaders.unitsOfUnion.load(unionId);
  return [...new Set(units.filter((unit) => unit.status === 'ACTIVE').map((unit) => unit.ownerNationalCode))].sort();
}
