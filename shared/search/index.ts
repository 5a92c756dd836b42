import { randomUUID } from 'node:crypto';
import { Store, StoreCollection, StoredDocument, StoreUnavailableError } from '../store/port';
import { writesInFlight } from '../store/write-journal';
import { SEARCH_COLLECTION, SEARCH_PENDING_COLLECTION, SearchEntryDocument } from './documents';
import { searchPosition } from './positions';
import { SearchHit, SearchQuery, SearchSlice } from './query';
import { entryId, SEARCH_SOURCES, searchEntry, SearchSource } from './sources';
import { QueryWord, queryWords, wordMatch, wordsOf } from './terms';

/** How many matching entries one registry ranks for a query; past it, the best of those (in index order) are ranked. */
export const MAX_RANKED = 5_000;
const BATCH = 1_000;
/** What ranking reads of an entry: everything but its terms, the bulk of it. */
const RANKED_FIELDS = ['kind', 'ref', 'title', 'texts'];
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Records about to be written whose entries will follow: what the next start re-indexes if the writer stopped in between. */
interface PendingDocument extends StoredDocument {
  records: { collection: string; id: string }[];
  at: Date;
}

/** One record written with its entry (see `SearchIndex.indexedWrite`). */
export interface IndexedRecord {
  collection: string;
  document: StoredDocument;
}

/**
 * A registry's search index: one entry per person, organisation, project, meeting and resolution,
 * in its own collection, looked up through a multikey index on `terms` (the same lookup on
 * MongoDB and in the embedded store, whose field index holds each element of an array).
 *
 * Entries are derived from the records and written after them. What keeps them true to the
 * records: a change is written through `indexedWrite`, which first records durably which records
 * it is about to write (`searchIndexPending`), then writes them, then their entries, then drops
 * that marker; `sync`, at every start, re-indexes the records of every marker left behind (a
 * process killed, or a database gone, between a record's write and its entry's), and rebuilds a
 * kind whose number of entries differs from its number of records (after a bulk load).
 */
export class SearchIndex {
  private readonly entries: StoreCollection<SearchEntryDocument>;
  private readonly pending: StoreCollection<PendingDocument>;

  constructor(
    private readonly store: Store,
    private readonly sources: readonly SearchSource[] = SEARCH_SOURCES,
  ) {
    this.entries = store.collection(SEARCH_COLLECTION);
    this.pending = store.collection(SEARCH_PENDING_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.entries.ensureIndex({ name: 'searchEntries_terms', keys: { terms: 1 } });
    await this.entries.ensureIndex({ name: 'searchEntries_by_kind', keys: { kind: 1 } });
  }

  /**
   * At start: re-indexes the records named by markers left behind (see the class), then builds
   * the entries of each kind whose number differs from its records' (all of them the first time,
   * and after a load of demo or scale data), but not of a record that a write in flight names: that
   * write may yet be rolled back (its marker is kept for a later start). Returns how many entries it wrote.
   */
  async sync(): Promise<number> {
    let written = await this.repairPending();
    for (const source of this.sources) {
      const records = this.store.collection<StoredDocument>(source.collection);
      if ((await records.count({})) === (await this.entries.count({ kind: source.kind }))) continue;
      await this.entries.deleteMany({ kind: source.kind });
      written += await this.indexAll(source);
    }
    return written;
  }

  /**
   * Writes again the entry of every record, of every kind, as this release makes it: after the
   * rules that make a word's terms changed (`SEARCH_KEY_RULES`), an entry written before holds
   * terms a query no longer looks up. Upserts only (no entry is dropped first), so a search keeps
   * finding what it found meanwhile, and two processes doing it at once write the same entries.
   */
  async reindexAll(): Promise<number> {
    let written = 0;
    for (const source of this.sources) written += await this.indexAll(source);
    return written;
  }

  /** Upserts the entries of every record of `source`'s collection, in batches, but not of a record a write in flight names. */
  private async indexAll(source: SearchSource): Promise<number> {
    const records = this.store.collection<StoredDocument>(source.collection);
    let written = 0;
    let after: string | null = null;
    for (;;) {
      const batch: StoredDocument[] = await records.find(after === null ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: BATCH });
      if (batch.length === 0) return written;
      // A record an unfinished write still names is left to that write's marker (see repairPending).
      const unsettled = await writesInFlight(
        this.store,
        source.collection,
        batch.map((document) => document._id),
      );
      const settled = batch.filter((document) => !unsettled.has(document._id));
      await this.entries.upsertMany(settled.map((document) => searchEntry(source, document)));
      written += settled.length;
      after = batch[batch.length - 1]!._id;
    }
  }

