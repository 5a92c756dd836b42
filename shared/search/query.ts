import { badUserInputField } from '../errors';
import { SearchKind } from './documents';

/**
 * What the directory puts in a `SearchList` key and every registry reads: the checked text, the
 * kinds asked for, which registries (keys) answer, and the page: at most `size + 1` hits after
 * `afterKey`, the position the client's cursor was opened into. Only the gateway writes these keys.
 */
export interface SearchQuery {
  text: string;
  kinds?: SearchKind[] | null;
  /** Only these registries answer; all when null. */
  registries?: string[] | null;
  size: number;
  afterKey?: string | null;
  /** The list the directory seals this list's cursors for (see listOf). */
  list: string;
}

/** One registry's hit: what it is, its key, its title, the title's words that matched, its rank. */
export interface SearchHit {
  /** `<999 - score>|<registry>|<kind>|<position>` (positions.ts: no national code): the merged list's order, unique across registries. */
  sortKey: string;
  kind: SearchKind;
  ref: string;
  title: string;
  matchedWords: string[];
  score: number;
}

export interface SearchSlice {
  totalCount: number;
  hits: SearchHit[];
}

export const EMPTY_SEARCH_SLICE: SearchSlice = { totalCount: 0, hits: [] };

/** A search key as the directory wrote it; anything else is refused. */
export function parseSearchQuery(filter: string): SearchQuery {
  try {
    const query = JSON.parse(filter) as SearchQuery;
    if (typeof query.text === 'string' && typeof query.size === 'number') return query;
  } catch {
    // refused below
  }
  throw badUserInputField('filter', 'is not a search list key the gateway wrote');
}
