import { randomUUID } from 'node:crypto';
import { ForwardingCollection } from './forwarding-collection';
import { ForwardingStore } from './forwarding-store';
import { DocumentWrite, DuplicateKeyError, Filter, REVISION_FIELD, Store, StoreCollection, StoredDocument, WriteConflictError } from './port';

/** Where the documents that updates replaced are kept. */
export const REVISIONS_COLLECTION = '_revisions';

/** A record as it stood before an update replaced it (or before it was deleted). */
export interface RevisionDocument extends StoredDocument {
  /** The collection of the record. */
  collection: string;
  /** The record's `_id`. */
  recordId: string;
  /** When the update was written. */
  at: Date;
  /** Who wrote it: the subject of the caller's token; absent for writes outside a request (demo data) or without a subject. */
  by?: string;
  /** What the update did: replaced the record, or deleted it. */
  change: 'replaced' | 'deleted';
  /** The record as it stood before, as JSON (without the store's revision stamp). */
  before: string;
}

export interface RevisionKeepingOptions {
  /** Collections whose updates keep nothing: the store's own (named `_...`) always, and those named here (secret ballots). */
  unkept?: readonly string[];
  /** Who is writing: the subject of the request being served, undefined outside one. */
  author?: () => string | undefined;
  clock?: () => Date;
}

let written = 0;

/**
 * A revision's id, in the order revisions are written: the instant (milliseconds, fixed width), a
 * count of this process's revisions (two in one millisecond keep their order), and a random part
 * (two processes never clash).
 */
