import { ClientSession, Db, MongoClient, MongoClientOptions, MongoError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import {
  checkedLimit,
  DocumentWrite,
  DuplicateKeyError,
  Filter,
  GroupCount,
  FindOptions,
  IndexSpec,
  REVISION_FIELD,
  revisionOf,
  Store,
  StoreCollection,
  StoredDocument,
  StoreUnavailableError,
  withNewRevision,
  WriteConflictError,
} from './port';
import { DocumentLocks } from './document-locks';
import { DEFAULT_CLIENT_REPLACEMENT_MS, DEFAULT_SOCKET_TIMEOUT_MS } from './mongo-waits';
import { DEFAULT_WRITE_LEASE_MS, WriteJournal } from './write-journal';

const DUPLICATE_KEY = 11000;
/** Replacements per bulk write in `upsertMany` (see there). */
const UPSERT_CHUNK = 50;
/** FerretDB's SQLite backend reports a unique clash in an update as a constraint failure instead of E11000. */
const SQLITE_UNIQUE_CLASH = /UNIQUE constraint failed: index '([^']+)'/;

/** FerretDB 1.24 (SQLite backend) refuses a write that meets another one in flight, writing nothing. */
const SQLITE_BUSY = /\(SQLITE_BUSY\)/;
const BUSY_ATTEMPTS = 20;

type UniqueIndexes = Map<string, string[]>;

/** Whether operations find the server: `found` when one was answered, `notFound` when server selection gave up. */
interface Reachability {
  found(): void;
  notFound(): void;
}

/**
 * How a document is written: a field holding `undefined` is left out, as the embedded store leaves
 * it out. The driver would store it as `null` (its `ignoreUndefined` is off by default), and
 * `{ field: { $exists: false } }` would then miss it on MongoDB only; the repositories ask for a field
 * that holds nothing with `NO_VALUE` (port.ts), which also finds the `null`s earlier releases stored so.
 * Only writes: a filter's `undefined` must still mean `null`, not no condition at all.
 */
const STORED_AS_WRITTEN = { ignoreUndefined: true } as const;

/**
 * The driver's options for `uri`: what the store was given, else our defaults unless the URI names
 * the option itself (the operator's word wins over a default, not over the code's own choice).
 */
export function driverOptions(uri: string, databaseName: string, options: MongoStoreOptions): MongoClientOptions {
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  const named = new Set(query.split('&').map((pair) => pair.split('=')[0]!.toLowerCase()));
  const chosen = (option: 'serverSelectionTimeoutMS' | 'socketTimeoutMS', given: number | undefined, fallback: number) =>
    given !== undefined ? { [option]: given } : named.has(option.toLowerCase()) ? {} : { [option]: fallback };
  return {
    ...chosen('serverSelectionTimeoutMS', options.serverSelectionTimeoutMs, 5_000),
    ...chosen('socketTimeoutMS', options.socketTimeoutMs, DEFAULT_SOCKET_TIMEOUT_MS),
    appName: `registries-${databaseName}`,
  };
}

/**
 * Turns a failed database call into the port's errors: a duplicate key names the fields that clashed
 * (from the driver's `keyValue` on MongoDB, from the clashing index's name on FerretDB); the port's
 * own errors pass through; every other failure (unreachable, closed, timed out, shutting down,
 * failing, and the socket errors the driver lets through unwrapped, such as "This socket has been
 * ended by the other party") becomes StoreUnavailableError, so no driver's words reach a caller.
 */
function translate(collection: string, error: unknown, uniqueIndexes: UniqueIndexes): unknown {
  if (error instanceof DuplicateKeyError || error instanceof WriteConflictError || error instanceof StoreUnavailableError) return error;
  if (!(error instanceof MongoError)) return new StoreUnavailableError(error instanceof Error ? error.message : String(error));
  if (error.code === DUPLICATE_KEY) {
    const keyValue = ((error instanceof MongoServerError ? error.keyValue : undefined) ?? {}) as Record<string, unknown>;
    const fields = Object.keys(keyValue);
    if (fields.length > 0) return new DuplicateKeyError(collection, fields, Object.values(keyValue));
    return new DuplicateKeyError(collection, fieldsOfClash(error.message, uniqueIndexes), undefined);
  }
  if (SQLITE_UNIQUE_CLASH.test(error.message)) {
    return new DuplicateKeyError(collection, fieldsOfClash(error.message, uniqueIndexes), undefined);
  }
  return new StoreUnavailableError(error.message);
}

