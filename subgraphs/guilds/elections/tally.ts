import { CandidateTally, ElectionResultDocument } from './documents';

export interface TallyInput {
  seats: number;
  /** Votes per candidate's national code. */
  votes: ReadonlyMap<string, number>;
  ballots: number;
  voters: number;
  eligibleVoters: number;
  publishedAt: Date;
  /** Candidates who withdrew or were disqualified: their votes are shown, and elect no one. */
  excluded?: ReadonlySet<string>;
}

type Count = readonly [string, number];
const byVotes = ([a, va]: Count, [b, vb]: Count): number => vb - va || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The result of a count. Standing candidates are ranked by votes (ties in national-code order) and
 * the first `seats` elected, unless the last seat's votes are shared by more candidates than seats
 * are left: then only those with more votes are elected, the tied ones are listed in `tied`, and the
 * supervisors decide between them (recordTieBreak); the count never picks by national code. The
 * candidates who withdrew or were disqualified come last, their votes shown, never elected.
 */
export function tally(input: TallyInput): ElectionResultDocument {
  const excluded = input.excluded ?? new Set<string>();
  const counts = [...input.votes];
  const standing = counts.filter(([code]) => !excluded.has(code)).sort(byVotes);
  const out = counts.filter(([code]) => excluded.has(code)).sort(byVotes);
  let elected = standing.slice(0, input.seats);
  let tied: string[] = [];
  const last = standing[input.seats - 1];
  const firstOut = standing[input.seats];
  if (last && firstOut && last[1] === firstOut[1]) {
    elected = standing.filter(([, votes]) => votes > last[1]);
    tied = standing.filter(([, votes]) => votes === last[1]).map(([code]) => code);
  }
  const isElected = new Set(elected.map(([code]) => code));
  const tallies: CandidateTally[] = [
    ...standing.map(([nationalCode, votes]) => ({ nationalCode, votes, elected: isElected.has(nationalCode) })),
    ...out.map(([nationalCode, votes]) => ({ nationalCode, votes, elected: false, excluded: true })),
  ];
  return {
    publishedAt: input.publishedAt,
    ballots: input.ballots,
    voters: input.voters,
    eligibleVoters: input.eligibleVoters,
    tallies,
    tieForLastSeat: tied.length > 0,
    ...(tied.length > 0 ? { tied } : {}),
  };
}

/** The national codes of the elected: by the count, and by the tie-break once recorded; in the tallies' order. */
export function electedCodes(result: ElectionResultDocument): string[] {
  const chosen = new Set(result.tieBreak?.chosen ?? []);
  return result.tallies.filter((t) => t.elected || chosen.has(t.nationalCode)).map((t) => t.nationalCode);
}

/** Seats the count left to the supervisors: those a tie holds until its tie-break is recorded. */
export function seatsLeftToTieBreak(seats: number, result: ElectionResultDocument): number {
  if (!result.tieForLastSeat || result.tieBreak) return 0;
  return seats - result.tallies.filter((t) => t.elected).length;
}