function revisionId(at: Date): string {
  written = (written + 1) % 36 ** 6;
  return `${at.getTime().toString(36).padStart(9, '0')}-${written.toString(36).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
}

/** How often an upsert that keeps a revision reads the record again after another write changed it in between. */
const UPSERT_ATTEMPTS = 5;

/** The record's content, for comparing and keeping: without the revision every write stamps. */
function content(document: StoredDocument): string {
  return JSON.stringify(document, (key, value: unknown) => (key === REVISION_FIELD ? undefined : value));
}

/**
 * A store on which no update destroys the value it replaces: every write that replaces a record with
 * different content (an upsert over it, a `replaceIfUnchanged`, a `replace` of `writeAll`) writes, all
 * or nothing with it, the record as it stood into `_revisions`, with when and by whom. Deleted records
 * are kept there too. Collections of the store's own machinery (`_...`) and those named `unkept`
 * keep nothing.
 */
export class RevisionKeepingStore extends ForwardingStore {
  private readonly unkept: ReadonlySet<string>;
  private readonly clock: () => Date;

  constructor(
    inner: Store,
    private readonly options: RevisionKeepingOptions = {},
  ) {
    super(inner);
    this.unkept = new Set(options.unkept ?? []);
    this.clock = options.clock ?? (() => new Date());
  }

  /** Whether updates of `collection` keep the records they replace. */
  keeps(collection: string): boolean {
    return !collection.startsWith('_') && !this.unkept.has(collection);
  }

  /** The earlier versions of the record `recordId`, newest first (their ids are in the order they were written). */
  revisionsOf(recordId: string, limit: number): Promise<RevisionDocument[]> {
    return this.inner.collection<RevisionDocument>(REVISIONS_COLLECTION).find({ recordId }, { sort: { _id: -1 }, limit });
  }

  /**
   * Erases every earlier version of the record `recordId` (of any collection: a member's national
   * code, an organisation's or a committee's global id), for an operator who must erase a person's
   * data (a right to erasure, a correction the law says must not be kept). Returns how many went.
   * The record itself, its `history`, and the earlier versions of other records that name it are
   * left as they are (docs/operator.md, "Erasing earlier versions").
   */
  forgetRevisionsOf(recordId: string): Promise<number> {
    return this.inner.collection<RevisionDocument>(REVISIONS_COLLECTION).deleteMany({ recordId });
  }

  ensureIndexes(): Promise<void> {
    return this.inner.collection(REVISIONS_COLLECTION).ensureIndex({ name: 'revisions_of_record', keys: { recordId: 1, _id: -1 } });
  }

  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = this.inner.collection<T>(name);
    return this.keeps(name) ? new RevisionKeepingCollection(inner, name, this) : inner;
  }

  override writeAll(writes: DocumentWrite[]): Promise<void> {
    return this.inner.writeAll([...writes, ...this.revisionWrites(writes)]);
  }

  /** The revision a write of `writes` keeps: one per replacement of a kept record whose content changes. */
  private revisionWrites(writes: readonly DocumentWrite[]): DocumentWrite[] {
    const revisions: DocumentWrite[] = [];
    for (const write of writes) {
      if (write.kind !== 'replace' || !this.keeps(write.collection)) continue;
      const before = content(write.previous);
      if (before === content({ ...write.document, _id: write.previous._id })) continue;
      revisions.push({ collection: REVISIONS_COLLECTION, kind: 'insert', document: this.revision(write.collection, write.previous._id, 'replaced', before) });
    }
    return revisions;
  }

  /** A revision of a record of `collection`, written now by the request's author. */
  revision(collection: string, recordId: string, change: RevisionDocument['change'], before: string): RevisionDocument {
    const by = this.options.author?.();
    const at = this.clock();
    return { _id: revisionId(at), collection, recordId, at, ...(by !== undefined ? { by } : {}), change, before };
  }

  /** Inserts revisions of deleted records (before they are deleted). */
  keepDeleted(collection: string, records: readonly StoredDocument[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return this.inner.collection<RevisionDocument>(REVISIONS_COLLECTION).insertMany(records.map((record) => this.revision(collection, record._id, 'deleted', content(record))));
  }
}

/** A kept collection: single-document updates become an all-or-nothing write of the record and its revision. */
class RevisionKeepingCollection<T extends StoredDocument> extends ForwardingCollection<T> {
  constructor(
    inner: StoreCollection<T>,
    private readonly name: string,
    private readonly store: RevisionKeepingStore,
  ) {
    super(inner);
  }

  override async replaceIfUnchanged(previous: T, next: T): Promise<boolean> {
    if (content(previous) === content({ ...next, _id: previous._id })) return this.inner.replaceIfUnchanged(previous, next);
    try {
      await this.store.writeAll([{ collection: this.name, kind: 'replace', previous, document: { ...next, _id: previous._id } }]);
      return true;
    } catch (error) {
      if (error instanceof WriteConflictError) return false;
      throw error;
    }
  }

  /**
   * Inserts the record, or replaces the stored one keeping its revision; when another write changes
   * it in between, reads it again (a WriteConflictError after UPSERT_ATTEMPTS).
   */
  override async upsertOne(document: T): Promise<void> {
    for (let attempt = 1; attempt <= UPSERT_ATTEMPTS; attempt += 1) {
      const [stored] = await this.inner.find({ _id: document._id });
      if (stored && content(stored) === content(document)) return this.inner.upsertOne(document);
      try {
        if (stored) await this.store.writeAll([{ collection: this.name, kind: 'replace', previous: stored, document }]);
        else await this.inner.insertOne(document);
        return;
      } catch (error) {
        if (!(await this.raced(error, document._id, stored !== undefined))) throw error;
      }
    }
    throw new WriteConflictError(this.name, document._id);
  }

  /** Records absent or unchanged in one write; those whose content changes one by one, each with its revision. */
  override async upsertMany(documents: T[]): Promise<void> {
    if (documents.length === 0) return;
    const stored = new Map((await this.inner.find({ _id: { $in: documents.map(({ _id }) => _id) } })).map((record) => [record._id, content(record)]));
    const changed = documents.filter((document) => stored.has(document._id) && stored.get(document._id) !== content(document));
    const rest = documents.filter((document) => !changed.includes(document));
    if (rest.length > 0) await this.inner.upsertMany(rest);
    for (const document of changed) await this.upsertOne(document);
  }

  /** Keeps the records it deletes first: a delete that then fails leaves a revision of a record still there, never a record lost. */
  override async deleteMany(filter: Filter): Promise<number> {
    const doomed = await this.inner.find(filter);
    if (doomed.length === 0) return 0;
    await this.store.keepDeleted(this.name, doomed);
    return this.inner.deleteMany({ _id: { $in: doomed.map(({ _id }) => _id) } });
  }

  /** Whether a failed upsert step lost a race (the record changed, or appeared, since it was read): then it is tried again. */
  private async raced(error: unknown, id: string, replacing: boolean): Promise<boolean> {
    if (replacing) return error instanceof WriteConflictError;
    return error instanceof DuplicateKeyError && (await this.inner.find({ _id: id })).length > 0;
  }
}
