import { InputChecker } from '../errors';
import { message, Message } from '../messages/catalog';
import { calendarDateOf } from '../text/calendar';
import { OrganisationDocument } from './documents';

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

/** Records under `field` that `organisation` is closed (see `closedOrganisationProblem`); true when it is open to the record. */
export function checkOpenOrganisation(checker: InputChecker, field: string, organisation: OrganisationDocument, on?: string): boolean {
  const problem = closedOrganisationProblem(organisation, on);
  if (problem) checker.add(field, problem);
  return !problem;
}
