import { topLevelConditions } from '../../shared/store/memory-field-index';
import { Filter, IndexSpec, SortSpec } from '../../shared/store/port';

/** One read a repository sent to its store. */
export interface RecordedQuery {
  registry: string;
  collection: string;
  method: 'find' | 'count' | 'countBy';
  filter: Filter;
  /** `countBy`: the field grouped on. */
  group?: string;
  sort?: SortSpec;
  limit?: number;
}

/**
 * How MongoDB can answer a read with the indexes a collection declares, worked out by the rules of
 * its query planner that decide whether a read is bounded by the result or by the collection:
 *
 * - `index`: an index whose first field the filter constrains by equality, `$in` or a range (the
 *   `_id` index always exists); `sortedByIndex` when the fields after the index's equality prefix
 *   give the requested order, so a `limit` stops the scan early instead of sorting every match.
 * - `ordered-scan`: no condition at all, and an index gives the sort, so the limit bounds the read
 *   (a first page of a whole list). With conditions an index cannot bound, an ordered read stops
 *   early only when matches are dense, so it counts as a collection scan.
 * - `collection-count`: a count with no condition, which the MongoDB adapter answers from the
 *   collection's metadata (`estimatedDocumentCount`, shared/store/mongo-store.ts).
 * - `collection-scan`: nothing bounds the read; its cost grows with the collection.
 * - `covered-index-scan`: a grouped count (`countBy`: `$match`, `$sort` on the field, `$group`,
 *   shared/store/mongo-store.ts) over an index whose keys are the filter's equality-bound fields and
 *   then the grouped field: MongoDB matches and orders from the index and, since the group needs no
 *   other field, reads the index entries alone, never a document. Over the whole collection (no
 *   filter) that is every entry of the index, which is what a count of every record costs at least.
 *
 * A `$or` is answered by an index only when every branch is. Conditions an index cannot bound
 * (`$not`, `$ne`, `$nin`, `$exists`, `$regex`, `$elemMatch`, ...) filter the documents the index
 * found; they never make a read bounded on their own.
 */
export type IndexPlan =
  | { kind: 'index'; index: string; sortedByIndex: boolean }
  | { kind: 'ordered-scan'; index: string }
  | { kind: 'collection-count' }
  | { kind: 'covered-index-scan'; index: string; wholeCollection: boolean }
  | { kind: 'collection-scan'; reason: string };

const ID_INDEX: IndexSpec = { name: '_id_', keys: { _id: 1 } };
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

type Bound = 'equality' | 'range';

/** What the filter's condition on one field lets an index do. */
function boundOf(condition: unknown): Bound | undefined {
  if (condition === null || typeof condition !== 'object' || condition instanceof Date) return 'equality';
  if (Array.isArray(condition)) return 'equality';
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((op) => op.startsWith('$'))) return 'equality';
  if (operators.includes('$eq') || operators.includes('$in')) return 'equality';
  if (operators.some((op) => RANGE_OPERATORS.has(op))) return 'range';
  return undefined;
}

function boundsOf(filter: Filter): Map<string, Bound> {
  const bounds = new Map<string, Bound>();
  for (const [field, condition] of topLevelConditions(filter)) {
    const bound = boundOf(condition);
    if (bound === 'equality' || (bound === 'range' && !bounds.has(field))) bounds.set(field, bound);
  }
  return bounds;
}

/** Whether the index's fields after its equality-bound prefix start with the sort's fields (in either direction throughout). */
function givesOrder(index: IndexSpec, bounds: Map<string, Bound>, sort: SortSpec | undefined): boolean {
  const sortFields = Object.entries(sort ?? {});
  if (sortFields.length === 0) return true;
  const keys = Object.entries(index.keys);
  let position = 0;
  while (position < keys.length && bounds.get(keys[position]![0]) === 'equality' && keys[position]![0] !== sortFields[0]![0]) position += 1;
  const rest = keys.slice(position, position + sortFields.length);
  if (rest.length < sortFields.length) return false;
  const same = rest.every(([field, direction], i) => field === sortFields[i]![0] && direction === sortFields[i]![1]);
  const reversed = rest.every(([field, direction], i) => field === sortFields[i]![0] && direction === -sortFields[i]![1]);
  return same || reversed;
}

