import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../../../shared/graphql/loaders';
import { voterId } from './documents';
import { ElectionsRepository } from './repository';

/** The per-request loaders of the elections feature: one store call per kind of lookup, whatever the page size. */
export function createElectionsLoaders(repository: ElectionsRepository) {
  return {
    election: oneByKey(
      (ids: readonly string[]) => repository.findElections(ids),
      (election) => election._id,
    ),
    candidatesOfElection: manyByKey(
      (ids: readonly string[]) => repository.findCandidates(ids),
      (candidate) => candidate.electionId,
    ),
    /**
     * How many have voted in each election so far (voter records; equal to its accepted ballots),
     * counted by the database in one call, no voter record read into memory.
     */
    turnout: new DataLoader<string, number>(async (ids) => {
      const counts = await repository.countVotersOfElections(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    boardTerm: oneByKey(
      (ids: readonly string[]) => repository.findBoardTerms(ids),
      (term) => term._id,
    ),
    /** A union's board terms, newest first. */
    boardTermsOfUnion: manyByKey(
      (ids: readonly string[]) => repository.findBoardTermsOfUnions(ids),
      (term) => term.unionId,
    ),
    seatsOfTerm: manyByKey(
      (ids: readonly string[]) => repository.findSeatsOfTerms(ids),
      (seat) => seat.termId,
    ),
    /** The board seats a person holds now. */
    currentSeatsOfPerson: manyByKey(
      (codes: readonly string[]) => repository.findCurrentSeatsOfPeople(codes),
      (seat) => seat.nationalCode,
    ),
    /** The seats of a union's board in office now. */
    currentSeatsOfUnion: manyByKey(
      (ids: readonly string[]) => repository.findCurrentSeatsOfUnions(ids),
      (seat) => seat.unionId,
    ),
    /** Whether a voter (`electionId|nationalCode`) has voted. */
    hasVoted: new DataLoader<string, boolean>(async (ids) => {
      const found = new Set((await repository.findVoters(ids)).map((voter) => voter._id));
      return ids.map((id) => found.has(id));
    }),
  };
}

export type ElectionsLoaders = ReturnType<typeof createElectionsLoaders>;

export const hasVotedKey = voterId;
