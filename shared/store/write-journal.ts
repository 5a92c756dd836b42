import { randomUUID } from 'node:crypto';
import {
  DocumentWrite,
  DuplicateKeyError,
  revisionOf,
  StoreCollection,
  StoredDocument,
  StoreUnavailableError,
  withNewRevision,
  WriteConflictError,
  WriteOutcomeUnknownError,
} from './port';

/** Where unfinished all-or-nothing writes are recorded while they are made. */
export const INTENTS_COLLECTION = '_write_intents';

/** One document of a write, as its undo needs it: the revision the write stamps, and what it replaced (null: it inserted). */
interface IntentStep {
  collection: string;
  id: string;
  revision: string;
  replaced: StoredDocument | null;
}

/** A write being made: deleted when it is done, rolled back by whoever finds it left behind. */
interface IntentDocument extends StoredDocument {
  /** Until when the writer may still write; a grace of one lease later, anyone may roll it back. */
  leaseUntil: Date;
  steps: IntentStep[];
}

export interface WriteJournalOptions {
  /** How long a writer may take over one write; recovery rolls back an intent a further lease after that. */
  leaseMs: number;
  clock: () => Date;
}

/** 30 s to finish one write: every step of it fails within 5 s when the server is gone. */
export const DEFAULT_WRITE_LEASE_MS = 30_000;

/** What the journal writes through: a store's own collections, not those it hands its callers (see `guard`). */
export interface CollectionSource {
  collection<T extends StoredDocument>(name: string): StoreCollection<T>;
}

/** Documents one database call writes: one replacement, or consecutive inserts into one collection. */
interface StepGroup {
  kind: 'insert' | 'replace';
  collection: string;
  writes: { write: DocumentWrite; document: StoredDocument }[];
}

/**
 * All-or-nothing writes on a server without transactions (FerretDB, a standalone MongoDB), from
 * single-document steps that can each fail, and recovery of those a crash leaves half-done:
 *
 * 1. an intent is written first: every document's `_id`, the fresh random revision its write
 *    stamps, and for a replacement the document it replaces;
 * 2. the documents are written, each insert or conditional replacement stamped with its revision;
 * 3. the intent is deleted (only if it is still the writer's: see below), and the write is done.
 *
 * A write that fails is undone by its writer at once, each step conditional on the revision it
 * stamped, so an undo never overwrites a newer write; when the database is gone the writer keeps
 * the undo and makes it before its next operation (see `guard`). An intent left behind (a crashed
 * writer) is rolled back by `recover` once its lease and a grace of one more lease have passed, so
 * a slow writer is never undone under it: the recoverer claims it (a new revision and lease), undoes
 * its steps and deletes it. A writer renews its lease before a step once half of it has passed
 * (only while the intent is still its own), and when its intent is no longer its own at the end
 * (claimed by a recovery) it undoes its writes itself and fails. A failed write is thus never
 * kept; one whose commit (the intent's deletion) went unanswered is kept if the intent turns out
 * gone, never undone after that, and reported made or of unknown outcome (see settleUncertainEnd).
 * What remains once a write is done is its documents: the intent, which names them together, is
 * deleted.
 */
export class WriteJournal {
  /**
   * Undos of this process's failed writes that the database was gone for: made before its next
   * operation (see `settlePending`); `uncertain` ones only if their intent still stands (see `settleUncertainEnd`).
   */
  private readonly pendingUndos = new Map<string, { steps: IntentStep[]; uncertain: boolean }>();
  private settling: Promise<void> | undefined;
  private indexed: Promise<void> | undefined;

  constructor(
    private readonly source: CollectionSource,
    private readonly options: WriteJournalOptions,
  ) {}

  private get intents(): StoreCollection<IntentDocument> {
    return this.source.collection<IntentDocument>(INTENTS_COLLECTION);
  }

  private now(): number {
    return this.options.clock().getTime();
  }

  async writeAll(writes: DocumentWrite[]): Promise<void> {
    await this.settlePending();
    try {
      await this.attempt(writes);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      // The clash may be with a document an interrupted write left behind: roll back what is due, and try once more if anything was.
      if ((await this.recoverQuietly()) === 0) throw error;
      await this.attempt(writes);
    }
  }

