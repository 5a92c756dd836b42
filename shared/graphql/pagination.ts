import { badUserInputField } from '../errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first?: number | null;
  /**
   * Where the page starts: the position (a key) after which rows are read. The client's cursor is
   * opened into it before any resolver runs (see list-cursors.ts); no cursor ever reaches here.
   */
  after?: string | null;
}

/** A page; its `endCursor` is the last row's position, sealed into a cursor on the way out (list-cursors.ts). */
export interface Page<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInputField('first', `must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${first}`);
  }
  return first;
}

/** Assembles a page from `size + 1` rows fetched in key order after the cursor (keyset pagination). */
export function toPage<T>(rows: T[], size: number, totalCount: number, keyOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, size);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    totalCount,
    pageInfo: { hasNextPage: rows.length > size, endCursor: last === undefined ? null : keyOf(last) },
  };
}
