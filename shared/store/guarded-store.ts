import { ForwardingStore } from './forwarding-store';
import { ForwardingCollection } from './forwarding-collection';
import { DocumentWrite, Store, StoreCollection, StoredDocument, WriteConflictError } from './port';

/**
 * A document a request checked before writing, and what the check found (an organisation open to
 * the record being written): the request's next write of its records is made only if the check
 * still holds then.
 */
export interface WriteGuard {
  collection: string;
  /** The document as the check read it. */
  read: StoredDocument;
  /** Whether the check still passes for the document as it now stands (undefined: it is gone). */
  stillHolds(current: StoredDocument | undefined): boolean;
  /** The error the write fails with when it no longer does. */
  refusal(current: StoredDocument | undefined): Error;
  /** The error the write fails with when the document kept changing (or stayed another write's, not yet committed) through every attempt; the store's own when absent. */
  conflict?(): Error;
}

export interface GuardSource {
  /** The guards of the request being served, not yet written with. */
  pending(): readonly WriteGuard[];
  /** Forgets guards a write carried. */
  clear(written: readonly WriteGuard[]): void;
  /** Told of the guards whose documents a write touched (each now has a new revision). */
  touched?(guards: readonly WriteGuard[]): void;
}

/** How often a guarded write is made again after the guarded document changed in a way that keeps the check true. */
const GUARD_ATTEMPTS = 5;

/**
 * A store whose writes of records carry the request's guards: each guarded document is written over
 * itself, unchanged, in the same all-or-nothing write, so a change to it made since the check (an
 * organisation closed meanwhile) makes the write fail rather than slip past the check. When the
 * document changed but the check still holds for it (renamed, or another record written against
 * it), the write is made again against it as it now stands; when the check no longer holds, nothing
 * is written and the guard's refusal is thrown. A guard goes with the first write that carries it.
 * Writes to `unguarded` collections (the store's own, `_...`, the search index) carry none.
 */
export class GuardedStore extends ForwardingStore {
  private readonly unguarded: ReadonlySet<string>;

  constructor(
    inner: Store,
    private readonly guards: GuardSource,
    unguarded: readonly string[] = [],
  ) {
    super(inner);
    this.unguarded = new Set(unguarded);
  }

  /** Whether writes to `collection` carry the request's guards. */
  carriesGuards(collection: string): boolean {
    return !collection.startsWith('_') && !this.unguarded.has(collection);
  }

  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = this.inner.collection<T>(name);
    return this.carriesGuards(name) ? new GuardedCollection(inner, name, this) : inner;
  }

  /** Whether a write of `writes` has guards to carry now. */
  hasGuardsFor(writes: readonly DocumentWrite[]): boolean {
    return this.guards.pending().length > 0 && writes.some((write) => this.carriesGuards(write.collection));
  }

  override async writeAll(writes: DocumentWrite[]): Promise<void> {
    if (!this.hasGuardsFor(writes)) return this.inner.writeAll(writes);
    const written = new Set(writes.map((write) => `${write.collection}\u0000${write.document._id}`));
    const carried = this.guards.pending();
    // A document the write replaces itself needs no guard: its own replacement is conditional.
    const guarding = carried.filter((guard) => !written.has(`${guard.collection}\u0000${guard.read._id}`));
    const reads = new Map(guarding.map((guard) => [guard, guard.read]));
    for (let attempt = 1; ; attempt += 1) {
      const touches = guarding.map((guard): DocumentWrite => ({ collection: guard.collection, kind: 'replace', previous: reads.get(guard)!, document: reads.get(guard)! }));
      try {
        await this.inner.writeAll([...writes, ...touches]);
        this.guards.clear(carried);
        this.guards.touched?.(guarding);
        return;
      } catch (error) {
        const guard = error instanceof WriteConflictError ? guarding.find((candidate) => candidate.collection === error.collection && candidate.read._id === error.id) : undefined;
        if (!guard) throw error;
        if (attempt >= GUARD_ATTEMPTS) throw guard.conflict?.() ?? error;
        const [current] = await this.inner.collection(guard.collection).find({ _id: guard.read._id });
        if (!current || !guard.stillHolds(current)) throw guard.refusal(current);
        reads.set(guard, current);
      }
    }
  }
}

/** A guarded collection: inserts and conditional replacements carry the request's guards (through `writeAll`) while there are any. */
class GuardedCollection<T extends StoredDocument> extends ForwardingCollection<T> {
  constructor(
    inner: StoreCollection<T>,
    private readonly name: string,
    private readonly store: GuardedStore,
  ) {
    super(inner);
  }

  override async insertOne(document: T): Promise<void> {
    const write: DocumentWrite = { collection: this.name, kind: 'insert', document };
    if (this.store.hasGuardsFor([write])) await this.store.writeAll([write]);
    else await this.inner.insertOne(document);
  }

  override async insertMany(documents: T[]): Promise<void> {
    const writes = documents.map((document): DocumentWrite => ({ collection: this.name, kind: 'insert', document }));
    if (writes.length > 0 && this.store.hasGuardsFor(writes)) await this.store.writeAll(writes);
    else await this.inner.insertMany(documents);
  }

  override async replaceIfUnchanged(previous: T, next: T): Promise<boolean> {
    const write: DocumentWrite = { collection: this.name, kind: 'replace', previous, document: { ...next, _id: previous._id } };
    if (!this.store.hasGuardsFor([write])) return this.inner.replaceIfUnchanged(previous, next);
    try {
      await this.store.writeAll([write]);
      return true;
    } catch (error) {
      if (error instanceof WriteConflictError && error.collection === this.name && error.id === previous._id) return false;
      throw error;
    }
  }

  // upsertOne and upsertMany are unconditional by nature and carry no guard: the registries upsert only
  // records no check guards (a revision keeps what they replace: revision-keeping-store.ts).
}
