import { Filter } from '../store/port';
import { addDays, CredentialStatus } from './validity';

/**
 * The status rule of `credentialStatus` as store queries, for credentials stored at `path` of a
 * document ('' for a collection of credentials, `accreditation.` for one embedded in an
 * organisation). Only `$and`, `$lte`/`$lt`/`$gt`, `$not` and `$exists` are used: MongoDB 7 and
 * FerretDB 1.24 evaluate them alike (tests/contract/credentials.contract.test.ts). `{ $not: { $lte: d } }`
 * matches a day after `d` and a missing day, which is what "not suspended by then" means.
 * `fromField` names the first valid day where a record calls it otherwise (a guild unit's `issuedOn`).
 */
export function statusFilter(status: CredentialStatus, asOf: Date, path = '', fromField = 'validFrom'): Filter {
  const at = (field: string) => `${path}${field === 'validFrom' ? fromField : field}`;
  const notRevoked = { [at('revokedOn')]: { $not: { $lte: asOf } } };
  const notSuspended = { [at('suspendedOn')]: { $not: { $lte: asOf } } };
  const started = { [at('validFrom')]: { $not: { $gt: asOf } } };
  switch (status) {
    case 'REVOKED':
      return { [at('revokedOn')]: { $lte: asOf } };
    case 'SUSPENDED':
      return { $and: [notRevoked, { [at('suspendedOn')]: { $lte: asOf } }] };
    case 'NOT_YET_VALID':
      return { $and: [notRevoked, notSuspended, { [at('validFrom')]: { $gt: asOf } }] };
    case 'EXPIRED':
      return { $and: [notRevoked, notSuspended, started, { [at('validUntil')]: { $lt: asOf } }] };
    case 'VALID':
      return { $and: [notRevoked, notSuspended, started, { [at('validUntil')]: { $not: { $lt: asOf } } }] };
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
