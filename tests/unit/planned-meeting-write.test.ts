import { seededRandom } from '../../shared/demo/builders';
import { MeetingDocument, ResolutionDocument } from '../../shared/governance/documents';
import { GovernanceRepository } from '../../shared/governance/repository';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoreUnavailableError } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { FaultyStore } from '../support/faulty-store';

const LEASE_MS = 1_000;
const DAY = new Date('2026-03-01T00:00:00Z');
const SERIES = 'x:series';
const MEETING = `${SERIES}/0013`;

const planned: MeetingDocument = { _id: MEETING, seriesId: SERIES, number: 13, status: 'PLANNED', hostId: 'x:host', attendees: [], agenda: ['a'] };
const held: MeetingDocument = { ...planned, status: 'HELD', startsOn: DAY, endsOn: DAY };
const resolutions: ResolutionDocument[] = [1, 2].map((i) => ({
  _id: `${MEETING}/r0${i}`,
  meetingId: MEETING,
  seriesId: SERIES,
  number: i,
  text: 'r',
  responsibleId: 'x:host',
  cooperatingIds: [],
  dueDate: DAY,
  dueKey: `2026-03-01|${MEETING}/r0${i}`,
  status: 'OPEN',
}));

describe('a planned meeting recorded as held, cut off by a database that goes away after a random operation (embedded store, fault injected)', () => {
  it('is, after recovery, held with all its resolutions or still planned with none', async () => {
    const random = seededRandom(20261204);
    let cut = 0;
    for (let k = 0; k < 30; k += 1) {
      for (let run = 0; run < 4; run += 1) {
        let now = Date.parse('2026-03-01T08:00:00Z');
        const inner = new MemoryStore();
        await inner.collection<MeetingDocument>('meetings').insertOne(planned);
        const [read] = await inner.collection<MeetingDocument>('meetings').find({ _id: MEETING });
        const store = new FaultyStore(inner, random, { leaseMs: LEASE_MS, clock: () => new Date(now) });
        store.failAfter = k;
        const told = await new GovernanceRepository(store).recordPlannedMeeting(read!, held, resolutions).then(
          () => true,
          (error: unknown) => {
            if (!(error instanceof StoreUnavailableError)) throw error;
            if (error.interruptedWrite) cut += 1;
            return false;
          },
        );
        store.heal();
        now += 2 * LEASE_MS + 1;
        await store.recoverWrites();
        const [meeting] = await inner.collection<MeetingDocument>('meetings').find({ _id: MEETING });
        const written = await inner.collection<ResolutionDocument>('resolutions').find({});
        const state = { k, status: meeting?.status, resolutions: written.length, intents: (await inner.collection(INTENTS_COLLECTION).find({})).length };
        expect([
          { k, status: 'HELD', resolutions: 2, intents: 0 },
          { k, status: 'PLANNED', resolutions: 0, intents: 0 },
        ]).toContainEqual(state);
        if (told) expect(state.status).toBe('HELD');
      }
    }
    expect(cut).toBeGreaterThan(0);
  });
});
