import { ballotChoiceOf } from './ballot-choice';
import { PageRequest } from '../../../shared/graphql/pagination';
import { calendarDateOf } from '../../../shared/text/calendar';
import { addElectionCandidate, AddElectionCandidateInput } from './add-candidate';
import { boardResolvers } from './board-resolvers';
import { disqualifyCandidate, DisqualifyCandidateInput, withdrawCandidate, WithdrawCandidateInput } from './candidate-status';
import { BallotReceipt, castBallot, CastBallotInput } from './cast-ballot';
import { closeElection, publishResult } from './close-publish';
import { ElectionsContext } from './context';
import { createGuildElection, CreateGuildElectionInput } from './create-election';
import { CandidateDocument, candidateStatusOf, CandidateStatusChange, CandidateTally, ElectionDocument, TieBreakDocument, boardTermIdOf } from './documents';
import { Resolvers } from '../generated/resolvers-types';
import { ResultView } from './views';
import { eligibleVoterCount } from './eligible-count';
import { installBoard, InstallBoardInput } from './install-board';
import { requireElectionOfficer, requireUnionElectionOfficer } from './grants';
import { electionListFilter, ElectionListArgs } from './list-filter';
import { electionStatus } from './status';
import { electedCodes, seatsLeftToTieBreak } from './tally';
import { recordTieBreak, RecordTieBreakInput } from './tie-break';

const MAX_ID_LENGTH = 200;

async function candidateOf(election: ElectionDocument, nationalCode: string, context: ElectionsContext): Promise<CandidateDocument> {
  const candidates = await context.elections.loaders.candidatesOfElection.load(election._id);
  return candidates.find((c) => c.nationalCode === nationalCode)!;
}

const candidatesOf = (election: ElectionDocument, codes: readonly string[], context: ElectionsContext) => Promise.all(codes.map((code) => candidateOf(election, code, context)));
const people = (codes: readonly string[]) => codes.map((nationalCode) => ({ nationalCode }));

