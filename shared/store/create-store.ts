import { MemoryStore } from './memory-store';
import { MongoStore } from './mongo-store';
import { Store } from './port';

export interface StoreSettings {
  /** `MONGODB_URI`; when absent the embedded store is used. */
  mongoUri?: string;
  /** The association's own database name, e.g. `registry_labs`. */
  databaseName: string;
}

export async function createStore(settings: StoreSettings): Promise<Store> {
  if (!settings.mongoUri) return new MemoryStore();
  return MongoStore.connect(settings.mongoUri, settings.databaseName);
}
