import { CandidateTally, ElectionResultDocument } from './documents';

export interface TallyInput {
  seats: number;
  /** Votes per candidate's national code. */
  votes: ReadonlyMap<string, number>;
  ballots: number;
  voters: number;
  eligibleVoters: number;
  publishedAt: Date;
}

/**
 * The result of a count: candidates by votes (ties in national-code order), the first `seats`
 * elected, and whether the last seat went to one of several candidates with equal votes.
 */
export function tally(input: TallyInput): ElectionResultDocument {
  const ranked = [...input.votes].sort(([a, va], [b, vb]) => vb - va || (a < b ? -1 : a > b ? 1 : 0));
  const tallies: CandidateTally[] = ranked.map(([nationalCode, votes], index) => ({ nationalCode, votes, elected: index < input.seats }));
  const last = tallies[input.seats - 1];
  const firstOut = tallies[input.seats];
  return {
    publishedAt: input.publishedAt,
    ballots: input.ballots,
    voters: input.voters,
    eligibleVoters: input.eligibleVoters,
    tallies,
    tieForLastSeat: last !== undefined && firstOut !== undefined && last.votes === firstOut.votes,
  };
}
