import { writeConflict, badUserInputField } from '../errors';
import { noteWriteGuard } from '../server/request-id';
import type { WriteGuard } from '../store/guarded-store';
import type { StoredDocument } from '../store/port';

/**
 * Makes the request's next write of its records (a committee's seat, a meeting of a series, an
 * indicator of a programme) conditional on `parent` standing as it was read, through a WriteGuard
 * (shared/store/guarded-store.ts). A parent that a write in flight made and has not committed (that
 * write may yet be rolled back, after its process was killed) refuses the child with WRITE_CONFLICT,
 * to try again; a parent removed meanwhile refuses it under `field`. So no child is left beside
 * nothing (integrity audit, 2026-12-07).
 */
export function guardParent(collection: string, parent: StoredDocument, field: string, what: string): void {
  noteWriteGuard(parentGuard(collection, parent, field, what));
}

/** The guard `guardParent` notes: `parent` still there, and committed. */
export function parentGuard(collection: string, parent: StoredDocument, field: string, what: string): WriteGuard {
  return {
    collection,
    read: parent,
    stillHolds: (current) => current !== undefined,
    refusal: () => badUserInputField(field, `${what} ${parent._id} was removed while this was written`),
    conflict: () => writeConflict(`${what.charAt(0).toUpperCase()}${what.slice(1)} ${parent._id}`),
  };
}
