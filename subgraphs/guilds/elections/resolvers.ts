import { badUserInputField } from '../../../shared/errors';
import { ResolverMap } from '../../../shared/graphql/merge-resolvers';
import { PageRequest } from '../../../shared/graphql/pagination';
import { Filter } from '../../../shared/store/port';
import { calendarDateOf } from '../../../shared/text/calendar';
import { addElectionCandidate, AddElectionCandidateInput } from './add-candidate';
import { BallotReceipt, castBallot, CastBallotInput } from './cast-ballot';
import { closeElection, publishResult } from './close-publish';
import { ElectionsContext } from './context';
import { createGuildElection, CreateGuildElectionInput } from './create-election';
import { CandidateDocument, CandidateTally, ElectionDocument, ElectionResultDocument } from './documents';
import { eligibleVotersOfUnion } from './eligibility';
import { ElectionStatus, electionStatus, statusFilter } from './status';

interface ElectionListArgs extends PageRequest {
  unionId?: string | null;
  chamberId?: string | null;
  status?: ElectionStatus | null;
}

/** A result with its election, so the candidates it names can be looked up. */
interface ResultView {
  election: ElectionDocument;
  result: ElectionResultDocument;
}

const MAX_ID_LENGTH = 200;

function listFilter(args: ElectionListArgs, now: Date): Filter {
  const parts: Filter[] = [];
  for (const field of ['unionId', 'chamberId'] as const) {
    const value = args[field];
    if (value === null || value === undefined) continue;
    if (value.length > MAX_ID_LENGTH) throw badUserInputField(field, `must have at most ${MAX_ID_LENGTH} characters`);
    parts.push({ [field]: value });
  }
  if (args.status) parts.push(statusFilter(args.status, now));
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
}

async function candidateOf(view: ResultView, nationalCode: string, context: ElectionsContext): Promise<CandidateDocument> {
  const candidates = await context.elections.loaders.candidatesOfElection.load(view.election._id);
  return candidates.find((c) => c.nationalCode === nationalCode)!;
}

/** The elections feature's resolvers: the two queries, five mutations and the election types. */
export const electionsResolvers: ResolverMap = {
  Query: {
    guildElections: (_: unknown, args: ElectionListArgs, { elections }: ElectionsContext) =>
      elections.repository.pageElections(listFilter(args, elections.clock()), args),
    guildElection: (_: unknown, { id }: { id: string }, { elections }: ElectionsContext) =>
      id.length > MAX_ID_LENGTH ? null : elections.loaders.election.load(id),
  },
  Mutation: {
    createGuildElection: (_: unknown, { input }: { input: CreateGuildElectionInput }, context: ElectionsContext) => createGuildElection(input, context),
    addGuildElectionCandidate: (_: unknown, { input }: { input: AddElectionCandidateInput }, context: ElectionsContext) => addElectionCandidate(input, context),
    castGuildElectionBallot: (_: unknown, { input }: { input: CastBallotInput }, context: ElectionsContext) => castBallot(input, context),
    closeGuildElection: (_: unknown, { input }: { input: { electionId: string } }, context: ElectionsContext) => closeElection(input.electionId, context),
    publishGuildElectionResult: (_: unknown, { input }: { input: { electionId: string } }, context: ElectionsContext) =>
      publishResult(input.electionId, context),
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
    supervisors: (election: ElectionDocument) => election.supervisorNationalCodes.map((nationalCode) => ({ nationalCode })),
    candidates: (election: ElectionDocument, _: unknown, { elections }: ElectionsContext) => elections.loaders.candidatesOfElection.load(election._id),
    eligibleVoterCount: async (election: ElectionDocument, _: unknown, { loaders, elections }: ElectionsContext) =>
      (await eligibleVotersOfUnion(loaders, election.unionId, elections.clock())).length,
    ballotsCast: (election: ElectionDocument, _: unknown, { elections }: ElectionsContext) =>
      election.result ? election.result.ballots : elections.loaders.turnout.load(election._id),
    result: (election: ElectionDocument): ResultView | null => (election.result ? { election, result: election.result } : null),
  },
  GuildElectionCandidate: {
    person: (candidate: CandidateDocument) => ({ nationalCode: candidate.nationalCode }),
    fullName: async (candidate: CandidateDocument, _: unknown, { loaders }: ElectionsContext) =>
      (await loaders.person.load(candidate.nationalCode))?.fullName ?? '',
  },
  GuildElectionResult: {
    publishedAt: ({ result }: ResultView) => result.publishedAt.toISOString(),
    ballots: ({ result }: ResultView) => result.ballots,
    voters: ({ result }: ResultView) => result.voters,
    eligibleVoters: ({ result }: ResultView) => result.eligibleVoters,
    turnout: ({ result }: ResultView) => (result.eligibleVoters === 0 ? 0 : Math.min(1, result.ballots / result.eligibleVoters)),
    tieForLastSeat: ({ result }: ResultView) => result.tieForLastSeat,
    tallies: ({ election, result }: ResultView) => result.tallies.map((tally) => ({ view: { election, result }, tally })),
    elected: ({ election, result }: ResultView, _: unknown, context: ElectionsContext) =>
      Promise.all(result.tallies.filter((t) => t.elected).map((t) => candidateOf({ election, result }, t.nationalCode, context))),
  },
  GuildElectionTally: {
    candidate: ({ view, tally }: { view: ResultView; tally: CandidateTally }, _: unknown, context: ElectionsContext) => candidateOf(view, tally.nationalCode, context),
    votes: ({ tally }: { tally: CandidateTally }) => tally.votes,
    elected: ({ tally }: { tally: CandidateTally }) => tally.elected,
  },
  GuildElectionBallotReceipt: {
    votedAt: (receipt: BallotReceipt) => receipt.votedAt.toISOString(),
  },
};
