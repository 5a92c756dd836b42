import { badUserInputField } from '../errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Cursors are opaque to clients: the base64url of the last key of the page. */
export const encodeCursor = (key: string): string => Buffer.from(`k:${key}`, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('k:') || encodeCursor(decoded.slice(2)) !== cursor) {
    throw badUserInputField('after', `"${cursor}" is not a cursor this list returned; pass pageInfo.endCursor unchanged`);
  }
  return decoded.slice(2);
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
    pageInfo: { hasNextPage: rows.length > size, endCursor: last === undefined ? null : encodeCursor(keyOf(last)) },
  };
}
