import { Db, MongoClient, MongoServerError } from 'mongodb';
import { DuplicateKeyError, Filter, FindOptions, IndexSpec, Store, StoreCollection, StoredDocument } from './port';

const DUPLICATE_KEY = 11000;
/** FerretDB's SQLite backend reports a unique clash in an update as a constraint failure instead of E11000. */
const SQLITE_UNIQUE_CLASH = /UNIQUE constraint failed: index '([^']+)'/;

/**
 * Turns a duplicate-key failure into the port's error, naming the fields that clashed: from the
 * driver's `keyValue` (MongoDB), or from the clashing index's name (FerretDB).
 */
function translate(collection: string, error: unknown, uniqueIndexes: Map<string, string[]>): unknown {
  if (!(error instanceof MongoServerError)) return error;
  if (error.code === DUPLICATE_KEY) {
    const keyValue = (error.keyValue ?? {}) as Record<string, unknown>;
    const fields = Object.keys(keyValue);
    if (fields.length > 0) return new DuplicateKeyError(collection, fields, Object.values(keyValue));
    return new DuplicateKeyError(collection, fieldsOfClash(error.message, uniqueIndexes), undefined);
  }
  if (SQLITE_UNIQUE_CLASH.test(error.message)) {
    return new DuplicateKeyError(collection, fieldsOfClash(error.message, uniqueIndexes), undefined);
  }
  return error;
}

function fieldsOfClash(message: string, uniqueIndexes: Map<string, string[]>): string[] {
  for (const [name, fields] of uniqueIndexes) if (message.includes(name)) return fields;
  return message.includes('_id') ? ['_id'] : ['unknown'];
}

class MongoCollection<T extends StoredDocument> implements StoreCollection<T> {
  constructor(
    private readonly db: Db,
    private readonly name: string,
    /** Unique indexes this process has ensured, by name: how a FerretDB clash is traced to its fields. */
    private readonly uniqueIndexes: Map<string, string[]>,
  ) {}

  private get raw() {
    return this.db.collection<T>(this.name);
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    const cursor = this.raw.find(filter as never, {
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
    return (await cursor.toArray()) as T[];
  }

  async count(filter: Filter): Promise<number> {
    return this.raw.countDocuments(filter as never);
  }

  async insertOne(document: T): Promise<void> {
    await this.guard(() => this.raw.insertOne(document as never));
  }

  async insertMany(documents: T[]): Promise<void> {
    if (documents.length === 0) return;
    await this.guard(() => this.raw.insertMany(documents as never[], { ordered: true }));
  }

  async upsertOne(document: T): Promise<void> {
    await this.guard(() => this.raw.replaceOne({ _id: document._id } as never, document, { upsert: true }));
  }

  async deleteMany(filter: Filter): Promise<number> {
    const result = await this.raw.deleteMany(filter as never);
    return result.deletedCount;
  }

  async ensureIndex(index: IndexSpec): Promise<void> {
    await this.raw.createIndex(index.keys, { name: index.name, unique: index.unique ?? false });
    if (index.unique) this.uniqueIndexes.set(index.name, Object.keys(index.keys));
  }

  async listIndexNames(): Promise<string[]> {
    const indexes = await this.raw.listIndexes().toArray();
    return indexes.map((index) => String(index.name));
  }

  private async guard<R>(write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (error) {
      throw translate(this.name, error, this.uniqueIndexes);
    }
  }
}

/** MongoDB through the official driver: one database per association. */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;

  private readonly uniqueIndexes = new Map<string, Map<string, string[]>>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  static async connect(uri: string, databaseName: string): Promise<MongoStore> {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, appName: `registries-${databaseName}` });
    await client.connect();
    return new MongoStore(client, client.db(databaseName));
  }

  collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    let indexes = this.uniqueIndexes.get(name);
    if (!indexes) {
      indexes = new Map();
      this.uniqueIndexes.set(name, indexes);
    }
    return new MongoCollection<T>(this.db, name, indexes);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
