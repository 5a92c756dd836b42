import { Store, StoreCollection, StoredDocument } from '../store/port';
import { SEARCH_COLLECTION, SearchEntryDocument, SearchKind } from './documents';
import { SearchHit, SearchQuery, SearchSlice } from './query';
import { SEARCH_SOURCES, searchEntry, SearchSource } from './sources';
import { QueryWord, queryWords, wordMatch, wordsOf } from './terms';

/** How many matching entries one registry ranks for a query; past it, the best of those (in index order) are ranked. */
export const MAX_RANKED = 5_000;
const BATCH = 1_000;
const STATE_ID = 'search-index-state';

interface StateDocument extends StoredDocument {
  /** The number of records of each kind the index was last built from. */
  counts: Partial<Record<SearchKind, number>>;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * A registry's search index: one entry per person, organisation, project, meeting and resolution,
 * in its own collection, looked up through a multikey index on `terms` (the same lookup on
 * MongoDB and in the embedded store, whose field index holds each element of an array).
 */
export class SearchIndex {
  private readonly entries: StoreCollection<SearchEntryDocument>;
  private readonly state: StoreCollection<StateDocument>;

  constructor(
    private readonly store: Store,
    private readonly sources: readonly SearchSource[] = SEARCH_SOURCES,
  ) {
    this.entries = store.collection(SEARCH_COLLECTION);
    this.state = store.collection('searchIndexState');
  }

  async ensureIndexes(): Promise<void> {
    await this.entries.ensureIndex({ name: 'searchEntries_terms', keys: { terms: 1 } });
  }

  /**
   * Builds the entries of each kind whose number of records differs from what the index was built
   * from (all of them the first time): after a load of demo or scale data, at start. Writes through
   * the repositories keep it current one record at a time (`put`).
   */
  async sync(): Promise<number> {
    const [state] = await this.state.find({ _id: STATE_ID });
    const counts: Partial<Record<SearchKind, number>> = { ...(state?.counts ?? {}) };
    let written = 0;
    for (const source of this.sources) {
      const records = this.store.collection<StoredDocument>(source.collection);
      const count = await records.count({});
      if (counts[source.kind] === count) continue;
      await this.entries.deleteMany({ kind: source.kind });
      let after: string | null = null;
      for (;;) {
        const batch: StoredDocument[] = await records.find(after === null ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: BATCH });
        if (batch.length === 0) break;
        await this.entries.upsertMany(batch.map((document) => searchEntry(source, document)));
        written += batch.length;
        after = batch[batch.length - 1]!._id;
      }
      counts[source.kind] = count;
      await this.state.upsertOne({ _id: STATE_ID, counts });
    }
    return written;
  }

  /**
   * Adds or replaces the entry of one record just written (of `collection`). The record is written
   * whatever happens here: the index is derived from it, so a failure to index (the database gone
   * just after the write) does not turn a change that was made into one the caller is told failed.
   * The entry is then missing or stale until the index is synced again.
   */
  async put(collection: string, document: StoredDocument): Promise<void> {
    const source = this.sources.find((candidate) => candidate.collection === collection);
    if (!source) return;
    try {
      await this.entries.upsertOne(searchEntry(source, document));
      const [state] = await this.state.find({ _id: STATE_ID });
      if (state) await this.state.upsertOne({ _id: STATE_ID, counts: { ...state.counts, [source.kind]: await this.store.collection(collection).count({}) } });
    } catch {
      this.missed += 1;
    }
  }

  /** How many records this process wrote but could not index (see `put`). */
  missed = 0;

  /**
   * This registry's slice of a search: how many entries match every word, and the first
   * `size + 1` after `afterKey` in rank order (best first, then registry, kind and key).
   */
  async search(query: SearchQuery, registry: string): Promise<SearchSlice> {
    const words = queryWords(query.text);
    if (words.length === 0) return { totalCount: 0, hits: [] };
    const filter = {
      $and: [...words.map((word) => ({ terms: { $in: word.terms } })), ...(query.kinds?.length ? [{ kind: { $in: query.kinds } }] : [])],
    };
    const [matching, totalCount] = await Promise.all([this.entries.find(filter, { limit: MAX_RANKED }), this.entries.count(filter)]);
    const hits = matching
      .map((entry) => hitOf(registry, entry, words))
      .filter((hit) => query.afterKey === null || query.afterKey === undefined || hit.sortKey > query.afterKey)
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
      .slice(0, query.size + 1);
    return { totalCount, hits };
  }
}

/** An entry of `registry` as a hit: the words of its title the query words matched, and its rank. */
function hitOf(registry: string, entry: SearchEntryDocument, words: readonly QueryWord[]): SearchHit {
  const titleWords = wordsOf(entry.title);
  const otherWords = entry.texts.flatMap(wordsOf);
  const matched = new Set<string>();
  let points = 0;
  for (const word of words) {
    const inTitle = Math.max(0, ...titleWords.map((written) => wordMatch(word, written)));
    const inOthers = Math.max(0, ...otherWords.map((written) => wordMatch(word, written)));
    // The title counts more than the other texts; a word matched only through an exonym counts least.
    points += inTitle > 0 ? inTitle * 2 : inOthers > 0 ? inOthers : 1;
    for (const written of titleWords) if (wordMatch(word, written) > 0) matched.add(written);
  }
  const closeness = points / (words.length * 6);
  // Rank in 0..999, higher better: how well the words matched, then how little else the title says.
  const score = Math.round(closeness * 900 + 99 * (words.length / Math.max(words.length, titleWords.length)));
  return {
    sortKey: `${pad(999 - score, 3)}|${registry}|${entry.kind}|${entry.ref}`,
    kind: entry.kind,
    ref: entry.ref,
    title: entry.title,
    matchedWords: [...matched],
    score,
  };
}
