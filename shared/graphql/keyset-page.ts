import { RegistryKey } from '../registry/keys';
import { Filter, StoreCollection, StoredDocument } from '../store/port';
import { Page, PageRequest, pageSize, toPage } from './pagination';

/** `filter` narrowed to keys after `after` (all of it without one). */
export function afterKey(filter: Filter, keyField: string, after: string | undefined): Filter {
  if (after === undefined) return filter;
  const range = { [keyField]: { $gt: after } };
  return Object.keys(filter).length === 0 ? range : { $and: [filter, range] };
}

/**
 * The one keyset read every list makes: the first `size + 1` rows in `keyField` order after the
 * key `after`, and the count of the whole filter, in parallel. `keyField` must be unique (`_id`, or a
 * key ending with the `_id`), so the list is stable under inserts; one range scan per page.
 */
export async function keysetRows<T extends StoredDocument>(
  collection: StoreCollection<T>,
  filter: Filter,
  query: { size: number; after?: string | undefined; keyField?: string },
): Promise<{ rows: T[]; totalCount: number }> {
  const keyField = query.keyField ?? '_id';
  const [rows, totalCount] = await Promise.all([
    collection.find(afterKey(filter, keyField, query.after), { sort: { [keyField]: 1 }, limit: query.size + 1 }),
    collection.count(filter),
  ]);
  return { rows, totalCount };
}

/** A keyset page for a client's `first` and `after` (a position): `keysetRows`, ending at `keyOf` the last row. */
export async function keysetPage<T extends StoredDocument>(
  collection: StoreCollection<T>,
  filter: Filter,
  request: PageRequest,
  keyOf: (row: T) => string,
  keyField = '_id',
): Promise<Page<T>> {
  const size = pageSize(request.first);
  const after = request.after ?? undefined;
  const { rows, totalCount } = await keysetRows(collection, filter, { size, after, keyField });
  return toPage(rows, size, totalCount, keyOf);
}

/**
 * Merges parts each holding their first `size + 1` items after the cursor in one key order (the
 * registries' slices of one list): the first `size + 1` of the union, sorted by key, are the page's,
 * and the counts add up. Keys are global, so none repeats across parts.
 */
export function mergeKeyedParts<T>(parts: readonly ({ totalCount: number; items: readonly T[] } | null | undefined)[], size: number, keyOf: (item: T) => string): Page<T> {
  const items = parts
    .flatMap((part) => part?.items ?? [])
    .sort((a, b) => {
      const [ka, kb] = [keyOf(a), keyOf(b)];
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  const totalCount = parts.reduce((sum, part) => sum + (part?.totalCount ?? 0), 0);
  return toPage(items.slice(0, size + 1), size, totalCount, keyOf);
}

/** A registry's part of a merged list: its first items after the position, and its count. */
export interface RegistryPart<T> {
  totalCount: number;
  items: readonly T[];
}

/**
 * The parts of a merged list kept to what each registry speaks for (`isOwn`: an id with its own
 * prefix, a credential kind it keeps...), and the registries that gave something else. The directory
 * names a merged item's registry from its id: an item one registry gives under another's id would be
 * shown as the other's (a credential of the labs registry that labs never issued), or as a record
 * of the other in a list it does not belong to. Such items are left out.
 */
export function ownParts<T>(
  parts: readonly (readonly [RegistryKey, RegistryPart<T> | null | undefined])[],
  isOwn: (registry: RegistryKey, item: T) => boolean,
): { parts: (RegistryPart<T> | null | undefined)[]; strays: RegistryKey[] } {
  const strays: RegistryKey[] = [];
  const kept = parts.map(([registry, part]) => {
    if (!part) return part;
    const items = part.items.filter((item) => isOwn(registry, item));
    if (items.length === part.items.length) return part;
    strays.push(registry);
    return { totalCount: part.totalCount, items };
  });
  return { parts: kept, strays };
}
