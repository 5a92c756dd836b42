import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { WriteGuard } from '../store/guarded-store';

/** The header that carries a request's id: read from the client, returned to it, sent to the subgraphs. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a client's request id may look like: 1 to 128 letters, digits and `.`, `_`, `:`, `-` (nothing that could forge a log line). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the client's `x-request-id` when it is a well-formed one, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

/** What everything done for one request knows of it. */
interface RequestScope {
  readonly id: string;
  /** The subject of the caller's token, once the caller is known (see `noteRequestSubject`). */
  subject?: string | undefined;
  /** Who the caller is for what is kept per caller (see `noteRequestCaller`). */
  caller?: string | undefined;
  /** What the request's next write is conditional on (see `noteWriteGuard`). */
  guards?: WriteGuard[];
  /** Documents a write of this request touched to carry a guard (`collection\u0000id`), not read again since (see `noteGuardsTouched`). */
  touched?: Set<string>;
}

const currentRequest = new AsyncLocalStorage<RequestScope>();

/** Runs `work` as part of the request `requestId`: inside it, and in whatever it starts, `currentRequestId()` gives that id. */
export function inRequest<T>(requestId: string, work: () => T): T {
  return currentRequest.run({ id: requestId }, work);
}

/**
 * Runs `work`, done for the request being served but on no one's behalf (a store's own upkeep that
 * a request happens to set off): inside it the request keeps its id, but has no subject (what it
 * writes is written by no one: a ballot that grows the ballot box must not name its voter in the
 * election's history), no caller and no write guards.
 */
export function asUpkeep<T>(work: () => T): T {
  const scope = currentRequest.getStore();
  return scope ? currentRequest.run({ id: scope.id }, work) : work();
}

/** The id of the request being served (see `inRequest`), undefined outside one. */
export function currentRequestId(): string | undefined {
  return currentRequest.getStore()?.id;
}

/** Records who the request being served comes from, once its caller is checked: what it writes is written by them. */
export function noteRequestSubject(subject: string | undefined): void {
  const scope = currentRequest.getStore();
  if (scope) scope.subject = subject;
}

/** The subject of the caller of the request being served (see `noteRequestSubject`), undefined outside one or for a caller without one. */
export function currentRequestSubject(): string | undefined {
  return currentRequest.getStore()?.subject;
}

/** Records who the request being served comes from, as a key (subject and scopes) for what is kept apart per caller. */
export function noteRequestCaller(identity: string): void {
  const scope = currentRequest.getStore();
  if (scope) scope.caller = identity;
}

/** The key `noteRequestCaller` recorded for the request being served; undefined outside one, or before its caller is known. */
export function currentRequestCaller(): string | undefined {
  return currentRequest.getStore()?.caller;
}

/** Makes the request's next write (of its records) conditional on `guard` (see WriteGuard); outside a request, nothing. */
export function noteWriteGuard(guard: WriteGuard): void {
  const scope = currentRequest.getStore();
  if (!scope) return;
  scope.guards = [...(scope.guards ?? []).filter((known) => known.collection !== guard.collection || known.read._id !== guard.read._id), guard];
}

/** The guards the request being served has noted and not yet written with. */
export function pendingWriteGuards(): readonly WriteGuard[] {
  return currentRequest.getStore()?.guards ?? [];
}

/** Forgets the request's guards: its write carried them (or replaced the documents they guard). */
export function clearWriteGuards(written: readonly WriteGuard[]): void {
  const scope = currentRequest.getStore();
  if (scope?.guards) scope.guards = scope.guards.filter((guard) => !written.includes(guard));
}

const touchedKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

/**
 * Records that a write of the request touched the documents `guards` read (written over themselves,
 * which gives each a new revision): a copy the request read before is stale now, and a change made
 * from it would be refused as a WRITE_CONFLICT the request caused itself (see `readAgainIfTouched`).
 */
export function noteGuardsTouched(guards: readonly WriteGuard[]): void {
  const scope = currentRequest.getStore();
  if (!scope || guards.length === 0) return;
  scope.touched ??= new Set();
  for (const guard of guards) scope.touched.add(touchedKey(guard.collection, guard.read._id));
}

/** Whether the request touched that document since it last asked (and forgets it): the caller reads it again. */
export function readAgainIfTouched(collection: string, id: string): boolean {
  const touched = currentRequest.getStore()?.touched;
  return touched?.delete(touchedKey(collection, id)) ?? false;
}
