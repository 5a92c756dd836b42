import { Filter, StoredDocument } from './port';

type Key = string | number;

const isKey = (value: unknown): value is Key => typeof value === 'string' || typeof value === 'number';

/**
 * The embedded store's secondary index on one top-level field: the ids of the documents holding each
 * string or number value. Documents whose value is anything else (missing, an array, an object, a
 * date) are kept aside and always returned as candidates, so a lookup never misses a match; the
 * query itself still decides what matches.
 */
export class MemoryFieldIndex {
  private readonly buckets = new Map<Key, Set<string>>();
  private readonly unindexed = new Set<string>();

  constructor(readonly field: string) {}

  add(document: StoredDocument): void {
    const value = (document as unknown as Record<string, unknown>)[this.field];
    if (!isKey(value)) {
      this.unindexed.add(document._id);
      return;
    }
    let bucket = this.buckets.get(value);
    if (!bucket) this.buckets.set(value, (bucket = new Set()));
    bucket.add(document._id);
  }

  remove(document: StoredDocument): void {
    const value = (document as unknown as Record<string, unknown>)[this.field];
    if (!isKey(value)) {
      this.unindexed.delete(document._id);
      return;
    }
    const bucket = this.buckets.get(value);
    bucket?.delete(document._id);
    if (bucket?.size === 0) this.buckets.delete(value);
  }

  /**
   * The ids that can match `condition` (the filter's value for this field), or undefined when the
   * index cannot narrow it: only an equality to a string or number, or `$in` of those, can.
   */
  candidates(condition: unknown): Set<string> | undefined {
    let values: unknown[];
    if (isKey(condition)) values = [condition];
    else if (condition && typeof condition === 'object' && Object.keys(condition).length === 1 && Array.isArray((condition as { $in?: unknown }).$in)) {
      values = (condition as { $in: unknown[] }).$in;
    } else return undefined;
    if (!values.every(isKey)) return undefined;
    const ids = new Set(this.unindexed);
    for (const value of values) for (const id of this.buckets.get(value as Key) ?? []) ids.add(id);
    return ids;
  }
}

/** The top-level conditions of a filter, those inside a top-level `$and` included: what an index can narrow. */
export function topLevelConditions(filter: Filter): [string, unknown][] {
  const conditions: [string, unknown][] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (part && typeof part === 'object') conditions.push(...topLevelConditions(part as Filter));
    } else if (!key.startsWith('$')) conditions.push([key, value]);
  }
  return conditions;
}
