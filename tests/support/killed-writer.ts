import { ForwardingStore } from '../../shared/store/forwarding-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { DocumentWrite, StoreCollection, StoredDocument } from '../../shared/store/port';
import { INTENTS_COLLECTION, WriteJournal } from '../../shared/store/write-journal';

/** The collections of `backing` with every insert into `stoppedAt` never answered: a writer killed between the steps of its write. */
const stoppingAt = (backing: MemoryStore, stoppedAt: string) => ({
  collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const real = backing.collection<T>(name);
    if (name !== stoppedAt) return real;
    const never = () => new Promise<never>(() => undefined);
    return Object.assign(Object.create(real) as StoreCollection<T>, { insertOne: never, insertMany: never, replaceRevision: never });
  },
});

/**
 * `backing` written through a write journal (as on a server without transactions) whose writes into
 * `stoppedAt` never come: a registry's process killed mid-write, its intent and first steps left
 * for recovery to roll back once the lease is over.
 */
export class KilledWriter extends ForwardingStore {
  private readonly journal: WriteJournal;

  constructor(backing: MemoryStore, stoppedAt: string) {
    super(backing);
    this.journal = new WriteJournal(stoppingAt(backing, stoppedAt), { leaseMs: 30_000, clock: () => new Date() });
  }

  override writeAll(writes: DocumentWrite[]): Promise<void> {
    return this.journal.writeAll(writes);
  }
}

/**
 * `backing` written through a write journal whose commit never comes: every step of a write made,
 * its intent never deleted (a registry's process killed just before its last call), for recovery
 * to roll back once the lease is over.
 */
export class KilledBeforeCommit extends ForwardingStore {
  private readonly journal: WriteJournal;

  constructor(backing: MemoryStore) {
    super(backing);
    const source = {
      collection<T extends StoredDocument>(name: string): StoreCollection<T> {
        const real = backing.collection<T>(name);
        if (name !== INTENTS_COLLECTION) return real;
        return Object.assign(Object.create(real) as StoreCollection<T>, { deleteMany: () => new Promise<never>(() => undefined) });
      },
    };
    this.journal = new WriteJournal(source, { leaseMs: 30_000, clock: () => new Date() });
  }

  override writeAll(writes: DocumentWrite[]): Promise<void> {
    return this.journal.writeAll(writes);
  }
}
