import { CandidateDocument, ElectionDocument } from './documents';

/**
 * Whether a result may show the votes of `candidate`. A standing candidate's votes are counted over
 * every ballot, and so are those of one who withdrew or was disqualified before voting opened (none).
 * One who withdrew or was disqualified while voting was open was named only on the ballots cast
 * before then: their votes are a count of those few ballots, and anyone who watched `ballotsCast`
 * knows how many there were. After one ballot, a withdrawal timed by an election officer (or a real
 * one) would publish how that one voter chose. So such a candidate's votes are shown only when at
 * least `minimum` ballots (MIN_BALLOTS_FOR_A_RESULT) were in the box when the change was recorded.
 */
export function votesMayBeShown(candidate: CandidateDocument, election: ElectionDocument, minimum: number): boolean {
  const change = candidate.statusChange;
  if (!change || change.at.getTime() < election.opensAt.getTime()) return true;
  // A change recorded before the count was kept says nothing of the ballots before it: withheld.
  return (change.ballotsBefore ?? 0) >= minimum;
}
