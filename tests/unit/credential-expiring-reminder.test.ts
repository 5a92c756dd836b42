import { CatalogSource } from '../../shared/credentials/catalog';
import { credentialDateSources } from '../../shared/credentials/events';
import { credentialFilter } from '../../shared/credentials/filters';
import { DateScanner } from '../../shared/outbox/date-scan';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from '../../shared/outbox/events';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { LABS_CREDENTIAL_KINDS } from '../../subgraphs/labs/credential-kinds';

/**
 * The date scan's `credential.expiring` reminder comes once per credential and last valid day, also
 * for a credential issued or renewed already inside its last days. The scan reads the stored days:
 * such a credential was, as stored now, inside the window the day before too, so a scan that looked
 * only for credentials that entered the window since the day before never wrote its reminder (audit, 2026-12-07).
 */

interface Accreditation extends StoredDocument {
  validFrom: Date;
  validUntil: Date;
}

const day = (iso: string): Date => instantOfIsoDate(iso);

function scannerOf(store: MemoryStore): DateScanner {
  const collection = store.collection<Accreditation>('accreditations');
  const source: CatalogSource<Accreditation> = {
    kind: 'LAB_ACCREDITATION',
    collection,
    filter: (criteria) => credentialFilter([], criteria),
    keyField: '_id',
    facts: (document) => ({
      key: document._id,
      number: document._id,
      title: 'accreditation',
      holder: { organisationId: 'labs:lab-0001' },
      validity: { validFrom: document.validFrom, validUntil: document.validUntil },
    }),
  };
  return new DateScanner(store, credentialDateSources('labs', LABS_CREDENTIAL_KINDS, [source as unknown as CatalogSource], 30), 86_400_000);
}

const reminders = async (store: MemoryStore): Promise<string[]> =>
  (await store.collection<OutboxEventDocument>(OUTBOX_COLLECTIONS.events).find({ type: 'credential.expiring' })).map(
    (event) => `${event.record.id} ${(event.data as { validUntil: { iso: string } }).validUntil.iso}`,
  );

describe('the credential.expiring reminder', () => {
  it('is written for a credential issued already inside its last days, valid from the day it is issued', async () => {
    const store = new MemoryStore();
    const scanner = scannerOf(store);
    await scanner.scan(new Date('2026-12-07T01:00:00Z'));
    // Issued on 2026-12-07, valid from that day, last valid on 2026-12-17: ten days left.
    await store.collection<Accreditation>('accreditations').insertOne({ _id: 'A', validFrom: day('2026-12-07'), validUntil: day('2026-12-17') });

    await scanner.scan(new Date('2026-12-08T00:05:00Z'));
    await scanner.scan(new Date('2026-12-09T00:05:00Z'));

    expect(await reminders(store)).toEqual(['labs:lab-accreditation:A 2026-12-17']);
  });

  it('is written again, once, for a renewal to a last valid day still inside the window', async () => {
    const store = new MemoryStore();
    const scanner = scannerOf(store);
    const accreditations = store.collection<Accreditation>('accreditations');
    await accreditations.insertOne({ _id: 'B', validFrom: day('2026-01-01'), validUntil: day('2026-12-20') });
    await scanner.scan(new Date('2026-11-19T00:05:00Z'));
    await scanner.scan(new Date('2026-11-20T00:05:00Z'));
    await scanner.scan(new Date('2026-12-07T00:05:00Z'));
    expect(await reminders(store)).toEqual(['labs:lab-accreditation:B 2026-12-20']);

    // Renewed on 2026-12-07 by ten days only: its new last day is inside the window already.
    const [stored] = await accreditations.find({ _id: 'B' });
    await accreditations.replaceIfUnchanged(stored!, { ...stored!, validUntil: day('2026-12-30') });
    await scanner.scan(new Date('2026-12-08T00:05:00Z'));
    await scanner.scan(new Date('2026-12-09T00:05:00Z'));

    expect(await reminders(store)).toEqual(['labs:lab-accreditation:B 2026-12-20', 'labs:lab-accreditation:B 2026-12-30']);
  });
});
