import { DocumentWrite, Store, StoreCollection, StoredDocument } from './port';

/** A store that hands every call to another: the base of the wrappers that watch a store (counting, recording). */
export class ForwardingStore implements Store {
  constructor(protected readonly inner: Store) {}

  get kind() {
    return this.inner.kind;
  }

  collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    return this.inner.collection<T>(name);
  }

  writeAll(writes: DocumentWrite[]): Promise<void> {
    return this.inner.writeAll(writes);
  }

  recoverWrites(): Promise<number> {
    return this.inner.recoverWrites();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
