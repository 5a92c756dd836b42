import { ElectionsContext } from './context';
import { ElectionDocument } from './documents';
import { eligibleVotersOfUnion } from './eligibility';
import { electionEvent, ELECTION_EVENTS } from './events';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { knownElection, replaceElection } from './lookup';
import { electionStatus } from './status';
import { tally } from './tally';

/**
 * `closeGuildElection`: ends voting now, before the planned close (the supervisors' decision); only
 * while open. The members eligible at that moment are counted and kept with the election.
 */
export async function closeElection(electionId: string, context: ElectionsContext): Promise<ElectionDocument> {
  const election = await knownElection(electionId, context);
  const now = context.elections.clock();
  const status = electionStatus(election, now);
  if (status === 'SCHEDULED') {
    throw electionRefusal(
      ELECTION_ERROR_CODES.notOpenYet,
      `voting in ${election._id} has not opened yet (it opens at ${election.opensAt.toISOString()}); only an open election is closed`,
      election._id,
    );
  }
  if (status !== 'OPEN') {
    throw electionRefusal(ELECTION_ERROR_CODES.closed, `voting in ${election._id} already ended at ${election.endsAt.toISOString()}`, election._id);
  }
  const eligible = await eligibleVotersOfUnion(context.loaders, election.unionId, now);
  const closed: ElectionDocument = { ...election, endsAt: now, eligibleVotersAtClose: eligible.length };
  return replaceElection(context, election, closed, [electionEvent(closed, ELECTION_EVENTS.closed)]);
}

/**
 * `publishGuildElectionResult`: counts the accepted ballots once voting has ended and publishes
 * the result; before then it is refused (ELECTION_NOT_CLOSED) and the result stays null. The
 * eligible voters are those counted when it was closed, or, for an election that ended by its
 * clock, those eligible at its end, counted now and kept. Withdrawn and disqualified candidates'
 * votes are shown and elect no one (see tally.ts).
 */
export async function publishResult(electionId: string, context: ElectionsContext): Promise<ElectionDocument> {
  const election = await knownElection(electionId, context);
  const now = context.elections.clock();
  const status = electionStatus(election, now);
  if (status === 'PUBLISHED') {
    throw electionRefusal(ELECTION_ERROR_CODES.alreadyPublished, `the result of ${election._id} was published at ${election.result!.publishedAt.toISOString()}`, election._id);
  }
  if (status !== 'CLOSED') {
    throw electionRefusal(
      ELECTION_ERROR_CODES.stillOpen,
      `voting in ${election._id} ${status === 'OPEN' ? 'is open' : 'has not opened'} until ${election.endsAt.toISOString()}; results are published only after it ends`,
      election._id,
    );
  }
  const { repository } = context.elections;
  const candidates = await context.elections.loaders.candidatesOfElection.load(election._id);
  const [ballots, voters, eligibleVoters, counts] = await Promise.all([
    repository.countBallots(election._id),
    repository.countVoters(election._id),
    election.eligibleVotersAtClose ?? eligibleVotersOfUnion(context.loaders, election.unionId, election.endsAt).then((codes) => codes.length),
    Promise.all(candidates.map(async (c) => [c.nationalCode, await repository.countVotesFor(election._id, c.nationalCode)] as const)),
  ]);
  const excluded = new Set(candidates.filter((c) => c.statusChange).map((c) => c.nationalCode));
  const result = tally({ seats: election.seats, votes: new Map(counts), ballots, voters, eligibleVoters, publishedAt: now, excluded });
  const published: ElectionDocument = { ...election, eligibleVotersAtClose: eligibleVoters, result };
  return replaceElection(context, election, published, [electionEvent(published, ELECTION_EVENTS.resultPublished)]);
}
