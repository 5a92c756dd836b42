import { DemoRegistryKey } from '../../shared/demo/scale';
import { Store } from '../../shared/store/port';
import { freshDatabaseName, StoreUnderTest } from './stores';

/**
 * Opens one fresh database per association on a store under test and remembers them, so a suite
 * can drop what it created (StoreUnderTest.drop) when it ends.
 */
export function perAssociationDatabases(candidate: StoreUnderTest) {
  const created: string[] = [];
  return {
    open: async (key: DemoRegistryKey): Promise<Store> => {
      const name = freshDatabaseName(`registry_${key}`);
      created.push(name);
      return candidate.open!(name);
    },
    dropAll: async (): Promise<void> => {
      for (const name of created.splice(0)) await candidate.drop?.(name);
    },
  };
}
