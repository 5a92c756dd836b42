import { DuplicateKeyError, Store, StoreCollection, StoredDocument } from '../store/port';

/** Some documents of one collection: what a scale-data generator yields, one at a time. */
export interface DocumentBatch {
  collection: string;
  documents: StoredDocument[];
}

export const DEFAULT_BATCH_SIZE = 1_000;

/**
 * Yields `make(0)` ... `make(count - 1)` for one collection in batches of at most `batchSize`,
 * building each batch only when asked, so a caller holds one batch at a time. `make` may return
 * several documents for one index, or none.
 */
export function* inBatches<T extends StoredDocument>(
  collection: string,
  count: number,
  make: (index: number) => T | readonly T[] | undefined,
  batchSize: number = DEFAULT_BATCH_SIZE,
): Generator<DocumentBatch> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number from 1 up; got ${batchSize}`);
  const documents: StoredDocument[] = [];
  for (let index = 0; index < count; index += 1) {
    const made = make(index);
    if (made === undefined) continue;
    if (Array.isArray(made)) documents.push(...(made as readonly T[]));
    else documents.push(made as T);
    while (documents.length >= batchSize) yield { collection, documents: documents.splice(0, batchSize) };
  }
  if (documents.length > 0) yield { collection, documents };
}

/** A document as text with its keys sorted, to tell whether a stored copy differs from a generated one. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Writes what of a batch the collection lacks or holds differently, after one `$in` read of the stored copies. */
async function writeDifferences(collection: StoreCollection<StoredDocument>, documents: StoredDocument[]): Promise<void> {
  const stored = await collection.find({ _id: { $in: documents.map((document) => document._id) } });
  const storedText = new Map(stored.map((document) => [document._id, canonical(document)]));
  const differing = documents.filter((document) => storedText.get(document._id) !== canonical(document));
  if (differing.length > 0) await collection.upsertMany(differing);
}

/**
 * Writes batches into a store, one after another (the next batch is generated only once the last
 * is written), so that afterwards the store holds every document as generated: loading the same
 * batches twice leaves the same documents, as `upsertMany` of every batch would.
 *
 * On a database, faster than that. When a collection lacks the first document of its first batch
 * (a first load), its batches are inserted; when it holds it (a repeated or resumed load), or once
 * an insert meets a document already there, each batch is compared with the stored copies (one
 * `$in` read) and only the missing or different documents are written. (FerretDB's SQLite backend
 * finds a document by `_id` with a scan, so upserting document by document grows with the
 * collection; inserting does not.) Returns how many documents the batches held.
 */
export async function loadBatches(store: Store, batches: Iterable<DocumentBatch>): Promise<{ documents: number }> {
  const modes = new Map<string, 'insert' | 'compare'>();
  let documents = 0;
  for (const batch of batches) {
    const collection = store.collection<StoredDocument>(batch.collection);
    documents += batch.documents.length;
    if (store.kind === 'memory') {
      // In-process writes cost less than comparing: upsert everything.
      await collection.upsertMany(batch.documents);
      continue;
    }
    let mode = modes.get(batch.collection);
    if (mode === undefined) {
      const first = batch.documents[0];
      mode = first && (await collection.find({ _id: first._id }, { limit: 1 })).length === 0 ? 'insert' : 'compare';
      modes.set(batch.collection, mode);
    }
    if (mode === 'insert') {
      try {
        await collection.insertMany(batch.documents);
        continue;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
        modes.set(batch.collection, 'compare');
      }
    }
    await writeDifferences(collection, batch.documents);
  }
  return { documents };
}
