import { HAS_VALUE, NO_VALUE, Store } from '../../shared/store/port';
import { electionStatus, statusFilter } from '../../subgraphs/guilds/elections/status';
import { ElectionDocument } from '../../subgraphs/guilds/elections/documents';
import { freshDatabaseName, storesUnderTest } from '../support/stores';

/** An election as stored, `result` possibly `null` (written by an earlier release). */
type Election = Pick<ElectionDocument, '_id' | 'opensAt' | 'endsAt'> & { result?: ElectionDocument['result'] | null };

const NOW = new Date('2026-12-07T12:00:00Z');
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000);
const RESULT = { publishedAt: day(-1) } as unknown as NonNullable<ElectionDocument['result']>;

/**
 * An election open now, stored three ways: without `result` (as written since 2026-12-07), with
 * `result: null` (as MongoDB kept a `result: undefined` written by earlier releases) and published.
 * `{ result: { $exists: false } }` took the second for published on MongoDB, so an open election
 * was listed among the published, and got no "opened" or "closed" event.
 */
const ELECTIONS: Election[] = [
  { _id: 'missing', opensAt: day(-2), endsAt: day(2) },
  { _id: 'stored-null', opensAt: day(-2), endsAt: day(2), result: null },
  { _id: 'published', opensAt: day(-9), endsAt: day(-3), result: RESULT },
];

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`a field that holds nothing, missing or null, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let store: Store;
    const name = freshDatabaseName('no_value_contract');

    beforeAll(async () => {
      store = await candidate.open!(name);
      await store.collection<Election>('elections').insertMany(ELECTIONS);
    });
    afterAll(async () => {
      await store?.close();
      await candidate.drop?.(name);
    });

    const ids = async (filter: Record<string, unknown>) => (await store.collection<Election>('elections').find(filter, { sort: { _id: 1 } })).map((e) => e._id);

    it('is found by NO_VALUE and not by HAS_VALUE, whichever way it was stored', async () => {
      expect(await ids({ result: NO_VALUE })).toEqual(['missing', 'stored-null']);
      expect(await ids({ result: HAS_VALUE })).toEqual(['published']);
    });

    it('puts each election under the status electionStatus gives it', async () => {
      for (const status of ['SCHEDULED', 'OPEN', 'CLOSED', 'PUBLISHED'] as const) {
        const expected = ELECTIONS.filter((election) => electionStatus(election as Pick<ElectionDocument, 'opensAt' | 'endsAt' | 'result'>, NOW) === status).map((e) => e._id);
        expect({ status, ids: await ids(statusFilter(status, NOW)) }).toEqual({ status, ids: expected.sort() });
      }
    });
  });
}