  /** Makes this process's pending undos, then rolls back every intent past its lease and grace; returns how many writes it undid. */
  async recover(): Promise<number> {
    await this.ensureIndex();
    const pending = this.pendingUndos.size;
    await this.settlePending();
    let undone = pending;
    for (;;) {
      const due = await this.intents.find({ leaseUntil: { $lt: new Date(this.now() - this.options.leaseMs) } }, { limit: 50 });
      if (due.length === 0) return undone;
      for (const intent of due) if (await this.rollBackLeftBehind(intent)) undone += 1;
    }
  }

  /** `recover`, counting a database still away as nothing recovered. */
  async recoverQuietly(): Promise<number> {
    try {
      return await this.recover();
    } catch (error) {
      if (error instanceof StoreUnavailableError) return 0;
      throw error;
    }
  }

  /**
   * `collection` with this process's pending undos made before each of its operations, so that no
   * caller of this process reads what one of its failed writes left (a voter record without its
   * ballot would refuse the voter's next try as a second ballot); and whose `replaceIfUnchanged`
   * of a document as a write in flight left it answers "changed since", as a multi-document write
   * is refused then (see refuseUncommitted), when `journaled` says the store writes through the
   * journal (a store writing in transactions never has writes in flight to read: no read of the
   * intents then). The journal's own steps do not go through it.
   */
  guard<T extends StoredDocument>(name: string, collection: StoreCollection<T>, journaled: () => Promise<boolean> = async () => true): StoreCollection<T> {
    return new Proxy(collection, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'replaceIfUnchanged') {
          // A document read as another write left it before its commit is "changed since" (see refuseUncommitted).
          return async (previous: T, next: T) => {
            await this.settlePending();
            if ((await journaled()) && (await this.uncommittedRevisions()).has(revisionKey(name, previous))) return false;
            return target.replaceIfUnchanged(previous, next);
          };
        }
        return async (...args: unknown[]) => {
          await this.settlePending();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  }

  /**
   * Makes the undos this process's failed writes could not make when they failed, once for every
   * operation waiting on them; while the database is still away this fails as the operation would.
   */
  async settlePending(): Promise<void> {
    if (this.pendingUndos.size === 0 && !this.settling) return;
    this.settling ??= (async () => {
      for (const [id, { steps, uncertain }] of [...this.pendingUndos]) {
        if (!uncertain || (await this.stands(id))) await this.undo(steps);
        this.pendingUndos.delete(id);
      }
    })().finally(() => {
      this.settling = undefined;
    });
    await this.settling;
  }

  private async attempt(writes: DocumentWrite[]): Promise<void> {
    const groups = groupSteps(writes);
    await this.refuseUncommitted(writes);
    let intent: IntentDocument = withNewRevision({
      _id: randomUUID(),
      leaseUntil: new Date(this.now() + this.options.leaseMs),
      steps: groups.flatMap((group) =>
        group.writes.map(({ write, document }) => ({
          collection: write.collection,
          id: document._id,
          revision: revisionOf(document)!,
          replaced: write.kind === 'replace' ? write.previous : null,
        })),
      ),
    });
    try {
      await this.intents.insertOne(intent);
    } catch (error) {
      // Nothing else is written yet; an intent that reached the database anyway is removed by recovery.
      throw interrupted(error);
    }
    let reached = 0;
    try {
      for (const group of groups) {
        intent = await this.holdLease(intent);
        reached += group.writes.length;
        await this.apply(group);
      }
    } catch (error) {
      return this.rollBack(intent, reached, error);
    }
    let deleted: number;
    try {
      deleted = await this.intents.deleteMany({ _id: intent._id, _rev: revisionOf(intent) });
    } catch (error) {
      return this.settleUncertainEnd(intent, error);
    }
    if (deleted !== 1) {
      return this.rollBack(intent, intent.steps.length, new StoreUnavailableError('the change took longer than its lease and was rolled back by recovery', true));
    }
  }

  /**
   * A WriteConflictError when a document this write replaces was read as another write left it
   * before that write's commit (its intent still stands, and stamped that revision): the other write
   * may yet be undone, and its undo, conditional on the revision it stamped, would then find this
   * write's and leave its change inside it (integrity audit, 2026-12-06). Read again, it is the
   * other write's for good, or as it was before it.
   */
  private async refuseUncommitted(writes: readonly DocumentWrite[]): Promise<void> {
    const replaced = writes.flatMap((write) => (write.kind === 'replace' ? [write] : []));
    if (replaced.length === 0) return;
    const uncommitted = await this.uncommittedRevisions();
    const read = replaced.find((write) => uncommitted.has(revisionKey(write.collection, write.previous)));
    if (read) throw new WriteConflictError(read.collection, read.previous._id);
  }

  /** The revisions the writes in flight stamped, as `revisionKey`s: documents as they are before those writes' commits. */
  private async uncommittedRevisions(): Promise<Set<string>> {
    const uncommitted = new Set<string>();
    for (const intent of await this.intents.find({})) for (const step of intent.steps) uncommitted.add(`${step.collection}\u0000${step.id}\u0000${step.revision}`);
    return uncommitted;
  }

  /**
   * The intent with at least half a lease left before the next step: renewed (a new revision and
   * lease, only if it is still the writer's) once half of it has passed. A lease already over, or
   * an intent a recovery has claimed, ends the write, which is then rolled back.
   */
  private async holdLease(intent: IntentDocument): Promise<IntentDocument> {
    const left = intent.leaseUntil.getTime() - this.now();
    if (left > this.options.leaseMs / 2) return intent;
    if (left <= 0) throw new StoreUnavailableError('the change took longer than its lease', true);
    const renewed = withNewRevision({ ...intent, leaseUntil: new Date(this.now() + this.options.leaseMs) });
    if (await this.intents.replaceRevision(revisionOf(intent), renewed)) return renewed;
    throw new StoreUnavailableError('the change took longer than its lease and was rolled back by recovery', true);
  }

  private async apply(group: StepGroup): Promise<void> {
    const collection = this.source.collection(group.collection);
    if (group.kind === 'insert') {
      const documents = group.writes.map(({ document }) => document);
      await (documents.length === 1 ? collection.insertOne(documents[0]!) : collection.insertMany(documents));
      return;
    }
    const [{ write, document }] = group.writes as [{ write: Extract<DocumentWrite, { kind: 'replace' }>; document: StoredDocument }];
    if (!(await collection.replaceRevision(revisionOf(write.previous), document))) throw new WriteConflictError(group.collection, document._id);
  }

  /**
   * Undoes the first `reached` steps (the one that failed included: cut off by the database, it may
   * have been written) and throws. A failure the database answered for certain (a duplicate, a
   * conflict) leaves nothing in flight, so its intent goes too; after any other, the intent stays for
   * recovery, in case a step still lands late. An undo the database is gone for is kept for `recover`.
   */
  private async rollBack(intent: IntentDocument, reached: number, cause: unknown): Promise<never> {
    const steps = intent.steps.slice(0, reached);
    const certain = cause instanceof DuplicateKeyError || cause instanceof WriteConflictError;
    try {
      await this.undo(steps);
      if (certain) await this.intents.deleteMany({ _id: intent._id, _rev: revisionOf(intent) });
    } catch (error) {
      this.pendingUndos.set(intent._id, { steps, uncertain: false });
      throw interrupted(certain ? error : cause);
    }
    throw certain ? cause : interrupted(cause);
  }

  /**
   * Every step made, the intent's deletion (the write's commit) failed without saying whether it
   * was made: once the intent is gone others may act on the write (a replica hands out its event, a
   * reader takes its documents for good), so it is undone only if the intent still stands, and the
   * write succeeds if it is gone. When the database cannot say, the write's outcome is unknown
   * (WriteOutcomeUnknownError), and that is decided before this process's next operation.
   */
  private async settleUncertainEnd(intent: IntentDocument, cause: unknown): Promise<void> {
    let stands: boolean;
    try {
      stands = await this.stands(intent._id);
    } catch {
      this.pendingUndos.set(intent._id, { steps: intent.steps, uncertain: true });
      throw new WriteOutcomeUnknownError(cause instanceof StoreUnavailableError ? cause.reason : String(cause));
    }
    if (!stands) return;
    try {
      await this.undo(intent.steps);
    } catch {
      this.pendingUndos.set(intent._id, { steps: intent.steps, uncertain: true });
    }
    throw interrupted(cause);
  }

  private async stands(intentId: string): Promise<boolean> {
    return (await this.intents.find({ _id: intentId }, { limit: 1 })).length > 0;
  }

  /** Claims an intent left behind, undoes its steps and deletes it; false when another recovery or its writer got there first. */
  private async rollBackLeftBehind(intent: IntentDocument): Promise<boolean> {
    const claim = withNewRevision({ ...intent, leaseUntil: new Date(this.now() + this.options.leaseMs) });
    if (!(await this.intents.replaceRevision(revisionOf(intent), claim))) return false;
    await this.undo(intent.steps);
    return (await this.intents.deleteMany({ _id: claim._id, _rev: revisionOf(claim) })) === 1;
  }

  /** Each step undone only if its document still has the revision the step stamped, last step first. */
  private async undo(steps: readonly IntentStep[]): Promise<void> {
    for (let end = steps.length; end > 0;) {
      const step = steps[end - 1]!;
      const collection = this.source.collection(step.collection);
      if (step.replaced) {
        await collection.replaceRevision(step.revision, step.replaced);
        end -= 1;
        continue;
      }
      let start = end - 1;
      while (start > 0 && !steps[start - 1]!.replaced && steps[start - 1]!.collection === step.collection) start -= 1;
      const inserted = steps.slice(start, end);
      await collection.deleteMany(
        inserted.length === 1 ? { _id: step.id, _rev: step.revision } : { _id: { $in: inserted.map((s) => s.id) }, _rev: { $in: inserted.map((s) => s.revision) } },
      );
      end = start;
    }
  }

  private ensureIndex(): Promise<void> {
    this.indexed ??= this.intents.ensureIndex({ name: 'write_intents_by_lease', keys: { leaseUntil: 1 } }).catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    });
    return this.indexed;
  }
}

