import { Query } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { MemoryFieldIndex, topLevelConditions } from './memory-field-index';
import {
  DocumentWrite,
  DuplicateKeyError,
  Filter,
  FindOptions,
  GroupCount,
  IndexSpec,
  revisionOf,
  Store,
  StoreCollection,
  StoredDocument,
  withNewRevision,
  WriteConflictError,
} from './port';

const compile = (filter: Filter) => new Query<AnyObject>(filter, { idKey: '_id' });

const keyOf = (document: Record<string, unknown>, fields: string[]): string => JSON.stringify(fields.map((field) => document[field] ?? null));

/**
 * An in-process collection with MongoDB query semantics (evaluated by mingo). Documents are cloned
 * on the way in and out, so callers never share state with the store. Lookups by `_id` use a map.
 */
class MemoryCollection<T extends StoredDocument> implements StoreCollection<T> {
  private readonly documents = new Map<string, T>();
  private readonly uniqueIndexes = new Map<string, { fields: string[]; entries: Map<string, string> }>();
  private readonly indexNames = new Set<string>(['_id_']);
  /** Secondary indexes by field: the first key of each index ensured on a top-level field. */
  private readonly fieldIndexes = new Map<string, MemoryFieldIndex>();
  /** Insertion order, so that narrowed candidates come back in the order a full scan gives. */
  private readonly insertedAt = new Map<string, number>();
  private inserted = 0;

