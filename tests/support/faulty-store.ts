import { ForwardingStore } from '../../shared/store/forwarding-store';
import { DocumentWrite, Store, StoreCollection, StoredDocument, StoreUnavailableError } from '../../shared/store/port';
import { WriteJournal } from '../../shared/store/write-journal';

/**
 * A store whose database "goes away" after the k-th operation (`failAfter`): every collection
 * operation after it fails with StoreUnavailableError, and the first failing one is, at random,
 * carried out before it fails (the server did it, the answer was lost) or not. Its `writeAll` and
 * `recoverWrites` are those of a server without transactions (the WriteJournal, as MongoStore uses
 * on FerretDB), made of its own failing operations.
 */
export class FaultyStore extends ForwardingStore {
  /** Operations carried out so far. */
  operations = 0;
  failAfter = Number.POSITIVE_INFINITY;
  private readonly journal: WriteJournal;

  constructor(
    inner: Store,
    private readonly random: () => number,
    options: { leaseMs: number; clock: () => Date },
  ) {
    super(inner);
    this.journal = new WriteJournal({ collection: (name) => this.failing(name) }, options);
  }

  /** The database is back. */
  heal(): void {
    this.failAfter = Number.POSITIVE_INFINITY;
  }

  /** As MongoStore hands them out: each operation first makes the undos still owed. */
  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    return this.journal.guard(name, this.failing<T>(name));
  }

  private failing<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          this.operations += 1;
          const call = () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (this.operations <= this.failAfter) return call();
          if (this.operations === this.failAfter + 1 && this.random() < 0.5) await call().catch(() => undefined);
          throw new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:27017 (injected)');
        };
      },
    });
  }

  override writeAll(writes: DocumentWrite[]): Promise<void> {
    return this.journal.writeAll(writes);
  }

  override recoverWrites(): Promise<number> {
    return this.journal.recover();
  }
}
