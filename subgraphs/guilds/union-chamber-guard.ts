import { writeConflict } from '../../shared/errors';
import { OrganisationDocument } from '../../shared/registry/documents';
import { openOrganisationGuard } from '../../shared/registry/open-organisation';
import { noteWriteGuard } from '../../shared/server/request-id';
import { ELECTION_COLLECTIONS, ElectionDocument } from './elections/documents';

/**
 * Makes the request's next write (a guild unit, an election: records that keep their union's
 * chamber as `chamberId`) conditional on `union` being still open and still in the chamber it was
 * read in. A union moved meanwhile had its records' chamber rewritten by the move's own write, which
 * could not carry this one along: the write is refused with WRITE_CONFLICT, to send again (checked
 * again, it takes the new chamber), rather than kept under the chamber the union left (integrity
 * audit, 2026-12-07). Closed meanwhile, it is refused as `checkOpenOrganisation` refuses it.
 */
export function guardUnionInItsChamber(union: OrganisationDocument): void {
  const open = openOrganisationGuard('unionId', union);
  const sameChamber = (current: unknown): boolean => (current as OrganisationDocument | undefined)?.parentId === union.parentId;
  noteWriteGuard({
    ...open,
    stillHolds: (current) => open.stillHolds(current) && sameChamber(current),
    refusal: (current) => (open.stillHolds(current) ? writeConflict(`The union ${union._id} (moved to another chamber)`) : open.refusal(current)),
  });
}

/**
 * Makes the request's next write (a board term, which copies its election's `chamberId`) conditional
 * on `election` keeping the chamber it was read with. A union moved meanwhile had its election's
 * chamber rewritten by the move's own write, which the new term was not in: the install is refused
 * with WRITE_CONFLICT, to send again (it then copies the new chamber), rather than kept under the
 * chamber the union left, as a union's first board was until this guard (audit, 2026-12-07). A board
 * in office ended by the install is written conditionally already, and meets the move the same way.
 */
export function guardElectionInItsChamber(election: ElectionDocument): void {
  noteWriteGuard({
    collection: ELECTION_COLLECTIONS.elections,
    read: election,
    stillHolds: (current) => (current as ElectionDocument | undefined)?.chamberId === election.chamberId,
    refusal: () => writeConflict(`The union ${election.unionId} (moved to another chamber)`),
    conflict: () => writeConflict(`The election ${election._id}`),
  });
}
