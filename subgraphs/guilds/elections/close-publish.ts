import { writeConflict } from '../../../shared/errors';
import { message } from '../../../shared/messages/catalog';
import { ElectionsContext } from './context';
import { ElectionDocument } from './documents';
import { eligibleVotersOfUnion } from './eligibility';
import { electionEvent, ELECTION_EVENTS } from './events';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { knownElection, replaceElection } from './lookup';
import { electionStatus } from './status';
import { tally } from './tally';
import { votesMayBeShown } from './withheld-votes';

/**
 * Ballots an election must have for its count to be published, and before voting may end ahead of
 * its planned close (unless every eligible member has voted). Fewer, and the result would show how
 * those few chose: a union's admin who suspended every licence but one member's, or closed just after
 * one known member voted, would publish that member's choices.
 */
export const MIN_BALLOTS_FOR_A_RESULT = 5;

/**
 * WRITE_CONFLICT while a write in flight names a ballot of the election (being made, or left
 * half-written by a stopped process until recovery rolls it back). Looked for before and again after
 * the ballots are counted: a ballot whose write began between the first look and the count (checked
 * while voting was open, its process killed mid-way) is counted, then taken out of the box.
 */
async function refuseUnsettledBallots(election: ElectionDocument, context: ElectionsContext): Promise<void> {
  if (await context.elections.repository.ballotsUnsettled(election._id)) throw writeConflict(`The ballots of ${election._id}`);
}

/**
 * `closeGuildElection`: ends voting now, before the planned close (the supervisors' decision); only
 * while open, and only once MIN_BALLOTS_FOR_A_RESULT ballots are cast or every eligible member has
 * voted. The members eligible at that moment are counted and kept with the election.
 */
export async function closeElection(electionId: string, context: ElectionsContext): Promise<ElectionDocument> {
  const election = await knownElection(electionId, context);
  const now = context.elections.clock();
  const status = electionStatus(election, now);
  if (status === 'SCHEDULED') {
    throw electionRefusal(ELECTION_ERROR_CODES.notOpenYet, message('CLOSE_NOT_OPEN_YET', { election: election._id, opensAt: election.opensAt.toISOString() }), election._id);
  }
  if (status !== 'OPEN') {
    throw electionRefusal(ELECTION_ERROR_CODES.closed, message('CLOSE_ALREADY_ENDED', { election: election._id, endsAt: election.endsAt.toISOString() }), election._id);
  }
  // A ballot not settled (a stopped process's, until recovery rolls it back) must not count towards ending voting early.
  await refuseUnsettledBallots(election, context);
  const [eligible, ballots] = await Promise.all([eligibleVotersOfUnion(context.loaders, election.unionId, now), context.elections.repository.countBallots(election._id)]);
  await refuseUnsettledBallots(election, context);
  if (ballots < MIN_BALLOTS_FOR_A_RESULT && ballots < eligible.length) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.tooFewBallotsToClose,
      message('CLOSE_TOO_FEW_BALLOTS', {
        election: election._id,
        closesAt: election.closesAt.toISOString(),
        minimum: MIN_BALLOTS_FOR_A_RESULT,
        ballots,
        eligible: eligible.length,
      }),
      election._id,
    );
  }
  const closed: ElectionDocument = { ...election, endsAt: now, eligibleVotersAtClose: eligible.length };
  return replaceElection(context, election, closed, [electionEvent(closed, ELECTION_EVENTS.closed)]);
}

/**
 * `publishGuildElectionResult`: counts the accepted ballots once voting has ended, the ballot box
 * sealed first, and publishes the result (if the election is still as read: else WRITE_CONFLICT);
 * before then it is refused (ELECTION_NOT_CLOSED) and the result stays null. The eligible voters
 * are those counted when it was closed, or, for an election that ended by its clock, those eligible
 * at its end, counted now and kept. Withdrawn and disqualified candidates' votes are shown and elect
 * no one (see tally.ts), unless they withdrew or were disqualified after fewer than
 * MIN_BALLOTS_FOR_A_RESULT ballots: then they are left out (withheld-votes.ts). An election with
 * fewer than MIN_BALLOTS_FOR_A_RESULT ballots has no result (TOO_FEW_BALLOTS_TO_PUBLISH): its count
 * would show how those few voters chose, so it stays closed, and the union calls a new one.
 */
export async function publishResult(electionId: string, context: ElectionsContext): Promise<ElectionDocument> {
  const election = await knownElection(electionId, context);
  const now = context.elections.clock();
  const status = electionStatus(election, now);
  if (status === 'PUBLISHED') {
    throw electionRefusal(
      ELECTION_ERROR_CODES.alreadyPublished,
      message('RESULT_ALREADY_PUBLISHED', { election: election._id, publishedAt: election.result!.publishedAt.toISOString() }),
      election._id,
    );
  }
  if (status !== 'CLOSED') {
    throw electionRefusal(
      ELECTION_ERROR_CODES.stillOpen,
      message(status === 'OPEN' ? 'PUBLISH_STILL_OPEN' : 'PUBLISH_NOT_OPENED', { election: election._id, endsAt: election.endsAt.toISOString() }),
      election._id,
    );
  }
  const { repository } = context.elections;
  // What is in the box now is what is counted: a ballot checked before voting ended but not yet written fails.
  await repository.sealEmptySlots(election._id);
  // A ballot a stopped process left half-written (or one still being written) would be counted, then rolled back out of the box.
  await refuseUnsettledBallots(election, context);
  const cast = await repository.countBallots(election._id);
  if (cast < MIN_BALLOTS_FOR_A_RESULT) {
    throw electionRefusal(
      ELECTION_ERROR_CODES.tooFewBallotsToPublish,
      message('PUBLISH_TOO_FEW_BALLOTS', { election: election._id, minimum: MIN_BALLOTS_FOR_A_RESULT, ballots: cast }),
      election._id,
    );
  }
  // A candidate who withdrew or was disqualified after too few ballots is left out of the tallies.
  const candidates = (await context.elections.loaders.candidatesOfElection.load(election._id)).filter((c) => votesMayBeShown(c, election, MIN_BALLOTS_FOR_A_RESULT));
  const [voters, eligibleVoters, counts] = await Promise.all([
    repository.countVoters(election._id),
    election.eligibleVotersAtClose ?? eligibleVotersOfUnion(context.loaders, election.unionId, election.endsAt).then((codes) => codes.length),
    Promise.all(candidates.map(async (c) => [c.nationalCode, await repository.countVotesFor(election._id, c.nationalCode)] as const)),
  ]);
  await refuseUnsettledBallots(election, context);
  const excluded = new Set(candidates.filter((c) => c.statusChange).map((c) => c.nationalCode));
  const result = tally({ seats: election.seats, votes: new Map(counts), ballots: cast, voters, eligibleVoters, publishedAt: now, excluded });
  const published: ElectionDocument = { ...election, eligibleVotersAtClose: eligibleVoters, result };
  return replaceElection(context, election, published, [electionEvent(published, ELECTION_EVENTS.resultPublished)]);
}
