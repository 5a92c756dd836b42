import { InputChecker, writeConflict } from '../../../shared/errors';
import { EventDraft } from '../../../shared/outbox/events';
import { WriteConflictError } from '../../../shared/store/port';
import { ElectionsContext } from './context';
import { CandidateDocument, ElectionDocument } from './documents';

/** The election an input names, or undefined with the problem recorded under `field`. */
export async function checkElectionId(checker: InputChecker, field: string, id: string, context: ElectionsContext): Promise<ElectionDocument | undefined> {
  const election = id.startsWith('guilds:election-') ? await context.elections.loaders.election.load(id) : null;
  if (!election) {
    checker.add(field, `"${id}" is not an election of the guilds registry`);
    return undefined;
  }
  return election;
}

/** The election an input names; BAD_USER_INPUT naming `electionId` when there is none. */
export async function knownElection(id: string, context: ElectionsContext): Promise<ElectionDocument> {
  const checker = new InputChecker();
  const election = await checkElectionId(checker, 'electionId', id, context);
  checker.throwIfAny();
  return election!;
}

/**
 * Writes an election's next state over the one read, with the events it causes in the same write
 * (shared/outbox); WRITE_CONFLICT, nothing written, when another request changed it since.
 */
export async function replaceElection(
  context: ElectionsContext,
  previous: ElectionDocument,
  next: ElectionDocument,
  events: readonly EventDraft[] = [],
): Promise<ElectionDocument> {
  try {
    const { repository } = context.elections;
    await (events.length ? repository.saveElectionWithEvents(previous, next, events) : repository.replaceElection(previous, next));
  } catch (error) {
    if (error instanceof WriteConflictError) throw writeConflict(`The election ${previous._id}`);
    throw error;
  }
  // Not primed: the store stamped a new revision `next` does not carry, and a later change in this request must replace the stored one.
  context.elections.loaders.election.clear(next._id);
  return next;
}

/** Writes a candidate's next state over the one read; WRITE_CONFLICT when another request changed it since. */
export async function replaceCandidate(context: ElectionsContext, previous: CandidateDocument, next: CandidateDocument): Promise<CandidateDocument> {
  try {
    await context.elections.repository.replaceCandidate(previous, next);
  } catch (error) {
    if (error instanceof WriteConflictError) throw writeConflict(`The candidate ${previous.nationalCode} of ${previous.electionId}`);
    throw error;
  }
  context.elections.loaders.candidatesOfElection.clear(next.electionId);
  return next;
}
