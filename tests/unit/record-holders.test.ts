import { RecordHolders } from '../../shared/registry/record-holders';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';

describe("a registry's record holders (the people it keeps records of besides its members)", () => {
  const store = new MemoryStore();
  const roles = store.collection<StoredDocument & { nationalCode: string }>('roles');
  const meetings = store.collection<StoredDocument & { status?: string; attendees: { name: string; nationalCode?: string }[] }>('meetings');
  const members = new Set(['0000000001']);
  const holders = new RecordHolders({
    personNamingFields: () => [
      { collection: roles, path: 'nationalCode' },
      { collection: meetings, path: 'attendees.nationalCode', naming: { 'attendees.nationalCode': { $gt: '' } } },
    ],
    membersAmong: async (codes) => codes.filter((code) => members.has(code)),
  });

  beforeAll(async () => {
    await roles.insertMany([
      { _id: 'r1', nationalCode: '0000000001' },
      { _id: 'r2', nationalCode: '0000000005' },
    ]);
    await meetings.insertMany([
      { _id: 'm1', attendees: [{ name: 'a', nationalCode: '0000000001' }, { name: 'b', nationalCode: '0000000003' }, { name: 'no code' }] },
      {
        _id: 'm2',
        attendees: [
          { name: 'c', nationalCode: '0000000005' },
          { name: 'd', nationalCode: '0000000004' },
        ],
      },
    ]);
  });

  it('lists the codes its records name that no member has, once each, in code order, page by page', async () => {
    expect(await holders.codes(null, 10)).toEqual(['0000000003', '0000000004', '0000000005']);
    expect(await holders.codes(null, 2)).toEqual(['0000000003', '0000000004']);
    expect(await holders.codes('0000000004', 2)).toEqual(['0000000005']);
    expect(await holders.codes('0000000002', 1)).toEqual(['0000000003']);
    expect(await holders.codes('0000000005', 2)).toEqual([]);
  });

  it('counts the records that name people, a planned meeting not before it is held with its attendees: the sign the gateway reads the codes again by', async () => {
    expect(await holders.recordCount()).toBe(4);
    await meetings.upsertOne({ _id: 'm3', status: 'HELD', attendees: [{ name: 'e', nationalCode: '0000000006' }] });
    expect(await holders.recordCount()).toBe(5);
    expect(await holders.codes(null, 10)).toEqual(['0000000003', '0000000004', '0000000005', '0000000006']);
  });
});

describe('a page of record holders', () => {
  const store = new MemoryStore();
  const roles = store.collection<StoredDocument & { nationalCode: string }>('roles');
  const codes = Array.from({ length: 2_500 }, (_, i) => String(1_000_000_000 + i));
  const isMember = (code: string) => Number(code) % 7 === 0;
  const asked: string[][] = [];
  const holders = new RecordHolders({
    personNamingFields: () => [{ collection: roles, path: 'nationalCode' }],
    membersAmong: async (among) => {
      asked.push([...among]);
      return among.filter(isMember);
    },
  });

  beforeAll(() => roles.insertMany(codes.map((code) => ({ _id: `r${code}`, nationalCode: code }))));
  beforeEach(() => (asked.length = 0));

  it('looks members up from its cursor on, only until it is full', async () => {
    const page = await holders.codes(codes[1_999]!, 10);
    expect(page).toEqual(
      codes
        .slice(2_000)
        .filter((code) => !isMember(code))
        .slice(0, 10),
    );
    expect(asked).toHaveLength(1);
    expect(asked[0]![0]).toBe(codes[2_000]);
    expect(asked[0]!.length).toBeLessThanOrEqual(1_000);
  });

  it('gives every non-member once, in order, read page by page', async () => {
    const read: string[] = [];
    for (let page = await holders.codes(null, 1_000); page.length > 0; page = await holders.codes(page.at(-1)!, 1_000)) read.push(...page);
    expect(read).toEqual(codes.filter((code) => !isMember(code)));
  });
});
