import { badUserInputField, InputChecker, writeConflict } from '../errors';
import { noteWriteGuard } from '../server/request-id';
import type { WriteGuard } from '../store/guarded-store';
import { message, Message } from '../messages/catalog';
import { calendarDateOf } from '../text/calendar';
import { ORGANISATIONS_COLLECTION, OrganisationDocument } from './documents';

/** Organisations stored before they could close have no `status`: they are open. */
export const isOpenOrganisation = (organisation: Pick<OrganisationDocument, 'status'>): boolean => (organisation.status ?? 'OPEN') === 'OPEN';

/**
 * Why `organisation` may not be named by a new record, or undefined when it may: it was closed.
 * `on` is the record's own day (YYYY-MM-DD, e.g. the day a meeting recorded from its minutes was
 * held): a closed organisation may still be named by a record of a day before it closed. Without
 * `on` the record is new work from now on, which a closed organisation never takes.
 */
export function closedOrganisationProblem(organisation: OrganisationDocument, on?: string): Message | undefined {
  if (isOpenOrganisation(organisation)) return undefined;
  const closedOn = organisation.closedOn ? calendarDateOf(organisation.closedOn) : undefined;
  if (on && closedOn && on < closedOn.iso) return undefined;
  const params = { organisation: organisation._id, name: organisation.name };
  return closedOn ? message('ORGANISATION_CLOSED', { ...params, closedOn: closedOn.iso, closedOnJalali: closedOn.jalali }) : message('ORGANISATION_CLOSED_UNDATED', params);
}

/**
 * The guard `checkOpenOrganisation` notes: `organisation` still open to the record when the record is
 * written. An organisation that kept changing through every attempt (other records written under it
 * at the same time, each touching it) refuses the record with WRITE_CONFLICT, to try again, never
 * with the store's own error (told a client as an internal error).
 */
export function openOrganisationGuard(field: string, organisation: OrganisationDocument, on?: string): WriteGuard {
  return {
    collection: ORGANISATIONS_COLLECTION,
    read: organisation,
    stillHolds: (current) => current !== undefined && closedOrganisationProblem(current as OrganisationDocument, on) === undefined,
    refusal: (current) =>
      badUserInputField(
        field,
        current ? closedOrganisationProblem(current as OrganisationDocument, on)! : `the organisation "${organisation._id}" was removed while this was written`,
      ),
    conflict: () => writeConflict(`The organisation ${organisation._id}`),
  };
}

/**
 * Records under `field` that `organisation` is closed (see `closedOrganisationProblem`); true when
 * it is open to the record. When it is, the request's next write of its records is made only if it
 * still is then (a WriteGuard, shared/store/guarded-store.ts): closing it meanwhile refuses the write
 * with the same problem, nothing written.
 */
export function checkOpenOrganisation(checker: InputChecker, field: string, organisation: OrganisationDocument, on?: string): boolean {
  const problem = closedOrganisationProblem(organisation, on);
  if (problem) checker.add(field, problem);
  else noteWriteGuard(openOrganisationGuard(field, organisation, on));
  return !problem;
}
