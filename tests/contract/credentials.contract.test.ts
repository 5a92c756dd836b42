import fc from 'fast-check';
import { credentialFilter, statusFilter } from '../../shared/credentials/filters';
import { keysetPage } from '../../shared/graphql/keyset-page';
import { Page } from '../../shared/graphql/pagination';
import { addDays, credentialStatus, CREDENTIAL_STATUSES, daysRemaining, Validity } from '../../shared/credentials/validity';
import { Store } from '../../shared/store/port';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { freshDatabaseName, storesUnderTest } from '../support/stores';

type Held = { _id: string; number: string; accreditation?: Validity & { certificateNumber: string } } & Validity;

const AS_OF_DAYS = ['2026-11-01', '2026-11-21', '2026-12-10'].map(instantOfIsoDate);

/** The same 80 credentials every run: days around the asOf days, some missing, some suspended or revoked. */
const validities: Validity[] = fc.sample(
  fc.record(
    {
      validFrom: fc.integer({ min: -40, max: 40 }).map((n) => addDays(instantOfIsoDate('2026-11-21'), n)),
      validUntil: fc.integer({ min: -40, max: 40 }).map((n) => addDays(instantOfIsoDate('2026-11-21'), n)),
      suspendedOn: fc.integer({ min: -40, max: 40 }).map((n) => addDays(instantOfIsoDate('2026-11-21'), n)),
      revokedOn: fc.integer({ min: -40, max: 40 }).map((n) => addDays(instantOfIsoDate('2026-11-21'), n)),
    },
    { requiredKeys: [] },
  ),
  { numRuns: 80, seed: 17025 },
);

const documents: Held[] = validities.map((v, i) => {
  const id = `c-${String(i).padStart(3, '0')}`;
  // Half kept as a collection of credentials, half embedded in a holder (`accreditation.`), as the registries do.
  return i % 2 === 0 ? { _id: id, number: id, ...v } : { _id: id, number: id, accreditation: { certificateNumber: id, ...v } };
});

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`credential status queries on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    const name = freshDatabaseName('credentials_contract');

    beforeAll(async () => {
      store = await candidate.open!(name);
      await store.collection<Held>('credentials').insertMany(documents);
    });
    afterAll(async () => {
      await store?.close();
      await candidate.drop?.(name);
    });

    const expectedIds = (keep: (v: Validity) => boolean, embedded: boolean) => documents.filter((_, i) => (i % 2 === 1) === embedded && keep(validities[i]!)).map((d) => d._id);

    it.each(AS_OF_DAYS.map((d) => [d.toISOString().slice(0, 10), d] as const))(
      'selects each status as credentialStatus derives it, on %s (days stored as dates, some missing)',
      async (_, asOf) => {
        const collection = store.collection<Held>('credentials');
        for (const status of CREDENTIAL_STATUSES) {
          const direct = await collection.find({ $and: [{ accreditation: { $exists: false } }, statusFilter(status, asOf)] }, { sort: { _id: 1 } });
          expect({ status, ids: direct.map((d) => d._id) }).toEqual({ status, ids: expectedIds((v) => credentialStatus(v, asOf) === status, false) });
          const embedded = await collection.find(credentialFilter([{ 'accreditation.certificateNumber': { $exists: true } }], { asOf, status }, 'accreditation.'), {
            sort: { _id: 1 },
          });
          expect({ status, ids: embedded.map((d) => d._id) }).toEqual({ status, ids: expectedIds((v) => credentialStatus(v, asOf) === status, true) });
        }
      },
    );

    it('selects those expiring within N days, and pages them by keyset with the right count', async () => {
      const asOf = AS_OF_DAYS[1]!;
      const filter = credentialFilter([{ accreditation: { $exists: false } }], { asOf, expiringWithinDays: 15 });
      const expected = expectedIds((v) => credentialStatus(v, asOf) === 'VALID' && (daysRemaining(v, asOf) ?? Infinity) <= 15, false);
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 20; i += 1) {
        const page: Page<Held> = await keysetPage(store.collection<Held>('credentials'), filter, { first: 3, after }, (d) => d._id);
        expect(page.totalCount).toBe(expected.length);
        seen.push(...page.nodes.map((d) => d._id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    });
  });
}
