import { SEARCH_COLLECTION, SearchEntryDocument } from '../../shared/search/documents';
import { prepareStore } from '../../shared/server/run';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoreUnavailableError } from '../../shared/store/port';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { FaultyStore } from '../support/faulty-store';

/**
 * A change of a record is written with a marker naming it (`searchIndexPending`), then the record,
 * then its search entry. A process that stops after the record's step, before its write committed,
 * leaves the record to be rolled back by recovery a lease and a grace later. A process starting
 * meanwhile repairs the markers at start (`SearchIndex.sync`): it must not index the record as the
 * unfinished write left it and drop the marker, or, once recovery rolls the record back, its entry
 * shows (to anyone who searches) a change that was never made, until that record changes again
 * (audit, 2026-12-07).
 */

const LEASE_MS = 1_000;
const PAST_GRACE = 2 * LEASE_MS + 1;
const RENAMED = 'نام ناتمام آزمون';

/** The time the writers and recovery see, moved on by the test. */
class TestClock {
  now = Date.parse('2026-12-04T08:00:00Z');
  read = (): Date => new Date(this.now);
}

/**
 * Makes `write` through a database that goes away after 0, 1, 2... operations until one try is
 * cut off after its record landed (`landed`) and before the write committed; a try cut elsewhere is
 * rolled back (and the index synced) before the next.
 */
async function cutAfterItsRecord(
  database: MemoryStore,
  clock: TestClock,
  write: (repository: GuildsRepository) => Promise<unknown>,
  landed: () => Promise<boolean>,
): Promise<void> {
  for (let failAfter = 0; failAfter < 30; failAfter += 1) {
    const writer = new FaultyStore(database, () => 0.9, { leaseMs: LEASE_MS, clock: clock.read });
    writer.operations = 0;
    writer.failAfter = failAfter;
    await expect(write(new GuildsRepository(writer))).rejects.toBeInstanceOf(StoreUnavailableError);
    if (await landed()) return;
    clock.now += PAST_GRACE;
    await new FaultyStore(database, () => 0.9, { leaseMs: LEASE_MS, clock: clock.read }).recoverWrites();
    await new GuildsRepository(database).searchIndex.sync();
  }
  throw new Error('no try was cut off after the record landed');
}

describe('search entries repaired at start, beside a write left unfinished', () => {
  it('never keeps the entry of a change recovery rolled back', async () => {
    const database = new MemoryStore();
    await prepareStore(guildsSubgraph.create(database), { seedDemoData: true });
    const reader = new GuildsRepository(database);
    const [code] = await reader.memberCodes(null, 1);
    const [previous] = await reader.findPeople([code!]);
    const clock = new TestClock();

    // The writer: its marker, its intent and the record land; the database goes away before the write commits.
    // (A rename with its event: the record and the event written all or nothing, through the write journal.)
    const event = { type: 'member.changed', record: { type: 'MEMBER', id: `guilds:member:${code!}` }, organisationId: null, data: {} };
    await cutAfterItsRecord(
      database,
      clock,
      (repository) => repository.replacePerson(previous!, { ...previous!, fullName: RENAMED }, [event]),
      async () => (await database.collection<{ _id: string; fullName: string }>('people').find({ _id: code! }))[0]!.fullName === RENAMED,
    );

    // That process is gone; a new one starts at once: recovery leaves the write (within its lease and grace), then the index is synced.
    const starting = new FaultyStore(database, () => 0.9, { leaseMs: LEASE_MS, clock: clock.read });
    expect(await starting.recoverWrites()).toBe(0);
    await new GuildsRepository(starting).searchIndex.sync();

    // Later, recovery rolls the rename back, and the process syncs on its next start.
    clock.now += PAST_GRACE;
    expect(await starting.recoverWrites()).toBe(1);
    expect((await database.collection('people').find({ _id: code! }))[0]).toMatchObject({ fullName: previous!.fullName });
    await new GuildsRepository(starting).searchIndex.sync();
    const entries = await database.collection<SearchEntryDocument>(SEARCH_COLLECTION).find({ ref: code!, kind: 'PERSON' });
    expect(entries.map((entry) => entry.title)).toEqual([previous!.fullName]);
  });

  it('never keeps the entry of a record whose insertion recovery rolled back (the kind rebuilt at start, its counts apart)', async () => {
    const database = new MemoryStore();
    await prepareStore(guildsSubgraph.create(database), { seedDemoData: true });
    const reader = new GuildsRepository(database);
    const [model] = await reader.findPeople([(await reader.memberCodes(null, 1))[0]!]);
    const added = { ...model!, _id: '9900000001', fullName: RENAMED };
    const clock = new TestClock();
    await cutAfterItsRecord(
      database,
      clock,
      (repository) => repository.insertPerson(added),
      async () => (await database.collection('people').count({ _id: added._id })) === 1,
    );

    // A process starts at once: recovery leaves the write, then the index is synced (the people's entries one short of the records).
    const starting = new FaultyStore(database, () => 0.9, { leaseMs: LEASE_MS, clock: clock.read });
    expect(await starting.recoverWrites()).toBe(0);
    await new GuildsRepository(starting).searchIndex.sync();
    clock.now += PAST_GRACE;
    expect(await starting.recoverWrites()).toBe(1);
    expect(await database.collection('people').count({ _id: added._id })).toBe(0);
    expect(await database.collection<SearchEntryDocument>(SEARCH_COLLECTION).find({ ref: added._id })).toEqual([]);
  });
});
