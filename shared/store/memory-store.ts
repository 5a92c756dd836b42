import { Query } from 'mingo';
import type { AnyObject } from 'mingo/types';
import { MemoryFieldIndex, topLevelConditions } from './memory-field-index';
import {
  checkedLimit,
  DocumentWrite,
  DuplicateKeyError,
  Filter,
  FindOptions,
  GroupCount,
  IndexSpec,
  pickFields,
  revisionOf,
  Store,
  StoreCollection,
  StoredDocument,
  withNewRevision,
  WriteConflictError,
} from './port';

const compile = (filter: Filter) => new Query<AnyObject>(filter, { idKey: '_id' });

const keyOf = (document: Record<string, unknown>, fields: string[]): string => JSON.stringify(fields.map((field) => document[field] ?? null));

/** By unique index, the keys an all-or-nothing write's earlier steps gave to a document (its `_id`) or freed (undefined). */
type BatchKeys = Map<string, Map<string, string | undefined>>;

/** Above any number of candidates one lookup returns (2^24), below 2^53 once multiplied by an insertion number (up to 2^29). */
const POSITIONS = 2 ** 24;

/**
 * A copy of a stored document (as structuredClone copies it, which stays the fallback for anything
 * but plain objects, arrays, dates and primitives), quicker for the plain data documents are.
 */
function copyOf<V>(value: V): V {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyOf) as V;
  if (value instanceof Date) return new Date(value.getTime()) as V;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = copyOf(field);
  return copy as V;
}

/** Where a group's key sorts among kinds of value, as MongoDB orders them: null, numbers, strings. */
const kindRank = (key: string | number | null): number => (key === null ? 0 : typeof key === 'number' ? 1 : 2);

/** Groups in value order, as MongoDB's `$sort` on the key gives them. */
const sortedGroups = (counts: Map<string | number | null, number>): GroupCount[] =>
  [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => kindRank(a.key) - kindRank(b.key) || (a.key === b.key ? 0 : a.key! < b.key! ? -1 : 1));