function planWithoutOr(filter: Filter, sort: SortSpec | undefined, limit: number | undefined, indexes: IndexSpec[]): IndexPlan {
  const candidates = [ID_INDEX, ...indexes];
  const bounds = boundsOf(filter);
  const usable = candidates.filter((index) => bounds.has(Object.keys(index.keys)[0]!));
  if (usable.length > 0) {
    // As MongoDB's planner would prefer: the index that also gives the order, then the one with most equality-bound fields.
    const score = (index: IndexSpec) => (givesOrder(index, bounds, sort) ? 100 : 0) + Object.keys(index.keys).filter((field) => bounds.get(field) === 'equality').length;
    const best = usable.reduce((a, b) => (score(b) > score(a) ? b : a));
    return { kind: 'index', index: best.name, sortedByIndex: givesOrder(best, bounds, sort) };
  }
  const conditions = topLevelConditions(filter);
  if (limit !== undefined && sort !== undefined && conditions.length === 0) {
    const ordered = candidates.find((index) => givesOrder(index, new Map(), sort));
    if (ordered) return { kind: 'ordered-scan', index: ordered.name };
  }
  const unbounded = conditions.map(([field]) => field);
  return {
    kind: 'collection-scan',
    reason:
      unbounded.length === 0
        ? 'no condition, and no index gives the order under a limit'
        : `no declared index starts with a field the filter bounds (${[...new Set(unbounded)].join(', ')})`,
  };
}

/** The plan of a grouped count: covered by an index of the filter's equality-bound fields then the grouped field, if one is declared. */
function groupedCountPlan(filter: Filter, group: string, indexes: IndexSpec[]): IndexPlan {
  const bounds = boundsOf(filter);
  const filtered = topLevelConditions(filter).map(([field]) => field);
  const equalities = [...bounds].filter(([, bound]) => bound === 'equality').map(([field]) => field);
  const covering = indexes.find((index) => {
    const keys = Object.keys(index.keys);
    const prefix = keys.slice(0, equalities.length);
    return equalities.every((field) => prefix.includes(field)) && keys[equalities.length] === group && filtered.every((field) => keys.includes(field));
  });
  if (covering) return { kind: 'covered-index-scan', index: covering.name, wholeCollection: filtered.length === 0 };
  const plan = planWithoutOr(filter, { [group]: 1 }, undefined, indexes);
  return plan.kind === 'ordered-scan' ? { kind: 'collection-scan', reason: `no declared index covers the group on ${group}` } : plan;
}

export function indexPlan(query: Pick<RecordedQuery, 'method' | 'filter' | 'sort' | 'limit' | 'group'>, indexes: IndexSpec[]): IndexPlan {
  if (query.method === 'count' && Object.keys(query.filter).length === 0) return { kind: 'collection-count' };
  if (query.method === 'countBy') return groupedCountPlan(query.filter, query.group ?? '', indexes);
  const { $or: branches, ...rest } = query.filter as Filter & { $or?: Filter[] };
  const plain = planWithoutOr(rest, query.sort, query.limit, indexes);
  if (plain.kind !== 'collection-scan' || !Array.isArray(branches)) return plain;
  const plans = branches.map((branch) => planWithoutOr({ ...rest, ...branch }, undefined, undefined, indexes));
  const scan = plans.find((plan) => plan.kind !== 'index');
  if (scan) return { kind: 'collection-scan', reason: `a branch of $or is not bounded by an index (${scan.kind === 'collection-scan' ? scan.reason : scan.kind})` };
  return { kind: 'index', index: plans.map((plan) => (plan.kind === 'index' ? plan.index : '')).join(' | '), sortedByIndex: false };
}
