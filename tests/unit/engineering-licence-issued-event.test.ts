import { OUTBOX_COLLECTIONS, OutboxEventDocument } from '../../shared/outbox/events';
import { MemoryStore } from '../../shared/store/memory-store';
import { EngineeringPersonDocument } from '../../subgraphs/engineering/documents';
import { EngineeringRepository } from '../../subgraphs/engineering/repository';

/**
 * Found by the integrity audit of 2026-12-07 (audit-u): engineers' licences are issued by
 * `upsertEngineeringMember` alone, and its write (EngineeringRepository.writeEngineer) wrote no
 * event, so a subscriber to `credential.issued` never heard of an engineer's licence, though every
 * other credential's issue writes one with the change (docs/operator.md, "Reminders").
 */

const ENGINEER: EngineeringPersonDocument = {
  _id: '0061234524',
  fullName: 'Engineer',
  nameKey: 'engineer',
  sortKey: 'engineer',
  updatedAt: new Date('2026-12-07T00:00:00Z'),
};
const LICENCE = { number: '1-23-45678', discipline: 'CIVIL', grade: 'GRADE_1', provincialOrganisationId: 'engineering:tehran', validUntil: new Date('2029-01-01T00:00:00Z') };

async function eventsOf(store: MemoryStore): Promise<OutboxEventDocument[]> {
  return store.collection<OutboxEventDocument>(OUTBOX_COLLECTIONS.events).find({});
}

describe("an engineer's licence issued by upsertEngineeringMember's write", () => {
  it('writes credential.issued with a new engineer holding a licence', async () => {
    const store = new MemoryStore();
    await new EngineeringRepository(store).writeEngineer({ kind: 'created', next: { ...ENGINEER, licence: LICENCE } as EngineeringPersonDocument });
    expect((await eventsOf(store)).map((event) => [event.type, event.data])).toEqual([['credential.issued', expect.objectContaining({ number: LICENCE.number })]]);
  });

  it('writes credential.issued with a licence given to an engineer who had none, and none with a change leaving the number', async () => {
    const store = new MemoryStore();
    const repository = new EngineeringRepository(store);
    await repository.writeEngineer({ kind: 'created', next: ENGINEER });
    expect(await eventsOf(store)).toEqual([]);
    const [stored] = await repository.findPeople([ENGINEER._id]);
    const licensed = { ...stored!, licence: LICENCE } as EngineeringPersonDocument;
    await repository.writeEngineer({ kind: 'changed', previous: stored!, next: licensed, changes: [] });
    expect((await eventsOf(store)).map((event) => event.type)).toEqual(['credential.issued']);
    const [again] = await repository.findPeople([ENGINEER._id]);
    await repository.writeEngineer({ kind: 'changed', previous: again!, next: { ...again!, fullName: 'Engineer Renamed' }, changes: [] });
    expect((await eventsOf(store)).map((event) => event.type)).toEqual(['credential.issued']);
  });

  it('writes credential.renewed when only the last valid day moved later, credential.amended when other terms changed, and none when the licence is as it was', async () => {
    const store = new MemoryStore();
    const repository = new EngineeringRepository(store);
    await repository.writeEngineer({ kind: 'created', next: { ...ENGINEER, licence: LICENCE } as EngineeringPersonDocument });
    const change = async (licence: Partial<typeof LICENCE>) => {
      const [stored] = await repository.findPeople([ENGINEER._id]);
      const next = { ...stored!, licence: { ...stored!.licence!, ...licence, provenance: { kind: 'ENTERED' } } } as EngineeringPersonDocument;
      await repository.writeEngineer({ kind: 'changed', previous: stored!, next, changes: [] });
    };
    await change({ validUntil: new Date('2031-01-01T00:00:00Z') });
    await change({ grade: 'GRADE_2' });
    await change({ validUntil: new Date('2030-01-01T00:00:00Z') });
    await change({});
    const events = await eventsOf(store);
    expect(events.map((event) => [event.type, (event.data.validUntil as { iso: string }).iso, (event.data as { number?: string }).number])).toEqual([
      ['credential.issued', '2029-01-01', LICENCE.number],
      ['credential.renewed', '2031-01-01', LICENCE.number],
      ['credential.amended', '2031-01-01', LICENCE.number],
      ['credential.amended', '2030-01-01', LICENCE.number],
    ]);
  });
});
