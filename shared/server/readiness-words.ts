import { StoreUnavailableError } from '../store/port';

/**
 * What a subgraph's open `/ready` says of a store that failed, in words of its own: whoever reaches
 * the subgraph reads it, without a token. The store's own words stay in the service's log: a
 * duplicate found while a unique index is built quotes the clashing value (for the guilds' voters,
 * an election and a voter's national code), and a driver's message may quote a stored document or
 * name the database's address (until 2026-12-07 `/ready` repeated them whole).
 */
export function storeProblemForReadiness(error: unknown, stage: 'preparing' | 'answering'): string {
  if (error instanceof StoreUnavailableError) return "the database is unreachable; the service's log says why";
  return stage === 'preparing'
    ? "the store could not be prepared (its indexes or starting data); the service's log says why"
    : "the database failed to answer; the service's log says why";
}
