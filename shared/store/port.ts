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

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
}

export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface StoreCollection<T extends StoredDocument> {
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter: Filter): Promise<number>;
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
  deleteMany(filter: Filter): Promise<number>;
  ensureIndex(index: IndexSpec): Promise<void>;
  listIndexNames(): Promise<string[]>;
}

/** One document to write as part of an all-or-nothing change. */
export interface DocumentWrite {
  collection: string;
  /** `insert` fails on an existing `_id`; `upsert` replaces or inserts. */
  kind: 'insert' | 'upsert';
  document: StoredDocument;
}

export interface Store {
  readonly kind: 'memory' | 'mongodb';
  collection<T extends StoredDocument>(name: string): StoreCollection<T>;
  /**
   * Writes several documents so that either all of them are written or none is: when one write
   * fails (a duplicate key, the database going away), those already made are undone.
   */
  writeAll(writes: DocumentWrite[]): Promise<void>;
  /** Resolves when the database answers; rejects with StoreUnavailableError when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Raised by an adapter when its database cannot be reached; requests fail with it and recover later. */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the database is unreachable (${reason})`);
    this.name = 'StoreUnavailableError';
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
export const revisionOf = (document: StoredDocument): string | undefined =>
  (document as unknown as Record<string, unknown>)[REVISION_FIELD] as string | undefined;

/** `document` as a single-document write stores it: stamped with a fresh revision. */
export function withNewRevision<T extends StoredDocument>(document: T): T {
  return { ...document, [REVISION_FIELD]: randomUUID() };
}
