import { GOVERNANCE_COLLECTIONS } from '../governance/documents';
import { Filter } from '../store/port';

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
}

/** What every registry can count. */
export const COMMON_MEASURES: readonly Measure[] = [
  { name: 'members', description: 'People in the registry (one group).', collection: 'people', field: '__none' },
  { name: 'organisationsByKind', description: 'Organisations by kind.', collection: 'organisations', field: 'kind' },
  { name: 'organisationsByProvince', description: 'Organisations by province or region (null: none recorded).', collection: 'organisations', field: 'province' },
  { name: 'organisationsByCity', description: 'Organisations by city (null: none recorded).', collection: 'organisations', field: 'city' },
  { name: 'projectsByStatus', description: 'Joint projects, committees and working groups the registry leads, by status.', collection: 'projects', field: 'status' },
  { name: 'meetingsBySeries', description: 'Meetings by series (the key is the series id).', collection: GOVERNANCE_COLLECTIONS.meetings, field: 'seriesId' },
  { name: 'resolutionsByStatus', description: 'Resolutions by status, OPEN or DONE.', collection: GOVERNANCE_COLLECTIONS.resolutions, field: 'status' },
];

/** A measure's name: a GraphQL-like name, so it reads in a query and in a cursor-free key. */
export const MEASURE_NAME = /^[a-z][A-Za-z0-9]{1,60}$/;
