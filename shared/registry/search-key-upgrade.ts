import { SearchIndex } from '../search/index';
import { Store, StoreCollection, StoredDocument } from '../store/port';
import { writesInFlight } from '../store/write-journal';
import { SEARCH_KEY_RULES } from '../text/normalize';

/** The `_meta` document naming the `searchKey` rules the registry's stored keys were made under. */
export const SEARCH_KEY_RULES_MARKER = 'search-key-rules';
const BATCH = 500;

interface RulesMarker extends StoredDocument {
  rules: number;
  at: Date;
}

/** A key the documents of a collection store, derived from their own text (undefined: a document has none to derive). */
export interface StoredKey<T extends StoredDocument = StoredDocument> {
  collection: string;
  field: string;
  derive: (document: T) => string | undefined;
}

/**
 * At start: when the registry's keys were stored under other `searchKey` rules than this release's
 * (`SEARCH_KEY_RULES`; none recorded: an earlier release), writes each stored key again as this
 * release derives it, then every search index entry, then records the rules. Until then a name
 * stored under the older rules is not found by its new key: an organisation's duplicate-name check
 * misses it (a second «Lab ৭» under the same parent) and a list's `search` does not list it.
 *
 * Safe to run twice, and by every process of a replica set at once: each document is rewritten
 * only when its key differs, with `replaceIfUnchanged` (one changed since it was read is read
 * again), never one a write in flight names (its recovery must find it as that write left it), and
 * the rules are recorded last, only when every key was written, so a start cut short, or one that
 * left a key behind, does it again next time. A process of the older release still writing during
 * a rolling upgrade can store an old key after this: upgrade every process, then restart one. Returns how many keys it rewrote (0 when the rules match).
 */
export async function upgradeSearchKeys(store: Store, keys: readonly StoredKey[], searchIndex: SearchIndex): Promise<number> {
  const markers = store.collection<RulesMarker>('_meta');
  const [marker] = await markers.find({ _id: SEARCH_KEY_RULES_MARKER });
  if (marker?.rules === SEARCH_KEY_RULES) return 0;
  let rewritten = 0;
  let unsettled = 0;
  for (const key of keys) {
    const counted = await rederive(store, key);
    rewritten += counted.rewritten;
    unsettled += counted.unsettled;
  }
  await searchIndex.reindexAll();
  if (unsettled === 0) await markers.upsertOne({ _id: SEARCH_KEY_RULES_MARKER, rules: SEARCH_KEY_RULES, at: new Date() });
  return rewritten;
}

const REWRITE_TRIES = 3;

/**
 * Writes `document`'s key as derived now, read again after a conflict (a change made meanwhile may
 * have copied the old key along with the rest of the document); true once written, or found
 * derived by another writer. Left as it is after `REWRITE_TRIES`: false.
 */
async function rewriteKey(collection: StoreCollection<StoredDocument>, key: StoredKey, read: StoredDocument): Promise<boolean> {
  let document: StoredDocument | undefined = read;
  for (let attempt = 0; attempt < REWRITE_TRIES && document; attempt += 1) {
    const derived = key.derive(document);
    if (derived === undefined || (document as unknown as Record<string, unknown>)[key.field] === derived) return true;
    if (await collection.replaceIfUnchanged(document, { ...document, [key.field]: derived })) return true;
    [document] = await collection.find({ _id: read._id });
  }
  return !document;
}

async function rederive(store: Store, key: StoredKey): Promise<{ rewritten: number; unsettled: number }> {
  const collection = store.collection<StoredDocument>(key.collection);
  let rewritten = 0;
  let unsettled = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await collection.find(after === null ? {} : { _id: { $gt: after } }, { sort: { _id: 1 }, limit: BATCH });
    if (batch.length === 0) return { rewritten, unsettled };
    after = batch[batch.length - 1]!._id;
    const stale = batch.filter((document) => {
      const derived = key.derive(document);
      return derived !== undefined && (document as unknown as Record<string, unknown>)[key.field] !== derived;
    });
    const inFlight = await writesInFlight(
      store,
      key.collection,
      stale.map((document) => document._id),
    );
    for (const document of stale) {
      if (inFlight.has(document._id)) unsettled += 1;
      else if (await rewriteKey(collection, key, document)) rewritten += 1;
      else unsettled += 1;
    }
  }
}
