import { SubgraphContext } from '../../../shared/server/subgraph';
import { GuildsContext } from '../context';
import { Clock, systemClock } from './clock';
import { createElectionsLoaders, ElectionsLoaders } from './loaders';
import { ElectionsRepository } from './repository';

/** What the elections feature adds to a request's context: its repository, loaders and clock. */
export interface ElectionsFeature {
  repository: ElectionsRepository;
  loaders: ElectionsLoaders;
  clock: Clock;
}

export interface ElectionsContext extends GuildsContext, SubgraphContext {
  elections: ElectionsFeature;
}

/** The elections part of a new request's context; `clock` is injected (tests), the system's by default. */
export function electionsContext(repository: ElectionsRepository, clock: Clock = systemClock): { elections: ElectionsFeature } {
  return { elections: { repository, loaders: createElectionsLoaders(repository), clock } };
}
