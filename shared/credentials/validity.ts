import { ProvenanceRecord } from '../provenance/provenance';
/**
 * The validity of any credential (accreditation, certification, licence, certificate): the days it
 * runs, stored as instants (00:00 UTC of the day), and the acts that stop it early. Its status is
 * never stored: it is derived from these days against the day asked about (`asOf`).
 */
export const CREDENTIAL_STATUSES = ['VALID', 'EXPIRED', 'NOT_YET_VALID', 'SUSPENDED', 'REVOKED'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** What a stored credential carries about its validity; every day is an instant at 00:00 UTC. */
export interface Validity {
  /** Where the credential came from (shared/provenance): a source text, invented for the demo, or entered by a caller (issued, renewed, its standing changed). */
  provenance?: ProvenanceRecord;
  /** First valid day; absent when the registry does not record it (engineering licences). */
  validFrom?: Date;
  /** Last valid day; absent when the credential does not expire or the day is not recorded. */
  validUntil?: Date;
  /** The day a suspension took effect; cleared when the credential is reinstated. */
  suspendedOn?: Date;
  /** The day the credential was revoked; final. */
  revokedOn?: Date;
}

export const DAY_MS = 86_400_000;

/** 00:00 UTC of the day `now` falls on: the default `asOf`. */
export const startOfUtcDay = (now: Date = new Date()): Date => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);

export const addDays = (day: Date, days: number): Date => new Date(day.getTime() + days * DAY_MS);

/**
 * The status on day `asOf`, first match wins: REVOKED (revoked on or before it), SUSPENDED
 * (suspended on or before it), NOT_YET_VALID (before the first valid day), EXPIRED (after the last
 * valid day), else VALID. `statusFilter` is the same rule as a store query.
 */
export function credentialStatus(validity: Validity, asOf: Date): CredentialStatus {
  const t = asOf.getTime();
  if (validity.revokedOn && validity.revokedOn.getTime() <= t) return 'REVOKED';
  if (validity.suspendedOn && validity.suspendedOn.getTime() <= t) return 'SUSPENDED';
  if (validity.validFrom && validity.validFrom.getTime() > t) return 'NOT_YET_VALID';
  if (validity.validUntil && validity.validUntil.getTime() < t) return 'EXPIRED';
  return 'VALID';
}

/** Whole days from `asOf` to the last valid day (0 on that day), or null when the credential does not expire. */
export function daysRemaining(validity: Validity, asOf: Date): number | null {
  if (!validity.validUntil) return null;
  return Math.round((validity.validUntil.getTime() - asOf.getTime()) / DAY_MS);
}
