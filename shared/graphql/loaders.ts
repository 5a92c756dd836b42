import DataLoader from 'dataloader';

/**
 * A per-request loader of one record per key: one store call for every key asked for in the same
 * tick, whatever the number of keys. Missing keys load as null.
 */
export function oneByKey<K extends string, V>(fetchMany: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const byKey = new Map<K, V>();
    for (const value of await fetchMany(keys)) byKey.set(keyOf(value), value);
    return keys.map((key) => byKey.get(key) ?? null);
  });
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