  /**
   * Each record a marker names indexed as it is stored now (its entry removed when it is gone), then
   * the marker dropped. A marker naming a record that a write in flight still names (one left
   * unfinished by a stopped process, rolled back by recovery a lease and a grace later) is kept for
   * a later start: indexed now, the record's entry would keep the change recovery then undoes.
   */
  private async repairPending(): Promise<number> {
    let repaired = 0;
    let after: string | undefined;
    for (;;) {
      const markers = await this.pending.find(after === undefined ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: BATCH });
      if (markers.length === 0) return repaired;
      after = markers[markers.length - 1]!._id;
      const unsettled = await this.recordsInFlight(markers);
      for (const marker of markers) {
        if (marker.records.some(({ collection, id }) => unsettled.has(`${collection}\u0000${id}`))) continue;
        for (const { collection, id } of marker.records) {
          const source = this.sourceOf(collection);
          if (!source) continue;
          const [record] = await this.store.collection<StoredDocument>(collection).find({ _id: id });
          if (record) await this.entries.upsertOne(searchEntry(source, record));
          else await this.entries.deleteMany({ _id: entryId(source.kind, id) });
          repaired += 1;
        }
        await this.pending.deleteMany({ _id: marker._id });
      }
    }
  }

  /** The records these markers name that a write in flight still names, as `<collection>\u0000<id>`. */
  private async recordsInFlight(markers: readonly PendingDocument[]): Promise<Set<string>> {
    const byCollection = new Map<string, string[]>();
    for (const { collection, id } of markers.flatMap((marker) => marker.records)) byCollection.set(collection, [...(byCollection.get(collection) ?? []), id]);
    const unsettled = new Set<string>();
    for (const [collection, ids] of byCollection) for (const id of await writesInFlight(this.store, collection, ids)) unsettled.add(`${collection}\u0000${id}`);
    return unsettled;
  }

  /**
   * Writes records (`write`, e.g. one `writeAll`) together with their entries: a marker naming
   * them first, so that if this process stops before their entries are written, the next start
   * writes them (see `sync`). A write the database cut off leaves the marker (a re-index is harmless).
   */
  async indexedWrite<R>(records: readonly IndexedRecord[], write: () => Promise<R>): Promise<R> {
    const indexed = records.filter(({ collection }) => this.sourceOf(collection));
    if (indexed.length === 0) return write();
    const marker: PendingDocument = { _id: randomUUID(), records: indexed.map(({ collection, document }) => ({ collection, id: document._id })), at: new Date() };
    await this.pending.insertOne(marker);
    let result: R;
    try {
      result = await write();
    } catch (error) {
      // Refused (a conflict, a duplicate, bad input): nothing was written. Cut off by the database: it may have been, so the marker stays.
      if (!(error instanceof StoreUnavailableError)) await this.pending.deleteMany({ _id: marker._id }).catch(() => undefined);
      throw error;
    }
    let complete = true;
    for (const { collection, document } of indexed) complete = (await this.put(collection, document)) && complete;
    if (complete) await this.pending.deleteMany({ _id: marker._id }).catch(() => undefined);
    return result;
  }

  /**
   * Adds or replaces the entry of one record just written (of `collection`): one upsert. The
   * record is written whatever happens here: the index is derived from it, so a failure to index
   * (the database gone just after the write) does not turn a change that was made into one the
   * caller is told failed; it returns false, and the entry is repaired at the next start when the
   * write went through `indexedWrite`.
   */
  async put(collection: string, document: StoredDocument): Promise<boolean> {
    const source = this.sourceOf(collection);
    if (!source) return true;
    try {
      await this.entries.upsertOne(searchEntry(source, document));
      return true;
    } catch {
      this.missed += 1;
      return false;
    }
  }

  /** Removes the entry of a record of `collection` that is gone (false when the database failed, as `put`). */
  async remove(collection: string, id: string): Promise<boolean> {
    const source = this.sourceOf(collection);
    if (!source) return true;
    try {
      await this.entries.deleteMany({ _id: entryId(source.kind, id) });
      return true;
    } catch {
      this.missed += 1;
      return false;
    }
  }

  /** How many records this process wrote but could not index (see `put`). */
  missed = 0;

  private sourceOf(collection: string): SearchSource | undefined {
    return this.sources.find((candidate) => candidate.collection === collection);
  }

  /**
   * This registry's slice of a search: how many entries match every word, and the first
   * `size + 1` after `afterKey` in rank order (best first, then registry, kind and position:
   * positions.ts, never a national code).
   */
  async search(query: SearchQuery, registry: string): Promise<SearchSlice> {
    const words = queryWords(query.text);
    if (words.length === 0) return { totalCount: 0, hits: [] };
    const filter = {
      $and: [...words.map((word) => ({ terms: { $in: word.terms } })), ...(query.kinds?.length ? [{ kind: { $in: query.kinds } }] : [])],
    };
    const [matching, counted] = await Promise.all([this.entries.find(filter, { limit: MAX_RANKED, fields: RANKED_FIELDS }), this.entries.count(filter)]);
    const ranked = matching
      .map((entry) => hitOf(registry, entry, words))
      .filter((hit) => query.afterKey === null || query.afterKey === undefined || hit.sortKey > query.afterKey)
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const hits: SearchHit[] = [];
    let gone = 0;
    for (let from = 0; hits.length < query.size + 1 && from < ranked.length;) {
      const candidates = ranked.slice(from, from + query.size + 1 - hits.length);
      from += candidates.length;
      const held = await this.heldOf(candidates);
      for (const hit of candidates) if (held.has(entryId(hit.kind, hit.ref))) hits.push(hit);
      gone += candidates.length - held.size;
    }
    return { totalCount: Math.max(0, counted - gone), hits };
  }

  /**
   * The entries of `hits` whose records are still stored, by entry id; the entries of those that are
   * not are dropped. A record removed around `indexedWrite` (an operator deleting a member who left
   * or asked to be erased) left its entry, title and all, found by anyone who searched for the name
   * under the registry's name until its next start rebuilt the kind (audit, 2026-12-07).
   */
  private async heldOf(hits: readonly SearchHit[]): Promise<Set<string>> {
    const held = new Set<string>();
    const kinds = [...new Set(hits.map((hit) => hit.kind))];
    for (const kind of kinds) {
      const source = this.sources.find((candidate) => candidate.kind === kind);
      const refs = hits.filter((hit) => hit.kind === kind).map((hit) => hit.ref);
      const stored = source ? await this.store.collection<StoredDocument>(source.collection).find({ _id: { $in: refs } }, { fields: [] }) : [];
      for (const record of stored) held.add(entryId(kind, record._id));
      const orphans = refs.filter((ref) => !held.has(entryId(kind, ref))).map((ref) => entryId(kind, ref));
      if (orphans.length > 0) await this.entries.deleteMany({ _id: { $in: orphans } }).catch(() => undefined);
    }
    return held;
  }
}