/** The writes stamped with fresh revisions, consecutive inserts into one collection together; a document named twice is a DuplicateKeyError. */
function groupSteps(writes: readonly DocumentWrite[]): StepGroup[] {
  const seen = new Set<string>();
  const groups: StepGroup[] = [];
  for (const write of writes) {
    const key = `${write.collection}\u0000${write.document._id}`;
    if (seen.has(key)) throw new DuplicateKeyError(write.collection, ['_id'], write.document._id);
    seen.add(key);
    if (write.kind === 'replace' && write.previous._id !== write.document._id) throw new Error(`a replacement must keep the _id ${write.previous._id}`);
    const step = { write, document: withNewRevision(write.document) };
    const last = groups[groups.length - 1];
    if (write.kind === 'insert' && last?.kind === 'insert' && last.collection === write.collection) last.writes.push(step);
    else groups.push({ kind: write.kind, collection: write.collection, writes: [step] });
  }
  return groups;
}

/** A document's revision, as read, under its collection: what uncommittedRevisions holds. */
const revisionKey = (collection: string, document: StoredDocument): string => `${collection}\u0000${document._id}\u0000${revisionOf(document) ?? ''}`;

/** A database failure during a write, marked as one (the write is rolled back); anything else as it is. */
function interrupted(error: unknown): unknown {
  return error instanceof StoreUnavailableError ? new StoreUnavailableError(error.reason, true) : error;
}

