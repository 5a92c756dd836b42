import { DocumentWrite, Store, StoreCollection, StoredDocument } from './port';

/** Counts every call a store receives, per collection: how the tests and benchmarks see N+1. */
export class CountingStore implements Store {
  readonly calls = new Map<string, number>();

  constructor(private readonly inner: Store) {}

  get kind() {
    return this.inner.kind;
  }

  get total(): number {
    let sum = 0;
    for (const count of this.calls.values()) sum += count;
    return sum;
  }

  reset(): void {
    this.calls.clear();
  }

  collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = this.inner.collection<T>(name);
    const count = () => this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    return new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          count();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  writeAll(writes: DocumentWrite[]): Promise<void> {
    for (const write of writes) this.calls.set(write.collection, (this.calls.get(write.collection) ?? 0) + 1);
    return this.inner.writeAll(writes);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