function fieldsOfClash(message: string, uniqueIndexes: UniqueIndexes): string[] {
  for (const [name, fields] of uniqueIndexes) if (message.includes(name)) return fields;
  return ['unknown'];
}

class MongoCollection<T extends StoredDocument> implements StoreCollection<T> {
  constructor(
    /** The store's database on its current client: read at each operation, so a handle kept across a client's replacement uses the new one. */
    private readonly database: () => Db,
    private readonly name: string,
    /** Unique indexes this process has ensured, by name: how a FerretDB clash is traced to its fields. */
    private readonly uniqueIndexes: UniqueIndexes,
    private readonly connected: () => Promise<void>,
    /** This store's queue of single-document writes, by collection and `_id` (see DocumentLocks). */
    private readonly locks: DocumentLocks,
    /** Told of each operation's outcome: whether the client found its server (see MongoStore's client replacement). */
    private readonly reach: Reachability,
  ) {}

  private get raw() {
    return this.database().collection<T>(this.name);
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    // MongoDB reads a limit of 0 as none at all: the port's 0 gives nothing, unasked.
    if (checkedLimit(options.limit) === 0) return [];
    return this.guard(async () => {
      const cursor = this.raw.find(filter as never, {
        ...(options.sort ? { sort: options.sort } : {}),
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        // `_id` named too: an empty projection would return whole documents.
        ...(options.fields ? { projection: Object.fromEntries(['_id', ...options.fields].map((field): [string, 1] => [field, 1])) } : {}),
      });
      return (await cursor.toArray()) as T[];
    });
  }

  /**
   * With no condition, the collection's own document count (`estimatedDocumentCount`: read from
   * metadata, so a whole-list `totalCount` costs the same at any size; MongoDB can be off after an
   * unclean shutdown until the collection is validated); otherwise the matching documents counted.
   */
  count(filter: Filter): Promise<number> {
    if (Object.keys(filter).length === 0) return this.guard(() => this.raw.estimatedDocumentCount());
    return this.guard(() => this.raw.countDocuments(filter as never));
  }

