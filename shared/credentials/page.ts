import { Filter, StoreCollection, StoredDocument } from '../store/port';
import { decodeCursor, Page, PageRequest, pageSize, toPage } from '../graphql/pagination';

/**
 * A keyset page of a credential list: rows in `keyField` order after the cursor's key, and the
 * count of the whole filter. `keyField` is `_id` or another field whose values are unique (an
 * engineering licence number); stable under inserts, one range scan per page.
 */
export async function keysetPage<T extends StoredDocument>(
  collection: StoreCollection<T>,
  filter: Filter,
  request: PageRequest,
  keyOf: (row: T) => string,
  keyField = '_id',
): Promise<Page<T>> {
  const size = pageSize(request.first);
  const after = request.after ? decodeCursor(request.after) : undefined;
  const [rows, totalCount] = await Promise.all([
    collection.find(afterKey(filter, keyField, after), { sort: { [keyField]: 1 }, limit: size + 1 }),
    collection.count(filter),
  ]);
  return toPage(rows, size, totalCount, keyOf);
}

/** `filter` narrowed to keys after `after` (all of it without one). */
export function afterKey(filter: Filter, keyField: string, after: string | undefined): Filter {
  if (after === undefined) return filter;
  const range = { [keyField]: { $gt: after } };
  return Object.keys(filter).length === 0 ? range : { $and: [filter, range] };
}
