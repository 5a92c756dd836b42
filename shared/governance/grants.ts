import { ANONYMOUS, Caller } from '../auth/caller';
import { recordGrant, RecordScope, requireGrant } from '../auth/grants';
import { ownsId, RegistryKey } from '../registry/keys';
import { GovernanceContext } from './history';

const MAX_ID_LENGTH = 300;

const committeeLead = (key: RegistryKey, committeeId: string): RecordScope => ({
  scope: recordGrant.committee(key, committeeId),
  holder: "the committee's lead or secretary",
});
const seriesSecretary = (key: RegistryKey, seriesId: string): RecordScope => ({
  scope: recordGrant.committee(key, seriesId),
  holder: "the working group's secretary",
});
const responsibleOrganisation = (key: RegistryKey, organisationId: string): RecordScope => ({
  scope: recordGrant.resolutions(key, organisationId),
  holder: 'the organisation responsible for it',
});

const callerOf = (ctx: GovernanceContext): Caller => ctx.caller ?? ANONYMOUS;

/**
 * Who besides `<registry>:admin` may change what a committee or working group keeps, checked
 * before anything is written (docs/security.md, "Grants bound to one record").
 */
export const governanceGrants = {
  /** Seats on a committee: its lead or secretary (`<registry>:committee:<committee id>`). */
  seats(key: RegistryKey, ctx: GovernanceContext, action: string, committeeId: string): void {
    requireGrant(callerOf(ctx), { registry: key, action: `${action} on ${committeeId}`, records: [committeeLead(key, committeeId)] });
  },
  /** Minutes of a meeting series: the working group's secretary (`<registry>:committee:<series id>`). */
  minutes(key: RegistryKey, ctx: GovernanceContext, action: string, seriesId: string): void {
    requireGrant(callerOf(ctx), { registry: key, action: `${action} in ${seriesId}`, records: [seriesSecretary(key, seriesId)] });
  },
  /**
   * Following a resolution up: the committee it concerns, the series whose meeting passed it, or
   * the organisation responsible for it. A resolution that does not exist is open to admin alone.
   */
  async resolution(key: RegistryKey, ctx: GovernanceContext, action: string, resolutionId: string): Promise<void> {
    const resolution = ownsId(key, resolutionId) && resolutionId.length <= MAX_ID_LENGTH ? await ctx.loaders.resolution.load(resolutionId) : null;
    const records = resolution
      ? [
          ...(resolution.projectId ? [committeeLead(key, resolution.projectId)] : []),
          seriesSecretary(key, resolution.seriesId),
          responsibleOrganisation(key, resolution.responsibleId),
        ]
      : [];
    requireGrant(callerOf(ctx), { registry: key, action: `${action} of ${resolutionId}`, records });
  },
};
