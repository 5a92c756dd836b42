import { manyByKey, oneByKey } from '../../../shared/graphql/loaders';
import { PROGRAMME_COLLECTIONS } from './documents';
import { ProgrammesRepository } from './repository';

/** The per-request loaders of the programmes feature: one store call per kind of lookup, whatever the page size. */
export function createProgrammesLoaders(repository: ProgrammesRepository) {
  return {
    programme: oneByKey(
      (ids: readonly string[]) => repository.findProgrammes(ids),
      (p) => p._id,
      PROGRAMME_COLLECTIONS.programmes,
    ),
    indicator: oneByKey(
      (ids: readonly string[]) => repository.findIndicators(ids),
      (i) => i._id,
      PROGRAMME_COLLECTIONS.indicators,
    ),
    indicatorsOfProgramme: manyByKey(
      (ids: readonly string[]) => repository.findIndicatorsOfProgrammes(ids),
      (i) => i.programmeId,
    ),
    /** The values recorded for a programme's indicators, oldest day first. */
    valuesOfProgramme: manyByKey(
      (ids: readonly string[]) => repository.findValuesOfProgrammes(ids),
      (v) => v.programmeId,
    ),
    project: oneByKey(
      (ids: readonly string[]) => repository.findProjects(ids),
      (p) => p._id,
    ),
    projectsOfProgramme: manyByKey(
      (ids: readonly string[]) => repository.findProjectsOfProgrammes(ids),
      (p) => p.programmeId ?? '',
    ),
    stagesOfProject: manyByKey(
      (ids: readonly string[]) => repository.findStagesOfProjects(ids),
      (s) => s.projectId,
    ),
    agreementsOfProgramme: manyByKey(
      (ids: readonly string[]) => repository.findAgreementsOfProgrammes(ids),
      (a) => a.programmeId ?? '',
    ),
  };
}

export type ProgrammesLoaders = ReturnType<typeof createProgrammesLoaders>;
