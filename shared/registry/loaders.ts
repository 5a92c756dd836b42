import { manyByKey, oneByKey } from '../graphql/loaders';
import { createGovernanceLoaders } from '../governance/loaders';
import { ORGANISATIONS_COLLECTION, OrganisationDocument, PEOPLE_COLLECTION, PersonDocument, PROJECTS_COLLECTION } from './documents';
import { RegistryRepository } from './repository';

/** The per-request loaders every registry has; a subgraph adds loaders for its own records. */
export function createRegistryLoaders<P extends PersonDocument, O extends OrganisationDocument>(repository: RegistryRepository<P, O>) {
  return {
    person: oneByKey(
      (codes: readonly string[]) => repository.findPeople(codes),
      (person) => person._id,
      PEOPLE_COLLECTION,
    ),
    organisation: oneByKey(
      (ids: readonly string[]) => repository.findOrganisations(ids),
      (o) => o._id,
      ORGANISATIONS_COLLECTION,
    ),
    rolesOfPerson: manyByKey(
      (codes: readonly string[]) => repository.findRolesOfPeople(codes),
      (r) => r.nationalCode,
    ),
    rolesInOrganisation: manyByKey(
      (ids: readonly string[]) => repository.findRolesInOrganisations(ids),
      (role) => role.organisationId,
    ),
    project: oneByKey(
      (ids: readonly string[]) => repository.findProjects(ids),
      (project) => project._id,
      PROJECTS_COLLECTION,
    ),
    participationsOfProject: manyByKey(
      (ids: readonly string[]) => repository.findParticipations(ids),
      (participation) => participation.projectId,
    ),
    ...createGovernanceLoaders(repository.governance),
  };
}

export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;

/** After a write, a request's loaders must not answer from what they read before it. */
export function refreshPerson<P extends PersonDocument>(loaders: RegistryLoaders, person: P): void {
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  loaders.person.clear(person._id);
}

export function refreshRoles(loaders: RegistryLoaders, role: { nationalCode: string; organisationId: string }): void {
  loaders.rolesOfPerson.clear(role.nationalCode);
  loaders.rolesInOrganisation.clear(role.organisationId);
}
