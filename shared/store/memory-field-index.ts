import { Filter, StoredDocument } from './port';

type Key = string | number;

const isKey = (value: unknown): value is Key => typeof value === 'string' || typeof value === 'number';

/**
 * The embedded store's secondary index on one top-level field: the ids of the documents holding each
 * string or number value (one id kept as itself, more in a Set). A document whose value is an array
 * is kept under each string or number it holds, as MongoDB's multikey index keeps it, since an
 * equality matches an array holding the value; an array holding anything else is kept aside and
 * always returned as a candidate. Any other value (missing, null, an object, a date, a boolean) can
 * never equal a string or a number, so it is kept nowhere. The query itself still decides what matches.
 */
export class MemoryFieldIndex {
  private readonly buckets = new Map<Key, string | Set<string>>();
  private readonly arrays = new Set<string>();
  /** How many documents hold an array here (kept under each element, so buckets do not count documents then). */
  private arrayValued = 0;

  constructor(readonly field: string) {}

  /** Whether `candidates` is exactly the matching documents: true unless some document holds an array with something besides strings and numbers. */
  get exact(): boolean {
    return this.arrays.size === 0;
  }

  add(document: StoredDocument): void {
    const value = (document as unknown as Record<string, unknown>)[this.field];
    if (Array.isArray(value)) {
      this.arrayValued += 1;
      if (value.every(isKey)) for (const element of new Set(value)) this.addKey(element, document);
      else this.arrays.add(document._id);
      return;
    }
    if (isKey(value)) this.addKey(value, document);
  }

  private addKey(value: Key, document: StoredDocument): void {
    const bucket = this.buckets.get(value);
    if (bucket === undefined) this.buckets.set(value, document._id);
    else if (typeof bucket === 'string') {
      if (bucket !== document._id) this.buckets.set(value, new Set([bucket, document._id]));
    } else bucket.add(document._id);
  }

  remove(document: StoredDocument): void {
    const value = (document as unknown as Record<string, unknown>)[this.field];
    if (Array.isArray(value)) {
      this.arrayValued -= 1;
      if (value.every(isKey)) for (const element of new Set(value)) this.removeKey(element, document);
      else this.arrays.delete(document._id);
      return;
    }
    if (isKey(value)) this.removeKey(value, document);
  }

  private removeKey(value: Key, document: StoredDocument): void {
    const bucket = this.buckets.get(value);
    if (bucket === document._id) this.buckets.delete(value);
    else if (bucket instanceof Set) {
      bucket.delete(document._id);
      if (bucket.size === 1) this.buckets.set(value, bucket.values().next().value!);
    }
  }

  /**
   * How many documents hold each string or number value, read off the buckets; undefined when a
   * document holds an array here (then a bucket counts it once per element). Documents holding
   * anything else (missing, null...) are in no bucket.
   */
  valueCounts(): Map<Key, number> | undefined {
    if (this.arrayValued > 0) return undefined;
    return new Map([...this.buckets].map(([value, bucket]) => [value, typeof bucket === 'string' ? 1 : bucket.size]));
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
    const ids = new Set(this.arrays);
    for (const value of values) {
      const bucket = this.buckets.get(value);
      if (typeof bucket === 'string') ids.add(bucket);
      else if (bucket) for (const id of bucket) ids.add(id);
    }
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
