import { MongoClient } from 'mongodb';
import { MemoryStore } from '../../shared/store/memory-store';
import { MongoStore } from '../../shared/store/mongo-store';
import { Store, StoreUnavailableError } from '../../shared/store/port';

/** A store adapter the contract suite runs against, or the reason it cannot run here. */
export interface StoreUnderTest {
  name: string;
  open: ((database: string) => Promise<Store>) | null;
  /** Removes a database `open` created (a no-op for the embedded store, which keeps nothing). */
  drop?: (database: string) => Promise<void>;
  skipReason?: string;
}

/**
 * The MongoDB-compatible server the suites run on, as tests/support/mongo-global-setup.ts found it:
 * its URI and description, or why there is none.
 */
export function mongoServerUnderTest(): { uri: string; description: string } | { uri: null; skipReason: string } {
  const uri = process.env.MONGODB_URI;
  if (uri) return { uri, description: process.env.MONGODB_SERVER ?? `MongoDB wire protocol at ${uri.replace(/\/\/[^@]*@/, '//')}` };
  return {
    uri: null,
    skipReason: process.env.MONGODB_SKIP_REASON ?? 'MONGODB_URI is not set, so no MongoDB-compatible server is reachable',
  };
}

export function storesUnderTest(): StoreUnderTest[] {
  const mongo = mongoServerUnderTest();
  return [
    { name: 'embedded store', open: async () => new MemoryStore() },
    mongo.uri !== null
      ? { name: mongo.description, open: (db) => MongoStore.connect(mongo.uri, db), drop: (db) => dropDatabases(mongo.uri, [db]) }
      : { name: 'MongoDB', open: null, skipReason: mongo.skipReason },
  ];
}

/** Drops databases a test created, so repeated runs against one server do not accumulate data. */
export async function dropDatabases(uri: string, names: Iterable<string>): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    for (const name of names) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

let counter = 0;
/** A database name no other test uses, so suites never see each other's documents. */
export const freshDatabaseName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now()}_${(counter += 1)}`;

/** A store on a fresh database; `dispose` closes it and drops the database, so a server used for tests keeps nothing. */
export interface FreshStore {
  store: Store;
  dispose: () => Promise<void>;
}

export async function openFresh(candidate: StoreUnderTest, prefix: string): Promise<FreshStore> {
  const database = freshDatabaseName(prefix);
  const store = await candidate.open!(database);
  return {
    store,
    dispose: async () => {
      await store.close();
      await candidate.drop?.(database);
    },
  };
}

/**
 * `work` once the database answers: an operation may fail as StoreUnavailableError just after a
 * server restart (connections the kill broke) or on a loaded machine (an answer later than a test's
 * short socket timeout); tried again then, up to 20 times, 50 ms apart.
 */
export async function onceAnswering<R>(work: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt === 20) throw error;
      await new Promise((wait) => setTimeout(wait, 50));
    }
  }
}
