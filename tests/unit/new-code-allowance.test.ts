import { CodeList, CodeListSource } from '../../gateway/directory/registry-helpers';
import { NewCodeAllowances, RegistryMembership } from '../../gateway/membership';

/**
 * A registry may name the people of both its lists (its members, and those it keeps records of:
 * gateway/membership/named-people.ts), so the day's allowance of codes it did not claim before
 * (MEMBERSHIP_MAX_NEW_CODES_PER_DAY) is one for both: with one per list, a registry claiming codes it
 * guessed as record holders could name, and so learn whose they are, twice as many people a day.
 */
class Registry implements CodeListSource {
  constructor(
    public held: string[],
    readonly list: CodeList,
  ) {}
  async count(): Promise<number> {
    return this.held.length;
  }
  async codes(_: string, after: string | null, first: number): Promise<string[]> {
    return this.held.filter((code) => after === null || code > after).slice(0, first);
  }
}

describe('the allowance of new codes a day', () => {
  it("is one per registry, shared by its members' and its record holders' lists", async () => {
    let now = 1_000_000;
    const members = new Registry(['0000000001'], 'members');
    const recordHolders = new Registry([], 'recordHolders');
    const allowances = new NewCodeAllowances();
    const settings = { checkEveryMs: 1_000, maxNewCodesPerDay: 2 };
    const memberList = new RegistryMembership(members, settings, undefined, () => now, allowances);
    const holderList = new RegistryMembership(recordHolders, settings, undefined, () => now, allowances);
    await memberList.codesOf('nurses');
    await holderList.codesOf('nurses');
    members.held = ['0000000001', '0000000002', '0000000003'];
    recordHolders.held = ['0000000004', '0000000005'];
    now += 60_000;
    expect(await memberList.codesOf('nurses')).toEqual(['0000000001', '0000000002', '0000000003']);
    // The day's two new codes are taken: the record holders it claims wait for the next day.
    expect(await holderList.codesOf('nurses')).toEqual([]);
    now += 24 * 60 * 60 * 1000;
    expect(await holderList.codesOf('nurses')).toEqual(['0000000004', '0000000005']);
  });
});

describe('the first list of record holders', () => {
  it('is growth from none, not taken whole, when the registry did not give it at first', async () => {
    // Failing `_recordHolderCodes` costs a registry nothing (`me` asks it of its members only): held back
    // until the gateway runs, a first list of codes it guessed would be taken whole, past the allowance.
    let now = 1_000_000;
    const members = new Registry(['0000000001'], 'members');
    const recordHolders = new Registry([], 'recordHolders');
    const unserved = async (): Promise<number> => Promise.reject(new Error('Cannot query field "_recordHolderRecords"'));
    const served = recordHolders.count.bind(recordHolders);
    recordHolders.count = unserved;
    const allowances = new NewCodeAllowances();
    const settings = { checkEveryMs: 1_000, maxNewCodesPerDay: 2 };
    const memberList = new RegistryMembership(members, settings, { warn: () => undefined }, () => now, allowances);
    const holderList = new RegistryMembership(recordHolders, settings, { warn: () => undefined }, () => now, allowances);
    await memberList.warm(['nurses']);
    await holderList.warm(['nurses']);
    expect(await holderList.codesToScreenUnlessFailing('nurses')).toEqual([]);
    recordHolders.count = served;
    recordHolders.held = ['0000000004', '0000000005', '0000000006', '0000000007'];
    now += 60_000;
    expect(await holderList.codesOf('nurses')).toEqual(['0000000004', '0000000005']);
    now += 24 * 60 * 60 * 1000;
    expect(await holderList.codesOf('nurses')).toEqual(['0000000004', '0000000005', '0000000006', '0000000007']);
  });
});
