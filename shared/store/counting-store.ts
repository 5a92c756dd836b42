import { ForwardingStore } from './forwarding-store';
import { DocumentWrite, StoreCollection, StoredDocument } from './port';

const WRITES = new Set<string>(['insertOne', 'insertMany', 'upsertOne', 'upsertMany', 'replaceIfUnchanged', 'replaceRevision', 'deleteMany']);

/**
 * Counts every call a store receives, per collection: how the tests and benchmarks see N+1. `writes`
 * counts, per collection, the calls that write (`insertOne`, `insertMany`, `upsertOne`, `upsertMany`,
 * `replaceIfUnchanged`, `replaceRevision`, `deleteMany`, and each document of a `writeAll`), so a test can show that nothing was written.
 */
export class CountingStore extends ForwardingStore {
  readonly calls = new Map<string, number>();
  readonly writes = new Map<string, number>();
  /** Calls by collection and method (`people.count`). */
  readonly methods = new Map<string, number>();

  get total(): number {
    let sum = 0;
    for (const count of this.calls.values()) sum += count;
    return sum;
  }

  get totalWrites(): number {
    let sum = 0;
    for (const count of this.writes.values()) sum += count;
    return sum;
  }

  reset(): void {
    this.calls.clear();
    this.writes.clear();
    this.methods.clear();
  }

  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    const count = () => this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    const countWrite = () => this.writes.set(name, (this.writes.get(name) ?? 0) + 1);
    const methods = this.methods;
    return new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          count();
          const method = `${name}.${String(property)}`;
          methods.set(method, (methods.get(method) ?? 0) + 1);
          if (typeof property === 'string' && WRITES.has(property)) countWrite();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  override writeAll(writes: DocumentWrite[]): Promise<void> {
    for (const write of writes) {
      this.calls.set(write.collection, (this.calls.get(write.collection) ?? 0) + 1);
      this.writes.set(write.collection, (this.writes.get(write.collection) ?? 0) + 1);
    }
    return super.writeAll(writes);
  }
}