/** Whether a filter holds nothing but field conditions, directly or in a top-level `$and` (no `$or`, `$nor`, `$where`...). */
function onlyConditions(filter: Filter): boolean {
  return Object.entries(filter).every(([key, value]) =>
    key === '$and' ? Array.isArray(value) && value.every((part) => part !== null && typeof part === 'object' && onlyConditions(part as Filter)) : !key.startsWith('$'),
  );
}

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
    if (checkedLimit(options.limit) === 0) return [];
    const exact = options.sort ? undefined : this.exactMatches(filter);
    if (exact) return exact.slice(0, options.limit ?? exact.length).map((document) => copyOf(pickFields(document, options.fields)));
    let cursor = compile(filter).find<T>(this.candidates(filter));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return cursor.all().map((document) => structuredClone(pickFields(document, options.fields)));
  }

  /** Counted over the documents an index allows (all of them without one), as `count` counts. */
  async countBy(field: string, filter: Filter): Promise<GroupCount[]> {
    const counts = new Map<string | number | null, number>();
    // Over the whole collection, the field's index has the counts: its buckets' sizes, and the rest null.
    const fromIndex = Object.keys(filter).length === 0 ? this.fieldIndexes.get(field)?.valueCounts() : undefined;
    if (fromIndex) {
      let indexed = 0;
      for (const [key, count] of fromIndex) {
        counts.set(key, count);
        indexed += count;
      }
      if (this.documents.size > indexed) counts.set(null, this.documents.size - indexed);
      return sortedGroups(counts);
    }
    const query = compile(filter);
    for (const document of this.candidates(filter)) {
      if (!query.test(document as AnyObject)) continue;
      const value = (document as unknown as Record<string, unknown>)[field];
      const key = typeof value === 'string' || typeof value === 'number' ? value : null;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return sortedGroups(counts);
  }

  async count(filter: Filter): Promise<number> {
    const lookup = this.indexLookup(filter);
    if (lookup?.exact) return lookup.ids.length;
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

  /**
   * Throws what the write would throw, without writing. `batch`: the unique keys the earlier writes
   * of the same all-or-nothing write take and free, by index (see `checkStep`).
   */
  checkWrite(write: DocumentWrite | { kind: 'upsert'; document: StoredDocument }, batch?: BatchKeys): void {
    if (write.kind === 'insert' && this.documents.has(write.document._id)) {
      throw new DuplicateKeyError(this.name, ['_id'], write.document._id);
    }
    if (write.kind === 'replace' && (write.previous._id !== write.document._id || !this.holds(write.previous._id, revisionOf(write.previous)))) {
      throw new WriteConflictError(this.name, write.previous._id);
    }
    this.checkUnique(write.document as T, write.document._id, batch);
  }

  /**
   * Throws what one step of an all-or-nothing write would throw, without writing, and notes in
   * `batch` the unique keys it takes and frees: the steps are checked one after another, as MongoDB
   * makes them, each against the documents as the earlier ones leave them, so two steps taking one
   * key clash, and a key one step frees a later one may take.
   */
  checkStep(write: DocumentWrite, batch: BatchKeys): void {
    this.checkWrite(write, batch);
    const stored = this.documents.get(write.document._id);
    for (const [name, { fields }] of this.uniqueIndexes) {
      let owners = batch.get(name);
      if (!owners) batch.set(name, (owners = new Map<string, string | undefined>()));
      if (stored) owners.set(keyOf(stored as never, fields), undefined);
      owners.set(keyOf(write.document as never, fields), write.document._id);
    }
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

  /**
   * A lookup by `_id` (one value or `$in`) reads the map; anything else scans. An `$in` gives each
   * document once, in insertion order, however often and in whatever order the list names it, as
   * MongoDB answers it: a list naming an id twice must not find, or count, its document twice.
   */
  private candidates(filter: Filter): Iterable<T> {
    const id = filter._id;
    if (typeof id === 'string') {
      const document = this.documents.get(id);
      return document ? [document] : [];
    }
    if (id && typeof id === 'object' && Array.isArray((id as { $in?: unknown }).$in)) {
      const wanted = new Set((id as { $in: unknown[] }).$in.filter((value): value is string => typeof value === 'string' && this.documents.has(value)));
      return this.inInsertionOrder([...wanted]);
    }
    return this.narrowed(filter) ?? this.documents.values();
  }

  /** The documents the secondary indexes allow (their postings intersected, the rarest first), in insertion order; undefined when no index narrows the filter. */
  private narrowed(filter: Filter): T[] | undefined {
    const lookup = this.indexLookup(filter);
    return lookup && this.inInsertionOrder(lookup.ids);
  }

  /**
   * The matching documents in insertion order, when the indexes alone decide the filter: every
   * condition an equality or `$in` on an indexed field (in a top-level `$and` or not) whose index
   * holds every document exactly. Undefined otherwise: the query is then tested on each candidate.
   */
  private exactMatches(filter: Filter): T[] | undefined {
    const lookup = this.indexLookup(filter);
    return lookup?.exact ? this.inInsertionOrder(lookup.ids) : undefined;
  }

  /** The ids the indexes allow, in no order, and whether they are exactly the matches. */
  private indexLookup(filter: Filter): { ids: string[]; exact: boolean } | undefined {
    const postings: Set<string>[] = [];
    let exact = onlyConditions(filter);
    for (const [field, condition] of topLevelConditions(filter)) {
      const index = field === '_id' ? undefined : this.fieldIndexes.get(field);
      const ids = index?.candidates(condition);
      if (ids) postings.push(ids);
      if (!ids || !index!.exact) exact = false;
    }
    if (postings.length === 0) return undefined;
    postings.sort((a, b) => a.size - b.size);
    const [rarest, ...others] = postings as [Set<string>, ...Set<string>[]];
    return { ids: others.length === 0 ? [...rarest] : [...rarest].filter((id) => others.every((posting) => posting.has(id))), exact };
  }

  private inInsertionOrder(ids: string[]): T[] {
    // Sorted as numbers (insertion number, then position in `ids`, packed into one), far quicker than objects.
    const keys = new Float64Array(ids.length);
    ids.forEach((id, position) => (keys[position] = (this.insertedAt.get(id) ?? 0) * POSITIONS + position));
    keys.sort();
    const documents: T[] = [];
    for (const key of keys) {
      const document = this.documents.get(ids[key % POSITIONS]!);
      if (document) documents.push(document);
    }
    return documents;
  }

  private checkUnique(document: T, replacing: string | undefined, batch?: BatchKeys): void {
    for (const [name, { fields, entries }] of this.uniqueIndexes) {
      const key = keyOf(document as never, fields);
      const taken = batch?.get(name);
      const owner = taken?.has(key) ? taken.get(key) : entries.get(key);
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
    // Unique keys are a collection's own: the keys the steps so far took and freed, by collection.
    const batches = new Map<string, BatchKeys>();
    for (const write of writes) {
      const key = `${write.collection}\u0000${write.document._id}`;
      if (ids.has(key)) throw new DuplicateKeyError(write.collection, ['_id'], write.document._id);
      ids.add(key);
      let batch = batches.get(write.collection);
      if (!batch) batches.set(write.collection, (batch = new Map<string, Map<string, string | undefined>>()));
      this.memoryCollection(write.collection).checkStep(write, batch);
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
