import { InputChecker, writeConflict } from '../../../shared/errors';
import { EventDraft } from '../../../shared/outbox/events';
import { WriteConflictError } from '../../../shared/store/port';
import { ElectionsContext } from './context';
import { ElectionDocument } from './documents';
import { eligibleVotersOfUnion } from './eligibility';
import { electionEvent, ELECTION_EVENTS } from './events';
import { ELECTION_ERROR_CODES, electionRefusal } from './errors';
import { checkElectionId } from './lookup';
import { electionStatus } from './status';
import { tally } from './tally';

async function knownElection(id: string, context: ElectionsContext): Promise<ElectionDocument> {
  const checker = new InputChecker();
  const election = await checkElectionId(checker, 'electionId', id, context);
  checker.throwIfAny();
  return election!;
}

/** Writes the election's change and its events together; WRITE_CONFLICT when another request changed it since it was read. */
async function withEvents(previous: ElectionDocument, next: ElectionDocument, events: EventDraft[], context: ElectionsContext): Promise<void> {
  try {
    await context.elections.repository.saveElectionWithEvents(previous, next, events);
  } catch (error) {
    if (error instanceof WriteConflictError) throw writeConflict(`The election ${previous._id}`);
    throw error;
  }
}

function remember(context: ElectionsContext, election: ElectionDocument): ElectionDocument {
  context.elections.loaders.election.clear(election._id).prime(election._id, election);
  return election;
}

/** `closeGuildElection`: ends voting now, before the planned close (the supervisors' decision); only while open. */
export async function closeElection(electionId: string, context: ElectionsContext): Promise<ElectionDocument> {
  const election = await knownElection(electionId, context);
  const now = context.elections.clock();
  const status = electionStatus(election, now);
  if (status === 'SCHEDULED') {
    throw electionRefusal(ELECTION_ERROR_CODES.notOpenYet, `voting in ${election._id} has not opened yet (it opens at ${election.opensAt.toISOString()}); only an open election is closed`, election._id);
  }
  if (status !== 'OPEN') {
    throw electionRefusal(ELECTION_ERROR_CODES.closed, `voting in ${election._id} already ended at ${election.endsAt.toISOString()}`, election._id);
  }
  const closed: ElectionDocument = { ...election, endsAt: now };
  await withEvents(election, closed, [electionEvent(closed, ELECTION_EVENTS.closed)], context);
  return remember(context, closed);
}

/**
 * `publishGuildElectionResult`: counts the accepted ballots once voting has ended and publishes
 * the result; before then it is refused (ELECTION_NOT_CLOSED) and the result stays null.
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
  const [ballots, voters, eligible, counts] = await Promise.all([
    repository.countBallots(election._id),
    repository.countVoters(election._id),
    eligibleVotersOfUnion(context.loaders, election.unionId, election.endsAt),
    Promise.all(candidates.map(async (c) => [c.nationalCode, await repository.countVotesFor(election._id, c.nationalCode)] as const)),
  ]);
  const result = tally({ seats: election.seats, votes: new Map(counts), ballots, voters, eligibleVoters: eligible.length, publishedAt: now });
  const published: ElectionDocument = { ...election, result };
  await withEvents(election, published, [electionEvent(published, ELECTION_EVENTS.resultPublished)], context);
  return remember(context, published);
}
