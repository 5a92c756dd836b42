import { badUserInputField, InputChecker } from '../errors';
import { optionalCalendarDateOf } from '../text/calendar';
import { checkAsOf } from './arguments';
import { credentialStatus, daysRemaining, startOfUtcDay, Validity } from './validity';

/** A credential as a list hands it to its fields: with the list's `asOf`, so `status` answers for that day. */
export type Listed<T> = T & { asOf?: Date };

export const listed = <T extends object>(record: T, asOf: Date): Listed<T> => ({ ...record, asOf });

/** The day a `status(asOf)` field answers for: its own argument, else its list's, else today. */
export function fieldAsOf(parent: { asOf?: Date }, asOf: string | null | undefined): Date {
  if (asOf === null || asOf === undefined) return parent.asOf ?? startOfUtcDay();
  const checker = new InputChecker();
  const day = checkAsOf(checker, asOf);
  if (!day) throw badUserInputField('asOf', `"${asOf}" is not a date; use YYYY-MM-DD (Gregorian) or a Solar Hijri date such as 1405-01-15`);
  return day;
}

/**
 * The validity fields every credential type has (`validFrom`, `validUntil`, `suspendedOn`,
 * `revokedOn`, `status(asOf)`, `daysRemaining(asOf)`), for records whose validity is at `validityOf`.
 */
export function validityResolvers<P extends { asOf?: Date }>(validityOf: (parent: P) => Validity = (parent) => parent as Validity) {
  return {
    validFrom: (parent: P) => optionalCalendarDateOf(validityOf(parent).validFrom),
    validUntil: (parent: P) => optionalCalendarDateOf(validityOf(parent).validUntil),
    suspendedOn: (parent: P) => optionalCalendarDateOf(validityOf(parent).suspendedOn),
    revokedOn: (parent: P) => optionalCalendarDateOf(validityOf(parent).revokedOn),
    status: (parent: P, { asOf }: { asOf?: string | null }) => credentialStatus(validityOf(parent), fieldAsOf(parent, asOf)),
    daysRemaining: (parent: P, { asOf }: { asOf?: string | null }) => daysRemaining(validityOf(parent), fieldAsOf(parent, asOf)),
  };
}