  /**
   * `$match`, then `$sort` on the field before `$group`: with an index on the filter's fields then
   * `field`, MongoDB matches and orders from the index and, since the group needs nothing else,
   * reads the index alone (a covered scan) instead of every document.
   */
  countBy(field: string, filter: Filter): Promise<GroupCount[]> {
    return this.guard(async () => {
      const rows = await this.raw
        .aggregate<{ _id: string | number | null; count: number }>([
          { $match: filter },
          { $sort: { [field]: 1 } },
          { $group: { _id: `$${field}`, count: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      return rows.map((row) => ({ key: row._id ?? null, count: row.count }));
    });
  }

  async insertOne(document: T): Promise<void> {
    await this.guardWrite(document, 'insert', () => this.raw.insertOne(document as never, STORED_AS_WRITTEN));
  }

  async insertMany(documents: T[]): Promise<void> {
    if (documents.length === 0) return;
    await this.guard(() => this.raw.insertMany(documents as never[], { ordered: true, ...STORED_AS_WRITTEN }), { once: true });
  }

  async upsertOne(document: T): Promise<void> {
    const stamped = withNewRevision(document);
    await this.locks.run(`${this.name}\u0000${stamped._id}`, () =>
      this.guardWrite(stamped, 'upsert', () => this.raw.replaceOne({ _id: stamped._id } as never, stamped, { upsert: true, ...STORED_AS_WRITTEN })),
    );
  }

  replaceIfUnchanged(previous: T, next: T): Promise<boolean> {
    return this.replaceRevision(revisionOf(previous), withNewRevision({ ...next, _id: previous._id }));
  }

  replaceRevision(revision: string | undefined, document: T): Promise<boolean> {
    const filter = { _id: document._id, [REVISION_FIELD]: revision === undefined ? { $exists: false } : revision };
    return this.locks.run(`${this.name}\u0000${document._id}`, () =>
      this.guardWrite(document, 'upsert', async () => (await this.raw.replaceOne(filter as never, document, STORED_AS_WRITTEN)).matchedCount === 1),
    );
  }

  async upsertMany(documents: T[]): Promise<void> {
    // In commands of UPSERT_CHUNK replacements: FerretDB 1.24 (SQLite backend) holds a database
    // connection for every document one command replaces until the command ends, and with 100 of
    // them it deadlocks (no request is answered again, not even a ping).
    for (let start = 0; start < documents.length; start += UPSERT_CHUNK) {
      const chunk = documents.slice(start, start + UPSERT_CHUNK);
      const replacements = chunk.map((document) => ({ replaceOne: { filter: { _id: document._id } as never, replacement: document, upsert: true } }));
      // Documents not stored yet are inserted (a load into an empty database: on FerretDB five to ten
      // times faster than upserts); one stored by another writer in between makes the chunk replace.
      const found = await this.guard(() => this.raw.find({ _id: { $in: chunk.map((document) => document._id) } } as never, { projection: { _id: 1 } }).toArray());
      const stored = new Set<string>(found.map((document) => String(document._id)));
      const operations = chunk.map((document, at) => (stored.has(document._id) ? replacements[at]! : { insertOne: { document: document as never } }));
      try {
        await this.guard(() => this.raw.bulkWrite(operations, { ordered: true, ...STORED_AS_WRITTEN }), { once: true });
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        await this.guard(() => this.raw.bulkWrite(replacements, { ordered: true, ...STORED_AS_WRITTEN }), { once: true });
      }
    }
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.guard(async () => (await this.raw.deleteMany(filter as never)).deletedCount);
  }

  async ensureIndex(index: IndexSpec): Promise<void> {
    await this.guard(() => this.raw.createIndex(index.keys, { name: index.name, unique: index.unique ?? false }));
    if (index.unique) this.uniqueIndexes.set(index.name, Object.keys(index.keys));
  }

  listIndexNames(): Promise<string[]> {
    return this.guard(async () => (await this.raw.listIndexes().toArray()).map((index: { name?: unknown }) => String(index.name)));
  }

  /** Like `guard`, and names the clashing fields when the server did not (FerretDB's E11000). */
  async guardWrite<R>(document: StoredDocument, kind: 'insert' | 'upsert', write: () => Promise<R>): Promise<R> {
    try {
      return await this.guard(write);
    } catch (error) {
      if (error instanceof DuplicateKeyError && error.fields[0] === 'unknown') {
        const fields = await this.clashingFields(document, kind);
        const value = fields.map((field) => (document as unknown as Record<string, unknown>)[field]);
        throw new DuplicateKeyError(this.name, fields, value.length === 1 ? value[0] : value);
      }
      throw error;
    }
  }

  /** Which unique key of the document another document already holds ('unknown' when the server cannot say any more). */
  private async clashingFields(document: StoredDocument, kind: 'insert' | 'upsert'): Promise<string[]> {
    const raw = this.database().collection<StoredDocument>(this.name);
    try {
      if (kind === 'insert' && (await raw.countDocuments({ _id: document._id }, { limit: 1 })) > 0) return ['_id'];
      for (const fields of this.uniqueIndexes.values()) {
        const values = Object.fromEntries(fields.map((field) => [field, (document as unknown as Record<string, unknown>)[field]]));
        if ((await raw.countDocuments({ ...values, _id: { $ne: document._id } }, { limit: 1 })) > 0) return fields;
      }
    } catch {
      // The server went away while asked: the clash is reported without its fields.
    }
    return ['unknown'];
  }

  /**
   * Runs one operation, its failure translated (see translate). An operation FerretDB 1.24 refused
   * as SQLITE_BUSY (a write meeting another in flight; it wrote nothing) is tried again, unless it
   * writes several documents (`once`), which SQLite may have cut between two.
   */
  async guard<R>(operation: () => Promise<R>, options: { once?: boolean } = {}): Promise<R> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.connected();
        const result = await operation();
        this.reach.found();
        return result;
      } catch (error) {
        if (error instanceof MongoServerSelectionError) this.reach.notFound();
        else if (error instanceof MongoError && !(error instanceof MongoNetworkError)) this.reach.found();
        if (!options.once && attempt < BUSY_ATTEMPTS && error instanceof MongoError && SQLITE_BUSY.test(error.message)) {
          await new Promise((wait) => setTimeout(wait, Math.ceil(Math.random() * 5 * attempt)));
          continue;
        }
        throw translate(this.name, error, this.uniqueIndexes);
      }
    }
  }
}

export interface MongoStoreOptions {
  /** How long an operation waits for a reachable server before it fails (ms). */
  serverSelectionTimeoutMs?: number;
  /**
   * How long an operation waits on a silent server before its connection is dropped and it fails as
   * unavailable (ms): the driver's `socketTimeoutMS`, which otherwise waits for ever. When not given,
   * the URI's `socketTimeoutMS`, else DEFAULT_SOCKET_TIMEOUT_MS.
   */
  socketTimeoutMs?: number;
  /** Without transactions: how long one all-or-nothing write may take (see WriteJournal); 30 s by default. */
  writeLeaseMs?: number;
  /** How long every operation may fail to find the server before the client is replaced by a new one (ms); DEFAULT_CLIENT_REPLACEMENT_MS by default. */
  replaceClientAfterMs?: number;
  /** The clock leases are read on (tests move it on); the system's by default. */
  clock?: () => Date;
}

/**
 * MongoDB through the official driver: one database per association. The client connects on first
 * use and reconnects by itself, so a store can be created while the server is down.
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  private readonly locks = new DocumentLocks();
  private readonly uniqueIndexes = new Map<string, UniqueIndexes>();
  private readonly journal: WriteJournal;
  private readonly leaseMs: number;
  private transactions: Promise<boolean> | undefined;
  private isConnected = false;
  private connecting: Promise<void> | undefined;
  /** Runs `recoverWrites` every lease while this process has written without transactions. */
  private sweeper: NodeJS.Timeout | undefined;

