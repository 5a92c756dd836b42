import { MemoryStore } from '../../shared/store/memory-store';
import { MongoStore } from '../../shared/store/mongo-store';
import { Store } from '../../shared/store/port';

/** A store adapter the contract suite runs against, or the reason it cannot run here. */
export interface StoreUnderTest {
  name: string;
  open: ((database: string) => Promise<Store>) | null;
  skipReason?: string;
}

export function storesUnderTest(): StoreUnderTest[] {
  const mongoUri = process.env.MONGODB_URI;
  return [
    { name: 'embedded store', open: async () => new MemoryStore() },
    mongoUri
      ? { name: `MongoDB wire protocol at ${mongoUri.replace(/\/\/[^@]*@/, '//')}`, open: (db) => MongoStore.connect(mongoUri, db) }
      : { name: 'MongoDB', open: null, skipReason: 'MONGODB_URI is not set, so no MongoDB-compatible server is reachable' },
  ];
}

let counter = 0;
/** A database name no other test uses, so suites never see each other's documents. */
export const freshDatabaseName = (prefix: string): string => `${prefix}_${process.pid}_${Date.now()}_${(counter += 1)}`;
