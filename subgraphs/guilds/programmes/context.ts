import { SubgraphContext } from '../../../shared/server/subgraph';
import { GuildsContext } from '../context';
import { Clock, systemClock } from '../elections/clock';
import { createProgrammesLoaders, ProgrammesLoaders } from './loaders';
import { ProgrammesRepository } from './repository';

/** What the programmes feature adds to a request's context. */
export interface ProgrammesFeature {
  repository: ProgrammesRepository;
  loaders: ProgrammesLoaders;
  /** Today, for refusing figures dated in the future. */
  clock: Clock;
}

export interface ProgrammesContext extends GuildsContext, SubgraphContext {
  programmes: ProgrammesFeature;
}

export function programmesContext(repository: ProgrammesRepository, clock: Clock = systemClock): { programmes: ProgrammesFeature } {
  return { programmes: { repository, loaders: createProgrammesLoaders(repository), clock } };
}
