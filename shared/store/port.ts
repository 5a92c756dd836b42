import { randomUUID } from 'node:crypto';

/**
 * The one narrow port every repository talks to. It speaks MongoDB's query language (a subset both
 * MongoDB 7+ and the embedded store evaluate identically) and nothing else: no cursors, sessions
 * or driver types leak through it.
 */
export interface StoredDocument {
  _id: string;
}

/** A MongoDB query document, e.g. `{ nationalCode: { $in: [...] }, status: 'ACTIVE' }`. */
export type Filter = Record<string, unknown>;

/**
 * Filter values for a field that holds nothing (`{ result: NO_VALUE }`) and one that holds a value
 * (`{ result: HAS_VALUE }`). A missing field and `null` count alike: releases before 2026-12-07 let the
 * driver store a field written as `undefined` as `null` on MongoDB, which `$exists: false` would take
 * for a value (an unpublished election counted as published, a board seat still held as given up).
 */
export const NO_VALUE = null;
export const HAS_VALUE = { $ne: null } as const;

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  /** At most this many documents: a whole number, 0 giving none (see `checkedLimit`). */
  limit?: number;
  /** Only these top-level fields (and `_id`) of each document: a read that needs a few fields of large documents. */
  fields?: readonly string[];
}

/**
 * `limit` as every adapter reads it: 0 gives no documents. A negative or fractional one is refused
 * (a RangeError, a mistake of the caller): MongoDB reads 0 as "no limit" and -n as n, the embedded
 * store 0 as none and -n as "all but the last n", so a computed limit that reached them gave the
 * whole collection on one store and nothing, or nearly all of it, on the other.
 */
export function checkedLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`a find's limit must be a whole number from 0 up; got ${limit}`);
  return limit;
}

/** `document` with only `fields` and `_id` (all of it without `fields`). */
export function pickFields<T extends StoredDocument>(document: T, fields: readonly string[] | undefined): T {
  if (!fields) return document;
  const picked: Record<string, unknown> = { _id: document._id };
  for (const field of fields) if (field in document) picked[field] = (document as unknown as Record<string, unknown>)[field];
  return picked as unknown as T;
}

/** One group of `countBy`: a value of the field (null when missing) and how many documents hold it. */
export interface GroupCount {
  key: string | number | null;
  count: number;
}

export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface StoreCollection<T extends StoredDocument> {
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
  /**
   * How many documents matching `filter` hold each value of `field` (a missing one as null), by
   * the database itself (an aggregation pipeline `$match`, `$group` on MongoDB); in value order.
   * Optional: a wrapper that does not forward it leaves the counts it would give unavailable.
   */
  countBy?(field: string, filter: Filter): Promise<GroupCount[]>;
  insertOne(document: T): Promise<void>;
  insertMany(documents: T[]): Promise<void>;
  /** Replaces the document with the same `_id`, or inserts it when there is none. */
  upsertOne(document: T): Promise<void>;
  /** `upsertOne` for many documents, in one round trip where the database allows it (idempotent loads). */
  upsertMany(documents: T[]): Promise<void>;
  /**
   * Replaces the document `previous` was read as with `next`, unless another write changed it since:
   * then writes nothing and returns false (the caller reads again, or reports a conflict). "Changed"
   * compares the revision every `upsertOne` and `replaceIfUnchanged` stamps into `_rev`.
   */
  replaceIfUnchanged(previous: T, next: T): Promise<boolean>;
  /**
   * Writes `document` exactly as given (its `_rev` included) over the stored document with its `_id`
   * whose revision is `revision` (`undefined`: one stamped with none); returns false, writing
   * nothing, when there is no such document. The step multi-document writes and their undo are
   * made of: they must know, and later match, the revision they stamp.
   */
  replaceRevision(revision: string | undefined, document: T): Promise<boolean>;
  deleteMany(filter: Filter): Promise<number>;
  ensureIndex(index: IndexSpec): Promise<void>;
  listIndexNames(): Promise<string[]>;
}

/**
 * One document to write as part of an all-or-nothing change. `insert` fails on an existing `_id`
 * (a DuplicateKeyError); `replace` replaces `previous`, the document as read, only if no other
 * write changed it since (else a WriteConflictError). Every document written gets a fresh `_rev`.
 */
export type DocumentWrite =
  { collection: string; kind: 'insert'; document: StoredDocument } | { collection: string; kind: 'replace'; previous: StoredDocument; document: StoredDocument };

export interface Store {
  readonly kind: 'memory' | 'mongodb';
  collection<T extends StoredDocument>(name: string): StoreCollection<T>;
  /**
   * Writes several documents so that either all of them are kept or none is: when one write fails
   * (a duplicate key, a changed document, the database going away), those already made are
   * undone, at once or, when the database is gone, by `recoverWrites` once it is back. A write
   * whose commit was sent but not answered fails with WriteOutcomeUnknownError: made or not, whole.
   */
  writeAll(writes: DocumentWrite[]): Promise<void>;
  /**
   * Rolls back the all-or-nothing writes left unfinished by a process or a database that stopped
   * in the middle of one (see shared/store/write-journal.ts); returns how many. Run at start; the
   * MongoDB store also runs it by itself from time to time.
   */
  recoverWrites(): Promise<number>;
  /** Resolves when the database answers; rejects with StoreUnavailableError when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Raised by an adapter when its database cannot be reached or fails; requests fail with it and
 * recover later. `reason` (the driver's words) is for logs, never for callers. `interruptedWrite`:
 * it broke off an all-or-nothing write, which is rolled back (see Store.writeAll).
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly reason: string,
    readonly interruptedWrite = false,
  ) {
    super(`the database is unreachable (${reason})`);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Raised by `writeAll` when every step of a write was made and the answer to its last one (the
 * intent's deletion, its commit) was lost, and the database could not be asked after: the write may
 * have been made, or not. It is settled before this process's next operation (kept if it was made,
 * else undone), and never undone once others may have acted on it.
 */
export class WriteOutcomeUnknownError extends StoreUnavailableError {
  constructor(reason: string) {
    super(reason, true);
    this.name = 'WriteOutcomeUnknownError';
  }
}

/** Raised by `writeAll` when a `replace` meets a document another write changed since it was read. */
export class WriteConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`${collection} ${id} was changed by another write since it was read`);
    this.name = 'WriteConflictError';
  }
}

/** Raised by every adapter when a write would break a unique index. */
export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    readonly fields: string[],
    readonly value: unknown,
  ) {
    super(`duplicate value ${JSON.stringify(value)} for ${fields.join(', ')} in ${collection}`);
    this.name = 'DuplicateKeyError';
  }
}

/** Where the store keeps a document's revision: see `StoreCollection.replaceIfUnchanged`. */
export const REVISION_FIELD = '_rev';

/** The revision a document was read with; undefined when no single-document write has stamped one. */
export const revisionOf = (document: StoredDocument): string | undefined => (document as unknown as Record<string, unknown>)[REVISION_FIELD] as string | undefined;

/** `document` as a single-document write stores it: stamped with a fresh revision. */
export function withNewRevision<T extends StoredDocument>(document: T): T {
  return { ...document, [REVISION_FIELD]: randomUUID() };
}
