import DataLoader from 'dataloader';
import { readAgainIfTouched } from '../server/request-id';

/** A loader of one collection's documents that reads one again after a write of the request touched it (see `noteGuardsTouched`). */
class TouchAwareLoader<K extends string, V> extends DataLoader<K, V | null> {
  constructor(
    batch: DataLoader.BatchLoadFn<K, V | null>,
    private readonly collection: string,
  ) {
    super(batch);
  }

  override load(key: K): Promise<V | null> {
    if (readAgainIfTouched(this.collection, key)) this.clear(key);
    return super.load(key);
  }
}

/**
 * A per-request loader of one record per key: one store call for every key asked for in the same
 * tick, whatever the number of keys. Missing keys load as null. With `collection` (where the records
 * are stored), a record a write of the request touched to carry a guard is read again.
 */
export function oneByKey<K extends string, V>(fetchMany: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K, collection?: string): DataLoader<K, V | null> {
  const batch = async (keys: readonly K[]) => {
    const byKey = new Map<K, V>();
    for (const value of await fetchMany(keys)) byKey.set(keyOf(value), value);
    return keys.map((key) => byKey.get(key) ?? null);
  };
  return collection === undefined ? new DataLoader<K, V | null>(batch) : new TouchAwareLoader<K, V>(batch, collection);
}

/** A per-request loader of every record that points at a key (roles of a person, units of a union). */
export function manyByKey<K extends string, V>(fetchMany: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const byKey = new Map<K, V[]>();
    for (const value of await fetchMany(keys)) {
      const key = keyOf(value);
      const group = byKey.get(key);
      if (group) group.push(value);
      else byKey.set(key, [value]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
