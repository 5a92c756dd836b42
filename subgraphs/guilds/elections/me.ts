import { Resolvers } from '../generated/resolvers-types';
import { ElectionsContext } from './context';
import { ElectionDocument, voterId } from './documents';
import { countsAt } from './eligibility';
import { statusFilter } from './status';

/** The most open elections one person may vote in at once that `me` lists (a person owns units of a handful of unions). */
const MOST_OPEN_ELECTIONS = 100;

/**
 * `Me.guildElections`: the elections open now of the unions in which the signed-in person owns a
 * unit that counts today (the rule castGuildElectionBallot applies), each with whether they voted.
 */
export const electionsMeResolvers = {
  Me: {
    guildElections: async ({ nationalCode }: { nationalCode: string }, _: unknown, context: ElectionsContext) => {
      const now = context.elections.clock();
      const units = await context.loaders.unitsOfOwner.load(nationalCode);
      const unionIds = [...new Set(units.filter((unit) => countsAt(unit, now)).map((unit) => unit.unionId))];
      if (unionIds.length === 0) return [];
      const open = await context.elections.repository.pageElections({ $and: [{ unionId: { $in: unionIds } }, statusFilter('OPEN', now)] }, { first: MOST_OPEN_ELECTIONS });
      return Promise.all(
        open.nodes.map(async (election: ElectionDocument) => ({
          election,
          hasVoted: await context.elections.loaders.hasVoted.load(voterId(election._id, nationalCode)),
        })),
      );
    },
  },
} satisfies Resolvers;
