import { GOVERNANCE_COLLECTIONS } from '../governance/documents';
import { Filter, IndexSpec, Store } from '../store/port';

/**
 * A count a registry offers, grouped: how many documents of `collection` (matching `filter`) hold
 * each value of `field`. Counts of records, never of people by a personal attribute.
 */
export interface Measure {
  /** Its name in `Query.counts(measure:)`, e.g. `organisationsByKind`; the same name in every registry that offers it. */
  name: string;
  /** What it counts, for `CountList.measures`. */
  description: string;
  collection: string;
  field: string;
  filter?: Filter;
  /**
   * The index that serves it, ensured at start: its keys are the filter's fields, then `field`, so
   * MongoDB matches and groups from the index alone (a covered scan: shared/store/mongo-store.ts
   * `countBy`). None for a measure of one group (`ONE_GROUP`), a count of the whole collection.
   */
  index?: IndexSpec;
}

/** The `field` of a measure of one group: every record counted together. */
export const ONE_GROUP = '__none';

/** Ensures the indexes `measures` declare (each once by name). */
export async function ensureMeasureIndexes(store: Store, measures: readonly Measure[]): Promise<void> {
  const seen = new Set<string>();
  for (const { collection, index } of measures) {
    if (!index || seen.has(`${collection}.${index.name}`)) continue;
    seen.add(`${collection}.${index.name}`);
    await store.collection(collection).ensureIndex(index);
  }
}

/** What every registry can count. */
export const COMMON_MEASURES: readonly Measure[] = [
  { name: 'members', description: 'People in the registry (one group).', collection: 'people', field: ONE_GROUP },
  {
    name: 'organisationsByKind',
    description: 'Organisations by kind.',
    collection: 'organisations',
    field: 'kind',
    index: { name: 'organisations_by_kind', keys: { kind: 1, _id: 1 } },
  },
  {
    name: 'organisationsByProvince',
    description: 'Organisations by province or region (null: none recorded).',
    collection: 'organisations',
    field: 'province',
    index: { name: 'organisations_by_province', keys: { province: 1, _id: 1 } },
  },
  {
    name: 'organisationsByCity',
    description: 'Organisations by city (null: none recorded).',
    collection: 'organisations',
    field: 'city',
    index: { name: 'organisations_by_city', keys: { city: 1 } },
  },
  {
    name: 'projectsByStatus',
    description: 'Joint projects, committees and working groups the registry leads, by status.',
    collection: 'projects',
    field: 'status',
    index: { name: 'projects_by_status', keys: { status: 1 } },
  },
  {
    name: 'meetingsBySeries',
    description: 'Meetings by series (the key is the series id).',
    collection: GOVERNANCE_COLLECTIONS.meetings,
    field: 'seriesId',
    index: { name: 'meetings_by_series', keys: { seriesId: 1 } },
  },
  {
    name: 'resolutionsByStatus',
    description: 'Resolutions by status, OPEN or DONE.',
    collection: GOVERNANCE_COLLECTIONS.resolutions,
    field: 'status',
    index: { name: 'resolutions_by_status_due', keys: { status: 1, dueDate: 1 } },
  },
];

/** A measure's name: a GraphQL-like name, so it reads in a query and in a cursor-free key. */
export const MEASURE_NAME = /^[a-z][A-Za-z0-9]{1,60}$/;
