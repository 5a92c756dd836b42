import { afterKey } from '../graphql/keyset-page';
import { DuplicateKeyError, Filter, Store, StoreCollection, StoredDocument } from '../store/port';
import { anyWriteInFlight } from '../store/write-journal';
import { EventDraft, OUTBOX_COLLECTIONS } from './events';
import { Outbox } from './outbox';

/**
 * Events no change writes, because what causes them is a date passing (a licence entering its last
 * month, an election opening, a resolution falling due). `due(from, to)` gives, batch by batch, the
 * events of the moments in (from, to], each with a `once` key naming its record and its moment, so
 * that however many scans (or replicas) see the same moment, its event is written once.
 */
export interface DueEventSource {
  /** Where the scan's progress is kept: unique in the registry. */
  name: string;
  due(from: Date, to: Date): AsyncIterable<EventDraft[]>;
}

/** How far a source's scan has looked: up to `until`. */
interface ScanDocument extends StoredDocument {
  until: Date;
}

/** Documents read per batch by a source's scan. */
export const SCAN_BATCH = 200;

/**
 * The documents of `collection` matching `filter`, `SCAN_BATCH` at a time in `keyField` order
 * (a keyset page after the last key of the one before): how a source walks what a scan finds.
 */
export async function* inBatches<T extends StoredDocument>(
  collection: StoreCollection<T>,
  filter: Filter,
  keyField = '_id',
  keyOf: (document: T) => string = (document) => document._id,
): AsyncIterable<T[]> {
  let after: string | undefined;
  for (;;) {
    const page = await collection.find(after === undefined ? filter : afterKey(filter, keyField, after), { sort: { [keyField]: 1 }, limit: SCAN_BATCH });
    if (page.length > 0) yield page;
    if (page.length < SCAN_BATCH) return;
    after = keyOf(page[page.length - 1]!);
  }
}

/**
 * Runs a registry's date sources: each from where its last scan stopped (the first time, from
 * `firstLookbackMs` ago) to now, writing the events they give through the outbox (an event whose
 * `once` key is written already is left out), then moving its progress on. A scan cut off is
 * taken up again from where it stopped, and writes nothing twice.
 */
export class DateScanner {
  private readonly outbox: Outbox;
  private readonly scans: StoreCollection<ScanDocument>;

  constructor(
    private readonly store: Store,
    private readonly sources: readonly DueEventSource[],
    private readonly firstLookbackMs: number,
  ) {
    this.outbox = new Outbox(store);
    this.scans = store.collection<ScanDocument>(OUTBOX_COLLECTIONS.scans);
  }

  /**
   * Scans every source up to `now`; returns the events written. While any write is in flight it
   * scans nothing and keeps its progress (the next scan looks again): a write a stopped process left
   * half-done is rolled back a lease and a grace later, and a date its documents show (a credential
   * renewed or issued half-way) would otherwise give an event, written once for good, of a change never made.
   * It looks again after reading each batch, before writing its events: a write that began after
   * the first look (its intent is written before its documents) may have changed what the batch read
   * (audit, 2026-12-07); then the scan stops there, this source's progress kept.
   */
  async scan(now: Date): Promise<number> {
    if (await anyWriteInFlight(this.store)) return 0;
    let written = 0;
    for (const source of this.sources) {
      const [progress] = await this.scans.find({ _id: source.name });
      const from = progress?.until ?? new Date(now.getTime() - this.firstLookbackMs);
      if (from.getTime() >= now.getTime()) continue;
      let heldBack = false;
      for await (const drafts of source.due(from, now)) {
        // Looked at again once the batch is read: a write that began after the first look and changed what was read shows its intent now.
        if (await anyWriteInFlight(this.store)) {
          heldBack = true;
          break;
        }
        written += (await this.outbox.writeWith([], drafts, { at: now })).length;
      }
      // This source's progress stays where it was: the next scan reads the moments again (each event is written once either way).
      if (heldBack) return written;
      const next: ScanDocument = { _id: source.name, until: now };
      try {
        // Another replica's scan may have moved it on meanwhile: its progress stands (the events are written once either way).
        if (progress) await this.scans.replaceIfUnchanged(progress, next);
        else await this.scans.insertOne(next);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
    return written;
  }
}
