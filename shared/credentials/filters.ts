import { Filter } from '../store/port';
import { addDays, CredentialStatus } from './validity';

/**
 * The status rule of `credentialStatus` as store queries, for credentials stored at `path` of a
 * document ('' for a collection of credentials, `accreditation.` for one embedded in an
 * organisation). Only `$and`, `$nor`, `$lte`/`$lt`/`$gt` and `$exists` are used: MongoDB 7 and
 * FerretDB 1.24 evaluate them alike (tests/contract/credentials.contract.test.ts). What must not have
 * happened by `asOf` goes in one `$nor`, which also matches a missing day ("not suspended by then").
 * A `$nor` bounds no index, so a planner narrows by the list's own fields (a union) or by a
 * positive day range (expiring, expired) instead of by "not expired", which holds for most records.
 * `fromField` names the first valid day where a record calls it otherwise (a guild unit's `issuedOn`).
 */
export function statusFilter(status: CredentialStatus, asOf: Date, path = '', fromField = 'validFrom'): Filter {
  const at = (field: string) => `${path}${field === 'validFrom' ? fromField : field}`;
  const revoked = { [at('revokedOn')]: { $lte: asOf } };
  const suspended = { [at('suspendedOn')]: { $lte: asOf } };
  const notStarted = { [at('validFrom')]: { $gt: asOf } };
  const expired = { [at('validUntil')]: { $lt: asOf } };
  switch (status) {
    case 'REVOKED':
      return revoked;
    case 'SUSPENDED':
      return { ...suspended, $nor: [revoked] };
    case 'NOT_YET_VALID':
      return { ...notStarted, $nor: [revoked, suspended] };
    case 'EXPIRED':
      return { ...expired, $nor: [revoked, suspended, notStarted] };
    case 'VALID':
      return { $nor: [revoked, suspended, notStarted, expired] };
  }
}

/** Valid on `asOf` and last valid on one of the next `days` days (`asOf` itself included). */
export function expiringFilter(days: number, asOf: Date, path = '', fromField = 'validFrom'): Filter {
  return { $and: [statusFilter('VALID', asOf, path, fromField), { [`${path}validUntil`]: { $lte: addDays(asOf, days) } }] };
}

export interface CredentialCriteria {
  status?: CredentialStatus | null;
  expiringWithinDays?: number | null;
  asOf: Date;
}

/**
 * The store query for a list of credentials: `base` (what the list holds, e.g. laboratories with an
 * accreditation, plus its own filters), narrowed by status and by expiry.
 */
export function credentialFilter(base: Filter[], criteria: CredentialCriteria, path = '', fromField = 'validFrom'): Filter {
  const parts = [...base];
  const expiring = criteria.expiringWithinDays !== null && criteria.expiringWithinDays !== undefined;
  // The expiry filter holds VALID already (the arguments allow no other status with it).
  if (criteria.status && !(expiring && criteria.status === 'VALID')) parts.push(statusFilter(criteria.status, criteria.asOf, path, fromField));
  if (expiring) parts.push(expiringFilter(criteria.expiringWithinDays!, criteria.asOf, path, fromField));
  if (parts.length === 0) return {};
  return parts.length === 1 ? parts[0]! : { $and: parts };
}
