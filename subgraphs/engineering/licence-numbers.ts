import { DocumentWrite, StoredDocument } from '../../shared/store/port';
import { EngineeringPersonDocument } from './documents';

/**
 * Where each licence number is claimed by the engineer holding it, in the same all-or-nothing write
 * as the engineer's record: `_id` is the number in its one spelling (credentialNumberKey), so two
 * engineers recorded at the same time with one number cannot both keep it (the second write fails
 * on the claim's key). The licence list pages on the number, and relies on it repeating nowhere.
 */
export const LICENCE_NUMBERS_COLLECTION = 'licenceNumbers';

/** A licence number's claim. Released (no holder) when its engineer's licence took another number: anyone may claim it then. */
export interface LicenceNumberClaimDocument extends StoredDocument {
  /** The national code of the engineer holding the number; absent once released. */
  nationalCode?: string;
}

/** The claims the engineers' licences make, as the starting data loads them. */
export const licenceNumberClaims = (people: readonly EngineeringPersonDocument[]): LicenceNumberClaimDocument[] =>
  people.flatMap((person) => (person.licence ? [{ _id: person.licence.number, nationalCode: person._id }] : []));

/**
 * The claim writes that move an engineer's licence from the number `before` to `after` (either
 * absent), given the claims of both as stored: the new number is claimed (a claim inserted, a
 * released one taken over as read; one already the engineer's kept), and the old one, when the
 * engineer's, released. Written with the
 * engineer's record, a claim taken meanwhile fails the whole write (DuplicateKeyError on a fresh
 * claim, WriteConflictError on one taken over).
 */
export function licenceClaimWrites(nationalCode: string, before: string | undefined, after: string | undefined, stored: readonly LicenceNumberClaimDocument[]): DocumentWrite[] {
  if (before === after) return [];
  const claimOf = (number: string) => stored.find((claim) => claim._id === number);
  const writes: DocumentWrite[] = [];
  if (after !== undefined) {
    const claim = claimOf(after);
    const taken: LicenceNumberClaimDocument = { _id: after, nationalCode };
    if (claim && claim.nationalCode === undefined) writes.push({ collection: LICENCE_NUMBERS_COLLECTION, kind: 'replace', previous: claim, document: taken });
    // Another engineer's claim (taken since the input was checked) makes the insert fail on its key, and the write with it.
    else if (claim?.nationalCode !== nationalCode) writes.push({ collection: LICENCE_NUMBERS_COLLECTION, kind: 'insert', document: taken });
  }
  if (before !== undefined) {
    const claim = claimOf(before);
    const released: LicenceNumberClaimDocument = { _id: before };
    if (claim?.nationalCode === nationalCode) writes.push({ collection: LICENCE_NUMBERS_COLLECTION, kind: 'replace', previous: claim, document: released });
  }
  return writes;
}
