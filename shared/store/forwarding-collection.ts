import { Filter, FindOptions, GroupCount, IndexSpec, StoreCollection, StoredDocument } from './port';

/** A collection that hands every call to another: the base of the store wrappers' collections, which override the calls they change. */
export class ForwardingCollection<T extends StoredDocument> implements StoreCollection<T> {
  countBy?: (field: string, filter: Filter) => Promise<GroupCount[]>;

  constructor(protected readonly inner: StoreCollection<T>) {
    const countBy = inner.countBy?.bind(inner);
    if (countBy) this.countBy = countBy;
  }

  find(filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find(filter, options);
  }

  count(filter: Filter): Promise<number> {
    return this.inner.count(filter);
  }

  insertOne(document: T): Promise<void> {
    return this.inner.insertOne(document);
  }

  insertMany(documents: T[]): Promise<void> {
    return this.inner.insertMany(documents);
  }

  upsertOne(document: T): Promise<void> {
    return this.inner.upsertOne(document);
  }

  upsertMany(documents: T[]): Promise<void> {
    return this.inner.upsertMany(documents);
  }

  replaceIfUnchanged(previous: T, next: T): Promise<boolean> {
    return this.inner.replaceIfUnchanged(previous, next);
  }

  replaceRevision(revision: string | undefined, document: T): Promise<boolean> {
    return this.inner.replaceRevision(revision, document);
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.inner.deleteMany(filter);
  }

  ensureIndex(index: IndexSpec): Promise<void> {
    return this.inner.ensureIndex(index);
  }

  listIndexNames(): Promise<string[]> {
    return this.inner.listIndexNames();
  }
}