  /** The client and its database, replaced together (see replaceClient). */
  private current: { client: MongoClient; db: Db };
  private readonly replaceAfterMs: number;
  /** Since when (performance.now()) every operation has failed to find the server; undefined while one finds it. */
  private unreachableSince: number | undefined;
  private replacements = 0;
  private readonly reach: Reachability = {
    found: () => {
      this.unreachableSince = undefined;
    },
    notFound: () => {
      const now = performance.now();
      this.unreachableSince ??= now;
      if (now - this.unreachableSince >= this.replaceAfterMs) this.replaceClient();
    },
  };

  private readonly currentDb = (): Db => this.current.db;

  private constructor(
    private readonly uri: string,
    private readonly databaseName: string,
    private readonly options: MongoStoreOptions,
  ) {
    this.current = this.newClient();
    this.replaceAfterMs = options.replaceClientAfterMs ?? DEFAULT_CLIENT_REPLACEMENT_MS;
    this.leaseMs = options.writeLeaseMs ?? DEFAULT_WRITE_LEASE_MS;
    const own = { collection: <T extends StoredDocument>(name: string) => this.mongoCollection<T>(name) };
    this.journal = new WriteJournal(own, { leaseMs: this.leaseMs, clock: options.clock ?? (() => new Date()) });
  }

  /** A store whose client has not connected yet: nothing is sent until the first operation. */
  static create(uri: string, databaseName: string, options: MongoStoreOptions = {}): MongoStore {
    return new MongoStore(uri, databaseName, options);
  }

  /** How many times the client was replaced because it found no server (see DEFAULT_CLIENT_REPLACEMENT_MS). */
  get clientReplacements(): number {
    return this.replacements;
  }