/** The best match of `word` among `written` (see wordMatch), stopping at a whole word. */
function bestMatch(word: QueryWord, written: readonly string[]): number {
  let best = 0;
  for (const one of written) {
    best = Math.max(best, wordMatch(word, one));
    if (best === 3) break;
  }
  return best;
}

/** An entry of `registry` as a hit: the words of its title the query words matched, and its rank. */
function hitOf(registry: string, entry: SearchEntryDocument, words: readonly QueryWord[]): SearchHit {
  const titleWords = wordsOf(entry.title);
  let otherWords: string[] | undefined;
  const matched = new Set<string>();
  let points = 0;
  for (const word of words) {
    let inTitle = 0;
    for (const written of titleWords) {
      const match = wordMatch(word, written);
      if (match > 0) matched.add(written);
      inTitle = Math.max(inTitle, match);
    }
    // The title counts more than the other texts; a word matched only through an exonym counts least.
    if (inTitle > 0) points += inTitle * 2;
    else {
      otherWords ??= entry.texts.flatMap(wordsOf);
      points += bestMatch(word, otherWords) || 1;
    }
  }
  const closeness = points / (words.length * 6);
  // Rank in 0..999, higher better: how well the words matched, then how little else the title says.
  const score = Math.round(closeness * 900 + 99 * (words.length / Math.max(words.length, titleWords.length)));
  return {
    sortKey: `${pad(999 - score, 3)}|${registry}|${entry.kind}|${searchPosition(registry, entry.kind, entry.ref)}`,
    kind: entry.kind,
    ref: entry.ref,
    title: entry.title,
    matchedWords: [...matched],
    score,
  };
}