  constructor(private readonly name: string) {}

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = compile(filter).find<T>(this.candidates(filter));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor.all().map((document) => structuredClone(document));
  }

  /** Counted over the documents an index allows (all of them without one), as `count` counts. */
  async countBy(field: string, filter: Filter): Promise<GroupCount[]> {
    const query = compile(filter);
    const counts = new Map<string | number | null, number>();
    for (const document of this.candidates(filter)) {
      if (!query.test(document as AnyObject)) continue;
      const value = (document as unknown as Record<string, unknown>)[field];
      const key = typeof value === 'string' || typeof value === 'number' ? value : null;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key === b.key ? 0 : a.key === null ? -1 : b.key === null ? 1 : a.key < b.key ? -1 : 1));
  }

  async count(filter: Filter): Promise<number> {
    const query = compile(filter);
    let total = 0;
    for (const document of this.candidates(filter)) if (query.test(document as AnyObject)) total += 1;
    return total;
  }

  async insertOne(document: T): Promise<void> {
    await this.insertMany([document]);
  }

  async insertMany(documents: T[]): Promise<void> {
    const ids = new Set<string>();
    for (const document of documents) {
      if (this.documents.has(document._id) || ids.has(document._id)) {
        throw new DuplicateKeyError(this.name, ['_id'], document._id);
      }
      ids.add(document._id);
      this.checkUnique(document, undefined);
    }
    this.checkUniqueWithinBatch(documents);
    for (const document of documents) this.write(document, undefined);
  }

  async upsertOne(document: T): Promise<void> {
    this.replace(withNewRevision(document));
  }

  async upsertMany(documents: T[]): Promise<void> {
    for (const document of documents) this.replace(document);
  }

  async replaceIfUnchanged(previous: T, next: T): Promise<boolean> {
    return this.replaceRevision(revisionOf(previous), withNewRevision({ ...next, _id: previous._id }));
  }

  /** Checks and writes with nothing awaited in between, so no other request interleaves. */
  async replaceRevision(revision: string | undefined, document: T): Promise<boolean> {
    if (!this.holds(document._id, revision)) return false;
    this.replace(document);
    return true;
  }

  /** Whether the stored document with this `_id` has this revision. */
  holds(id: string, revision: string | undefined): boolean {
    const current = this.documents.get(id);
    return current !== undefined && revisionOf(current) === revision;
  }

  private replace(document: T): void {
    this.checkWrite({ kind: 'upsert', document });
    this.applyWrite(document);
  }

  /** Throws what the write would throw, without writing. */
  checkWrite(write: DocumentWrite | { kind: 'upsert'; document: StoredDocument }): void {
    if (write.kind === 'insert' && this.documents.has(write.document._id)) {
      throw new DuplicateKeyError(this.name, ['_id'], write.document._id);
    }
    if (write.kind === 'replace' && (write.previous._id !== write.document._id || !this.holds(write.previous._id, revisionOf(write.previous)))) {
      throw new WriteConflictError(this.name, write.previous._id);
    }
    this.checkUnique(write.document as T, write.document._id);
  }

  applyWrite(document: T): void {
    this.write(document, this.documents.get(document._id));
  }

  async deleteMany(filter: Filter): Promise<number> {
    const query = compile(filter);
    const doomed = [...this.candidates(filter)].filter((document) => query.test(document as AnyObject));
    for (const document of doomed) {
      this.documents.delete(document._id);
      this.insertedAt.delete(document._id);
      for (const index of this.fieldIndexes.values()) index.remove(document);
      for (const index of this.uniqueIndexes.values()) index.entries.delete(keyOf(document as never, index.fields));
    }
    return doomed.length;
  }

  async ensureIndex(index: IndexSpec): Promise<void> {
    this.indexNames.add(index.name);
    const [firstField] = Object.keys(index.keys);
    if (firstField && !firstField.includes('.') && firstField !== '_id' && !this.fieldIndexes.has(firstField)) {
      const fieldIndex = new MemoryFieldIndex(firstField);
      for (const document of this.documents.values()) fieldIndex.add(document);
      this.fieldIndexes.set(firstField, fieldIndex);
    }
    if (!index.unique || this.uniqueIndexes.has(index.name)) return;
    const fields = Object.keys(index.keys);
    const entries = new Map<string, string>();
    for (const document of this.documents.values()) {
      const key = keyOf(document as never, fields);
      if (entries.has(key)) throw new DuplicateKeyError(this.name, fields, key);
      entries.set(key, document._id);
    }
    this.uniqueIndexes.set(index.name, { fields, entries });
  }

  async listIndexNames(): Promise<string[]> {
    return [...this.indexNames];
  }

  /** A lookup by `_id` (one value or `$in`) reads the map; anything else scans. */
  private candidates(filter: Filter): Iterable<T> {
    const id = filter._id;
    if (typeof id === 'string') {
      const document = this.documents.get(id);
      return document ? [document] : [];
    }
    if (id && typeof id === 'object' && Array.isArray((id as { $in?: unknown }).$in)) {
      const wanted = (id as { $in: unknown[] }).$in;
      return wanted.flatMap((value) => {
        const document = typeof value === 'string' ? this.documents.get(value) : undefined;
        return document ? [document] : [];
      });
    }
    return this.narrowed(filter) ?? this.documents.values();
  }

  /** The documents a secondary index allows, in insertion order; undefined when no index narrows the filter. */
  private narrowed(filter: Filter): T[] | undefined {
    let best: Set<string> | undefined;
    for (const [field, condition] of topLevelConditions(filter)) {
      const ids = this.fieldIndexes.get(field)?.candidates(condition);
      if (ids && (!best || ids.size < best.size)) best = ids;
    }
    if (!best) return undefined;
    const order = (id: string) => this.insertedAt.get(id) ?? 0;
    return [...best]
      .sort((a, b) => order(a) - order(b))
      .flatMap((id) => {
        const document = this.documents.get(id);
        return document ? [document] : [];
      });
  }

  private checkUnique(document: T, replacing: string | undefined): void {
    for (const { fields, entries } of this.uniqueIndexes.values()) {
      const owner = entries.get(keyOf(document as never, fields));
      if (owner !== undefined && owner !== replacing) {
        throw new DuplicateKeyError(
          this.name,
          fields,
          fields.map((f) => (document as Record<string, unknown>)[f]),
        );
      }
    }
  }

  private checkUniqueWithinBatch(documents: T[]): void {
    for (const { fields } of this.uniqueIndexes.values()) {
      const seen = new Set<string>();
      for (const document of documents) {
        const key = keyOf(document as never, fields);
        if (seen.has(key)) throw new DuplicateKeyError(this.name, fields, key);
        seen.add(key);
      }
    }
  }

  private write(document: T, previous: T | undefined): void {
    const copy = structuredClone(document);
    for (const index of this.uniqueIndexes.values()) {
      if (previous) index.entries.delete(keyOf(previous as never, index.fields));
      index.entries.set(keyOf(copy as never, index.fields), copy._id);
    }
    for (const index of this.fieldIndexes.values()) {
      if (previous) index.remove(previous);
      index.add(copy);
    }
    if (!this.insertedAt.has(copy._id)) this.insertedAt.set(copy._id, (this.inserted += 1));
    this.documents.set(copy._id, copy);
  }
}

/** The embedded store: the default, so the whole graph runs with no database server. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly collections = new Map<string, MemoryCollection<StoredDocument>>();

  collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new MemoryCollection(name);
      this.collections.set(name, collection);
    }
    return collection as unknown as StoreCollection<T>;
  }

  /**
   * Checks every write before applying any; nothing awaits in between, so no request interleaves
   * and nothing is ever half-written (a crash takes the whole store with it).
   */
  async writeAll(writes: DocumentWrite[]): Promise<void> {
    const ids = new Set<string>();
    for (const write of writes) {
      const key = `${write.collection}\u0000${write.document._id}`;
      if (ids.has(key)) throw new DuplicateKeyError(write.collection, ['_id'], write.document._id);
      ids.add(key);
      this.memoryCollection(write.collection).checkWrite(write);
    }
    for (const write of writes) this.memoryCollection(write.collection).applyWrite(withNewRevision(write.document));
  }

  /** Nothing to recover: `writeAll` is never left half-done here. */
  async recoverWrites(): Promise<number> {
    return 0;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.collections.clear();
  }

  private memoryCollection(name: string): MemoryCollection<StoredDocument> {
    return this.collection(name) as unknown as MemoryCollection<StoredDocument>;
  }
}
