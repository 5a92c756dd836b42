import { manyByKey, oneByKey } from '../../shared/graphql/loaders';
import { createRegistryLoaders } from '../../shared/registry/loaders';
import { GuildsRepository } from './repository';

/** The per-request loaders of the guilds subgraph: the shared ones, plus guild units by owner and by union. */
export function createGuildsLoaders(repository: GuildsRepository) {
  return {
    ...createRegistryLoaders(repository),
    unitsOfOwner: manyByKey(
      (codes: readonly string[]) => repository.findUnitsOfOwners(codes),
      (unit) => unit.ownerNationalCode,
    ),
    unitsByLicence: oneByKey(
      (numbers: readonly string[]) => repository.findUnits(numbers),
      (unit) => unit._id,
    ),
    unitsOfUnion: manyByKey(
      (ids: readonly string[]) => repository.findUnitsOfUnions(ids),
      (unit) => unit.unionId,
    ),
  };
}

export type GuildsLoaders = ReturnType<typeof createGuildsLoaders>;
