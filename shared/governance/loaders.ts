import { manyByKey, oneByKey } from '../graphql/loaders';
import { GOVERNANCE_COLLECTIONS } from './documents';
import { GovernanceRepository } from './repository';

/** The per-request loaders of committees' members, meetings and resolutions (one store call per kind per tick). */
export function createGovernanceLoaders(repository: GovernanceRepository) {
  return {
    membersOfProject: manyByKey(
      (ids: readonly string[]) => repository.findMembers(ids),
      (member) => member.projectId,
    ),
    meetingSeries: oneByKey(
      (ids: readonly string[]) => repository.findSeries(ids),
      (series) => series._id,
      GOVERNANCE_COLLECTIONS.series,
    ),
    meeting: oneByKey(
      (ids: readonly string[]) => repository.findMeetings(ids),
      (meeting) => meeting._id,
    ),
    resolution: oneByKey(
      (ids: readonly string[]) => repository.findResolutions(ids),
      (resolution) => resolution._id,
    ),
    resolutionsOfMeeting: manyByKey(
      (ids: readonly string[]) => repository.findResolutionsOfMeetings(ids),
      (resolution) => resolution.meetingId,
    ),
  };
}

export type GovernanceLoaders = ReturnType<typeof createGovernanceLoaders>;
