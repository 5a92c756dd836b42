import { MemoryStore } from '../../shared/store/memory-store';
import { DocumentWrite, StoredDocument, StoreUnavailableError } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { EngineeringPersonDocument } from '../../subgraphs/engineering/documents';
import { LICENCE_NUMBERS_COLLECTION, licenceClaimWrites, LicenceNumberClaimDocument } from '../../subgraphs/engineering/licence-numbers';
import { EngineeringRepository } from '../../subgraphs/engineering/repository';
import { FaultyStore } from '../support/faulty-store';

/**
 * An engineer's record and its licence number's claim are written all or nothing (licence-numbers.ts);
 * on a server without transactions, step by step through the write journal. A process that stops
 * between the two steps leaves the record without its claim until recovery rolls the record back,
 * a lease and a grace later. A process starting meanwhile (the same one restarted, or a replica)
 * claims, at start, the numbers of engineers that have none (`claimHeldLicences`): it must not claim
 * the number of a record that write may yet undo, or the claim outlives the record and keeps the
 * number from every other engineer (audit, 2026-12-07).
 */

const LEASE_MS = 1_000;
/** Past a lease and its grace: what recovery waits for before it rolls back an intent left behind. */
const PAST_GRACE = 2 * LEASE_MS + 1;
const ENGINEER = '0061234508';
const NUMBER = '7-77-09999';

function handClock(start = Date.parse('2026-03-01T08:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

const engineer = (): EngineeringPersonDocument =>
  ({
    _id: ENGINEER,
    fullName: 'آزمون پروانه',
    nameKey: 'ازمون پروانه',
    licence: { number: NUMBER, discipline: 'CIVIL', grade: 'GRADE_2', provincialOrganisationId: 'engineering:tehran', validUntil: new Date('2029-01-01') },
  }) as unknown as EngineeringPersonDocument;

describe('licence-number claims made at start, beside a write of an engineer left unfinished', () => {
  it('leaves the number of a record an unfinished write may undo unclaimed, so that nothing is left claimed once recovery rolls it back', async () => {
    const database = new MemoryStore();
    const time = handClock();
    // The process that records the engineer: the database goes away after the intent and the record, before the claim.
    const writer = new FaultyStore(database, () => 0.9, { leaseMs: LEASE_MS, clock: time.clock });
    const next = engineer();
    // The write EngineeringRepository.writeEngineer makes for a new engineer with a licence.
    const writes: DocumentWrite[] = [{ collection: 'people', kind: 'insert', document: next }, ...licenceClaimWrites(ENGINEER, undefined, NUMBER, [])];
    writer.operations = 0;
    writer.failAfter = 2;
    await expect(writer.writeAll(writes)).rejects.toBeInstanceOf(StoreUnavailableError);
    // That process stops (its undo, owed, goes with it); the record stands, named by the write's intent.
    expect(await database.collection(INTENTS_COLLECTION).count({})).toBe(1);
    expect(await database.collection('people').count({ _id: ENGINEER })).toBe(1);

    // A process starts meanwhile: recovery leaves the intent (within its lease and grace), then the indexes are made.
    const starting = new FaultyStore(database, () => 0.9, { leaseMs: LEASE_MS, clock: time.clock });
    expect(await starting.recoverWrites()).toBe(0);
    await new EngineeringRepository(starting).claimHeldLicences();

    // Later, recovery rolls the unfinished write back.
    time.advance(PAST_GRACE);
    expect(await starting.recoverWrites()).toBe(1);
    expect(await database.collection('people').count({ _id: ENGINEER })).toBe(0);
    const claims = await database.collection<LicenceNumberClaimDocument & StoredDocument>(LICENCE_NUMBERS_COLLECTION).find({ _id: NUMBER });
    expect(claims.map((claim) => claim.nationalCode)).toEqual([]);
  });
});
