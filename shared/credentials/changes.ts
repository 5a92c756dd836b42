import { InputChecker } from '../errors';
import { enteredBy } from '../provenance/provenance';
import { calendarDateOf, instantOfIsoDate } from '../text/calendar';
import { checkDate } from '../validation';
import { startOfUtcDay, Validity } from './validity';

/** What a standing change does: suspend, lift a suspension, or revoke for good. */
export const CREDENTIAL_CHANGES = ['SUSPEND', 'REINSTATE', 'REVOKE'] as const;
export type CredentialChange = (typeof CREDENTIAL_CHANGES)[number];

const shown = (day: Date): string => {
  const { iso, jalali } = calendarDateOf(day);
  return `${iso} (${jalali})`;
};

/** A day in either calendar as the instant it is stored as; undefined (and the problem recorded) when unreadable. */
export function checkDay(checker: InputChecker, field: string, value: string | null | undefined): Date | undefined {
  const iso = checkDate(checker, field, value);
  return iso === undefined ? undefined : instantOfIsoDate(iso);
}

/** The days of a credential being issued: both required unless `optionalFrom`, the last not before the first. */
export function checkValidityDays(
  checker: InputChecker,
  input: { validFrom?: string | null; validUntil?: string | null },
  at: (field: 'validFrom' | 'validUntil') => string = (field) => field,
): { validFrom?: Date; validUntil?: Date } {
  if (input.validFrom === null || input.validFrom === undefined) checker.add(at('validFrom'), 'is required');
  if (input.validUntil === null || input.validUntil === undefined) checker.add(at('validUntil'), 'is required');
  const validFrom = checkDay(checker, at('validFrom'), input.validFrom);
  const validUntil = checkDay(checker, at('validUntil'), input.validUntil);
  if (validFrom && validUntil && validUntil < validFrom) {
    checker.add(at('validUntil'), `${shown(validUntil)} is before validFrom ${shown(validFrom)}`);
  }
  return { ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) };
}

/**
 * Checks a renewal of `current` to a new last valid day: a revoked credential cannot be renewed
 * (issue a new one), and the new day must come after the present one.
 */
export function checkRenewal(checker: InputChecker, current: Validity, validUntilText: string, field = 'validUntil'): Date | undefined {
  const validUntil = checkDay(checker, field, validUntilText);
  if (current.revokedOn) {
    checker.add(field, `the credential was revoked on ${shown(current.revokedOn)}; a revoked credential cannot be renewed, issue a new one`);
    return undefined;
  }
  if (!validUntil) return undefined;
  if (current.validUntil && validUntil <= current.validUntil) {
    checker.add(field, `${shown(validUntil)} does not extend the credential, valid until ${shown(current.validUntil)}`);
    return undefined;
  }
  if (current.validFrom && validUntil < current.validFrom) {
    checker.add(field, `${shown(validUntil)} is before the first valid day ${shown(current.validFrom)}`);
    return undefined;
  }
  return validUntil;
}

export function applyRenewal<T extends Validity>(record: T, validUntil: Date): T {
  return { ...record, validUntil };
}

/**
 * Checks a standing change of `current` taking effect on `onText` (today when omitted): only an
 * unrevoked credential is suspended or revoked, only a suspended one reinstated (today: a
 * reinstatement is not dated), and none dated before the credential's first valid day.
 */
export function checkStandingChange(checker: InputChecker, current: Validity, change: CredentialChange, onText: string | null | undefined, field = 'change'): Date | undefined {
  const on = onText === null || onText === undefined ? startOfUtcDay() : checkDay(checker, 'on', onText);
  if (current.revokedOn) {
    checker.add(field, `the credential was revoked on ${shown(current.revokedOn)}; a revocation is final`);
    return undefined;
  }
  if (change === 'SUSPEND' && current.suspendedOn) {
    checker.add(field, `the credential is already suspended, since ${shown(current.suspendedOn)}`);
    return undefined;
  }
  if (change === 'REINSTATE' && !current.suspendedOn) {
    checker.add(field, 'the credential is not suspended, so there is nothing to reinstate');
    return undefined;
  }
  // A reinstatement clears the suspension when it is recorded (a credential keeps no dated history of
  // its standing): one dated another day would take effect today all the same (audit, 2026-12-07).
  if (on && change === 'REINSTATE' && on.getTime() !== startOfUtcDay().getTime()) {
    checker.add('on', `a reinstatement takes effect the day it is recorded, today (${shown(startOfUtcDay())}), not ${shown(on)}: leave \`on\` out, and record it on the day`);
    return undefined;
  }
  // A change dated before the credential was issued would rewrite its standing on days it did not exist (and who was eligible then).
  if (on && change !== 'REINSTATE' && current.validFrom && on < current.validFrom) {
    checker.add('on', `${shown(on)} is before the credential's first valid day ${shown(current.validFrom)}`);
    return undefined;
  }
  return on;
}

export function applyStandingChange<T extends Validity>(record: T, change: CredentialChange, on: Date): T {
  if (change === 'SUSPEND') return { ...record, suspendedOn: on };
  if (change === 'REVOKE') return { ...record, revokedOn: on };
  const { suspendedOn: _lifted, ...rest } = record;
  return rest as T;
}

/** A renewal or a standing change, as the `renew...` and `change...Standing` mutations take them, with the caller who asks (`by`, the request's `caller`). */
export type CredentialAction = ({ type: 'renew'; validUntil: string } | { type: 'standing'; change: CredentialChange; on?: string | null | undefined }) & {
  by: { subject?: string } | undefined;
};

/**
 * The credential after `action`, or undefined with the problems recorded in `checker` (a missing
 * credential is the caller's to report: `current` is the stored record). The credential as changed
 * is ENTERED by the caller, now: its days are no longer what a source text or the demo said.
 */
export function applyCredentialAction<T extends Validity>(checker: InputChecker, current: T, action: CredentialAction): T | undefined {
  const entered = (changed: T): T => ({ ...changed, provenance: enteredBy(action.by) });
  if (action.type === 'renew') {
    const validUntil = checkRenewal(checker, current, action.validUntil);
    return validUntil ? entered(applyRenewal(current, validUntil)) : undefined;
  }
  const on = checkStandingChange(checker, current, action.change, action.on);
  return on ? entered(applyStandingChange(current, action.change, on)) : undefined;
}

/**
 * Whether a holder may be issued a new credential of a kind while holding `current`: only when
 * it has none, or the one it has expired or was revoked (else renew it, or revoke it first).
 */
export function checkReissue(checker: InputChecker, field: string, current: Validity | undefined, what: string): void {
  if (!current) return;
  const today = startOfUtcDay();
  if (current.revokedOn) return;
  if (current.validUntil && current.validUntil < today) return;
  checker.add(
    field,
    `already holds a ${what} that has not expired (valid until ${current.validUntil ? shown(current.validUntil) : 'further notice'}); renew it, or revoke it first`,
  );
}