  /** A store whose server has answered a ping. */
  static async connect(uri: string, databaseName: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
    const store = MongoStore.create(uri, databaseName, options);
    try {
      await store.ping();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** A collection whose every operation first makes the undos this process still owes (see WriteJournal.guard). */
  collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    return this.journal.guard(name, this.mongoCollection<T>(name), async () => !(await this.supportsTransactions()));
  }

  async ping(): Promise<void> {
    await this.mongoCollection('_').guard(() => this.current.db.command({ ping: 1 }));
  }

  /**
   * In a transaction where the server has them (a replica set or sharded cluster); otherwise (a
   * standalone server, FerretDB) through the write journal: an intent first, then one write after
   * another, so that a write cut off at any point is rolled back (see WriteJournal). Without a
   * transaction, readers may see the first writes before the last one lands.
   */
  async writeAll(writes: DocumentWrite[]): Promise<void> {
    if (!(await this.supportsTransactions())) {
      this.startSweeping();
      return this.journal.writeAll(writes);
    }
    // The session's client and its database, whatever replaces them meanwhile.
    const { client, db } = this.current;
    const session = client.startSession();
    try {
      await this.mongoCollection('_').guard(() =>
        session.withTransaction(async () => {
          for (const write of writes) await this.applyInTransaction(db, write, session);
        }),
      );
    } catch (error) {
      throw error instanceof StoreUnavailableError ? new StoreUnavailableError(error.reason, true) : error;
    } finally {
      await session.endSession().catch(() => undefined);
    }
  }

  /** Rolls back what writes without transactions left unfinished (none are left with them), and from then on every lease. */
  recoverWrites(): Promise<number> {
    this.startSweeping();
    return this.journal.recover();
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    await this.current.client.close();
  }

  private async applyInTransaction(db: Db, write: DocumentWrite, session: ClientSession): Promise<void> {
    const document = withNewRevision(write.document);
    const raw = db.collection<StoredDocument>(write.collection);
    await this.mongoCollection(write.collection).guardWrite(document, write.kind === 'insert' ? 'insert' : 'upsert', async () => {
      if (write.kind === 'insert') {
        await raw.insertOne(document, { session, ...STORED_AS_WRITTEN });
        return;
      }
      const revision = revisionOf(write.previous);
      const filter = { _id: write.previous._id, [REVISION_FIELD]: revision === undefined ? { $exists: false } : revision };
      if ((await raw.replaceOne(filter, document, { session, ...STORED_AS_WRITTEN })).matchedCount !== 1) throw new WriteConflictError(write.collection, write.previous._id);
    });
  }

  /** Asked once the server answers; asked again after a failed attempt. */
  private supportsTransactions(): Promise<boolean> {
    this.transactions ??= this.mongoCollection('_')
      .guard(() => this.current.db.admin().command({ hello: 1 }))
      .then((hello) => Boolean(hello.setName) || hello.msg === 'isdbgrid')
      .catch((error: unknown) => {
        this.transactions = undefined;
        throw error;
      });
    return this.transactions;
  }

  /** A new client in place of one that has found no server for too long; the old one is closed (what it still runs fails as unavailable). */
  private replaceClient(): void {
    const old = this.current.client;
    this.current = this.newClient();
    this.isConnected = false;
    this.connecting = undefined;
    this.transactions = undefined;
    this.unreachableSince = undefined;
    this.replacements += 1;
    void old.close().catch(() => undefined);
  }

  private newClient(): { client: MongoClient; db: Db } {
    const client = new MongoClient(this.uri, driverOptions(this.uri, this.databaseName, this.options));
    return { client, db: client.db(this.databaseName) };
  }

  /** A periodic `recoverWrites` (errors ignored: the database may be away), which never keeps the process alive. */
  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.journal.recoverQuietly().catch(() => undefined), this.leaseMs);
    this.sweeper.unref();
  }

  /**
   * Connects before the first operation, and again after a failed attempt: the driver closes a
   * client whose first connection failed, but recovers by itself from outages once connected.
   */
  private readonly connected = (): Promise<void> => {
    if (this.isConnected) return Promise.resolve();
    // A connection that settles after its client was replaced says nothing about the new client.
    const connection = this.current;
    this.connecting ??= connection.client
      .connect()
      .then(() => {
        if (connection === this.current) this.isConnected = true;
      })
      .finally(() => {
        if (connection === this.current) this.connecting = undefined;
      });
    return this.connecting;
  };

  private mongoCollection<T extends StoredDocument>(name: string): MongoCollection<T> {
    let indexes = this.uniqueIndexes.get(name);
    if (!indexes) {
      indexes = new Map();
      this.uniqueIndexes.set(name, indexes);
    }
    return new MongoCollection<T>(this.currentDb, name, indexes, this.connected, this.locks, this.reach);
  }
}
