import { recordGrant, requireGrant } from '../../../shared/auth/grants';
import { ElectionsContext } from './context';

const MAX_ID_LENGTH = 200;

/** The union's election officer's grant: `guilds:elections:<unionId>`. */
const officerOf = (unionId: string) => ({ scope: recordGrant.elections('guilds', unionId), holder: "the union's election officer" });

/** Refuses, before anything is read further or written, a caller who is neither `guilds:admin` nor the union's election officer. */
export function requireUnionElectionOfficer(context: ElectionsContext, action: string, unionId: string): void {
  requireGrant(context.caller, { registry: 'guilds', action: `${action} in ${unionId}`, records: [officerOf(unionId)] });
}

/**
 * The same for a change to an existing election: its union decides. An election that does not
 * exist is open to `guilds:admin` alone (who then learns it does not exist).
 */
export async function requireElectionOfficer(context: ElectionsContext, action: string, electionId: string): Promise<void> {
  const election = electionId.length > MAX_ID_LENGTH ? null : await context.elections.loaders.election.load(electionId);
  requireGrant(context.caller, { registry: 'guilds', action: `${action} of ${electionId}`, records: election ? [officerOf(election.unionId)] : [] });
}