/**
 * Which of the documents `ids` of `collection` an all-or-nothing write still names: one in progress,
 * or left unfinished until recovery rolls it back. Such a document may yet be undone; one no
 * intent names is there for good. (Intents are few: one per write in flight.) A store that writes
 * in transactions, or all at once, never has any.
 */
export async function writesInFlight(source: CollectionSource, collection: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const wanted = new Set(ids);
  const named = new Set<string>();
  for (const intent of await source.collection<IntentDocument>(INTENTS_COLLECTION).find({})) {
    for (const step of intent.steps) if (step.collection === collection && wanted.has(step.id)) named.add(step.id);
  }
  return named;
}

/**
 * Whether an all-or-nothing write in flight (as `writesInFlight`) names a document of one of the
 * collections given whose `_id` begins with the prefix given for it: the parts of one record, such as
 * an election's voters and slots (`{ election_voters: '<id>|', election_ballots: '<id>#' }`). One read of the journal.
 */
export async function writeInFlightUnder(source: CollectionSource, prefixes: Readonly<Record<string, string>>): Promise<boolean> {
  for (const intent of await source.collection<IntentDocument>(INTENTS_COLLECTION).find({})) {
    if (intent.steps.some((step) => prefixes[step.collection] !== undefined && step.id.startsWith(prefixes[step.collection]!))) return true;
  }
  return false;
}

/** Whether any write is in flight: being made now, or left half-done by a stopped process until recovery rolls it back. */
export async function anyWriteInFlight(source: CollectionSource): Promise<boolean> {
  return (await source.collection<IntentDocument>(INTENTS_COLLECTION).find({}, { limit: 1 })).length > 0;
}
