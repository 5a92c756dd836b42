import { credentialStatus, startOfUtcDay } from '../../shared/credentials/validity';
import { GuildsRegistryData, unitLicenceValidity } from '../../subgraphs/guilds/documents';
import { electionsContext, ElectionsContext, ElectionsRepository } from '../../subgraphs/guilds/elections';
import { createGuildsLoaders } from '../../subgraphs/guilds/loaders';
import { GuildsRepository } from '../../subgraphs/guilds/repository';

/** Owners of the union's units recorded ACTIVE whose licence is valid at `at`, in code order: who may vote or stand then. */
export function eligibleMembersAt(demo: GuildsRegistryData, unionId: string, at: Date): string[] {
  const valid = demo.guildUnits.filter((u) => u.unionId === unionId && u.status === 'ACTIVE' && credentialStatus(unitLicenceValidity(u), startOfUtcDay(at)) === 'VALID');
  return [...new Set(valid.map((u) => u.ownerNationalCode))].sort();
}

/** A fresh request context of the elections feature (fresh loaders), as the subgraph makes per request, for `subject`, on `clock`. */
export function electionsRequest(guilds: GuildsRepository, elections: ElectionsRepository, clock: () => Date, subject: string): ElectionsContext {
  return {
    repository: guilds,
    loaders: createGuildsLoaders(guilds),
    caller: { authenticated: true, subject, scopes: [] },
    ...electionsContext(elections, clock),
  };
}
