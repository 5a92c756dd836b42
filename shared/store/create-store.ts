import { MemoryStore } from './memory-store';
import { MongoStore } from './mongo-store';
import { Store } from './port';

export interface StoreSettings {
  /** `MONGODB_URI`; when absent the embedded store is used. */
  mongoUri?: string;
  /** The association's own database name, e.g. `registry_labs`. */
  databaseName: string;
}

/** The store a subgraph runs on. A MongoDB store is returned unconnected: it connects on first use. */
export function createStore(settings: StoreSettings): Store {
  if (!settings.mongoUri) return new MemoryStore();
  return MongoStore.create(settings.mongoUri, settings.databaseName);
}
