import { ElectionsContext } from './context';
import { ElectionDocument } from './documents';
import { eligibleVotersOfUnion } from './eligibility';

/** An election's eligible voters: how many, for which moment, and whether the figure is the one kept. */
export interface EligibleVoterCount {
  count: number;
  asOf: Date;
  fixed: boolean;
}

/**
 * The kept figure once voting has ended and it was counted (at the close, or at publication); the
 * count at the end for an election that ended by its clock and is not published yet; the count now
 * before then. A past election never shows today's members.
 */
export async function eligibleVoterCount(election: ElectionDocument, context: ElectionsContext): Promise<EligibleVoterCount> {
  const now = context.elections.clock();
  const ended = now.getTime() >= election.endsAt.getTime() || Boolean(election.result);
  const kept = election.eligibleVotersAtClose ?? election.result?.eligibleVoters;
  if (ended && kept !== undefined) return { count: kept, asOf: election.endsAt, fixed: true };
  const asOf = ended ? election.endsAt : now;
  return { count: (await eligibleVotersOfUnion(context.loaders, election.unionId, asOf)).length, asOf, fixed: false };
}
