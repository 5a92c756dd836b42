import { InputChecker } from '../errors';
import { PageRequest, pageSize } from '../graphql/pagination';
import { instantOfIsoDate } from '../text/calendar';
import { checkDate } from '../validation';
import { CredentialCriteria } from './filters';
import { CredentialStatus, startOfUtcDay } from './validity';

/** The longest look-ahead `expiringWithinDays` takes: ten years. */
export const MAX_EXPIRING_WITHIN_DAYS = 3_660;

/** The arguments every credential list takes, besides its own filters. */
export interface CredentialListArgs extends PageRequest {
  status?: CredentialStatus | null;
  expiringWithinDays?: number | null;
  /** The day statuses are derived for: Gregorian or Solar Hijri; today (UTC) when omitted. */
  asOf?: string | null;
}

/** Reads `asOf`: a day in either calendar, or today when omitted; records the problem when unreadable. */
export function checkAsOf(checker: InputChecker, value: string | null | undefined, field = 'asOf'): Date | undefined {
  if (value === null || value === undefined) return startOfUtcDay();
  const iso = checkDate(checker, field, value);
  return iso === undefined ? undefined : instantOfIsoDate(iso);
}

/** Checks a credential list's shared arguments together; throws one BAD_USER_INPUT naming each bad one. */
export function checkCredentialListArgs(args: CredentialListArgs, checker: InputChecker = new InputChecker()): CredentialCriteria {
  const asOf = checkAsOf(checker, args.asOf);
  const days = args.expiringWithinDays;
  if (days !== null && days !== undefined && (!Number.isInteger(days) || days < 0 || days > MAX_EXPIRING_WITHIN_DAYS)) {
    checker.add('expiringWithinDays', `must be a whole number of days from 0 to ${MAX_EXPIRING_WITHIN_DAYS}; got ${days}`);
  }
  if (days !== null && days !== undefined && args.status && args.status !== 'VALID') {
    checker.add('status', `${args.status} cannot be combined with expiringWithinDays, which lists valid credentials only`);
  }
  collectPageProblems(checker, args);
  checker.throwIfAny();
  return { asOf: asOf!, status: args.status ?? null, expiringWithinDays: days ?? null };
}

/** A `first` problem, recorded with the others instead of thrown alone (`after` was checked when its cursor was opened). */
function collectPageProblems(checker: InputChecker, args: PageRequest): void {
  try {
    pageSize(args.first);
  } catch (error) {
    const problems = (error as { extensions?: { problems?: { field: string; problem: string }[] } }).extensions?.problems ?? [];
    for (const { field, problem } of problems) checker.add(field, problem);
  }
}