/** The elections feature's resolvers: the two queries, the mutations and the election types (board terms: board-resolvers.ts). */
export const electionsResolvers = {
  Query: {
    guildElections: (_: unknown, args: ElectionListArgs & PageRequest, { elections }: ElectionsContext) =>
      elections.repository.pageElections(electionListFilter(args, elections.clock()), args),
    guildElection: (_: unknown, { id }: { id: string }, { elections }: ElectionsContext) => (id.length > MAX_ID_LENGTH ? null : elections.loaders.election.load(id)),
  },
  // Who may: `@authenticated` in elections.graphql at the gateway and here; the union's election
  // officer or guilds:admin (./grants.ts) before anything is written. Members cast their own ballots.
  Mutation: {
    createGuildElection: async (_: unknown, { input }: { input: CreateGuildElectionInput }, context: ElectionsContext) => {
      requireUnionElectionOfficer(context, 'createGuildElection', input.unionId);
      return createGuildElection(input, context);
    },
    addGuildElectionCandidate: async (_: unknown, { input }: { input: AddElectionCandidateInput }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'addGuildElectionCandidate', input.electionId);
      return addElectionCandidate(input, context);
    },
    castGuildElectionBallot: (_: unknown, { input }: { input: CastBallotInput }, context: ElectionsContext) => castBallot(input, context),
    closeGuildElection: async (_: unknown, { input }: { input: { electionId: string } }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'closeGuildElection', input.electionId);
      return closeElection(input.electionId, context);
    },
    publishGuildElectionResult: async (_: unknown, { input }: { input: { electionId: string } }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'publishGuildElectionResult', input.electionId);
      return publishResult(input.electionId, context);
    },
    withdrawGuildElectionCandidate: async (_: unknown, { input }: { input: WithdrawCandidateInput }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'withdrawGuildElectionCandidate', input.electionId);
      return withdrawCandidate(input, context);
    },
    disqualifyGuildElectionCandidate: async (_: unknown, { input }: { input: DisqualifyCandidateInput }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'disqualifyGuildElectionCandidate', input.electionId);
      return disqualifyCandidate(input, context);
    },
    recordGuildElectionTieBreak: async (_: unknown, { input }: { input: RecordTieBreakInput }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'recordGuildElectionTieBreak', input.electionId);
      return recordTieBreak(input, context);
    },
    installGuildUnionBoard: async (_: unknown, { input }: { input: InstallBoardInput }, context: ElectionsContext) => {
      await requireElectionOfficer(context, 'installGuildUnionBoard', input.electionId);
      return installBoard(input, context);
    },
  },
  GuildElection: {
    id: (election: ElectionDocument) => election._id,
    union: (election: ElectionDocument) => ({ id: election.unionId }),
    chamber: (election: ElectionDocument) => ({ id: election.chamberId }),
    opensAt: (election: ElectionDocument) => election.opensAt.toISOString(),
    closesAt: (election: ElectionDocument) => election.closesAt.toISOString(),
    endsAt: (election: ElectionDocument) => election.endsAt.toISOString(),
    votingDay: (election: ElectionDocument) => calendarDateOf(election.opensAt),
    status: (election: ElectionDocument, _: unknown, { elections }: ElectionsContext) => electionStatus(election, elections.clock()),
    supervisors: (election: ElectionDocument) => people(election.supervisorNationalCodes),
    candidates: (election: ElectionDocument, _: unknown, { elections }: ElectionsContext) => elections.loaders.candidatesOfElection.load(election._id),
    eligibleVoterCount: async (election: ElectionDocument, _: unknown, context: ElectionsContext) => (await eligibleVoterCount(election, context)).count,
    eligibleVoterCountAsOf: async (election: ElectionDocument, _: unknown, context: ElectionsContext) => (await eligibleVoterCount(election, context)).asOf.toISOString(),
    eligibleVoterCountFixed: async (election: ElectionDocument, _: unknown, context: ElectionsContext) => (await eligibleVoterCount(election, context)).fixed,
    ballotsCast: (election: ElectionDocument, _: unknown, { elections }: ElectionsContext) =>
      election.result ? election.result.ballots : elections.loaders.turnout.load(election._id),
    result: (election: ElectionDocument): ResultView | null => (election.result ? { election, result: election.result } : null),
    boardTerm: (election: ElectionDocument, _: unknown, { elections }: ElectionsContext) => elections.loaders.boardTerm.load(boardTermIdOf(election._id)),
  },
  GuildElectionCandidate: {
    person: (candidate: CandidateDocument) => ({ nationalCode: candidate.nationalCode }),
    fullName: async (candidate: CandidateDocument, _: unknown, { loaders }: ElectionsContext) => (await loaders.person.load(candidate.nationalCode))?.fullName ?? '',
    ballotChoice: (candidate: CandidateDocument) => ballotChoiceOf(candidate.electionId, candidate.nationalCode),
    status: (candidate: CandidateDocument) => candidateStatusOf(candidate),
    statusChange: (candidate: CandidateDocument) => candidate.statusChange ?? null,
  },
  GuildElectionCandidateStatusChange: {
    at: (change: CandidateStatusChange) => change.at.toISOString(),
    decidedBy: (change: CandidateStatusChange) => people(change.decidedBy),
  },
  GuildElectionResult: {
    publishedAt: ({ result }: ResultView) => result.publishedAt.toISOString(),
    ballots: ({ result }: ResultView) => result.ballots,
    voters: ({ result }: ResultView) => result.voters,
    eligibleVoters: ({ result }: ResultView) => result.eligibleVoters,
    turnout: ({ result }: ResultView) => (result.eligibleVoters === 0 ? 0 : Math.min(1, result.ballots / result.eligibleVoters)),
    tieForLastSeat: ({ result }: ResultView) => result.tieForLastSeat,
    tallies: ({ election, result }: ResultView) => {
      const elected = new Set(electedCodes(result));
      return result.tallies.map((tally) => ({ election, tally, elected: elected.has(tally.nationalCode) }));
    },
    elected: ({ election, result }: ResultView, _: unknown, context: ElectionsContext) => candidatesOf(election, electedCodes(result), context),
    tiedForLastSeat: ({ election, result }: ResultView, _: unknown, context: ElectionsContext) => candidatesOf(election, result.tied ?? [], context),
    seatsLeftToTieBreak: ({ election, result }: ResultView) => seatsLeftToTieBreak(election.seats, result),
    tieBreak: ({ election, result }: ResultView) => (result.tieBreak ? { election, tieBreak: result.tieBreak } : null),
  },
  GuildElectionTally: {
    candidate: ({ election, tally }: { election: ElectionDocument; tally: CandidateTally }, _: unknown, context: ElectionsContext) =>
      candidateOf(election, tally.nationalCode, context),
    votes: ({ tally }: { tally: CandidateTally }) => tally.votes,
    elected: ({ elected }: { elected: boolean }) => elected,
    counted: ({ tally }: { tally: CandidateTally }) => !tally.excluded,
  },
  GuildElectionTieBreak: {
    method: ({ tieBreak }: { tieBreak: TieBreakDocument }) => tieBreak.method,
    rule: ({ tieBreak }: { tieBreak: TieBreakDocument }) => tieBreak.rule ?? null,
    chosen: ({ election, tieBreak }: { election: ElectionDocument; tieBreak: TieBreakDocument }, _: unknown, context: ElectionsContext) =>
      candidatesOf(election, tieBreak.chosen, context),
    decidedBy: ({ tieBreak }: { tieBreak: TieBreakDocument }) => people(tieBreak.decidedBy),
    decidedAt: ({ tieBreak }: { tieBreak: TieBreakDocument }) => tieBreak.decidedAt.toISOString(),
    recordedBy: ({ tieBreak }: { tieBreak: TieBreakDocument }) => tieBreak.recordedBy,
    recordedAt: ({ tieBreak }: { tieBreak: TieBreakDocument }) => tieBreak.recordedAt.toISOString(),
    note: ({ tieBreak }: { tieBreak: TieBreakDocument }) => tieBreak.note ?? null,
  },
  GuildElectionBallotReceipt: {
    votedAt: (receipt: BallotReceipt) => receipt.votedAt.toISOString(),
  },
  ...boardResolvers,
} satisfies Resolvers;
