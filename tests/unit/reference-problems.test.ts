import { GivenReference, ReferenceLookup, referenceProblems } from '../../gateway/references';

const REGISTRIES = ['labs', 'auditors', 'engineering', 'guilds'];
const HELD: Record<string, string[]> = { labs: ['0061234508'], auditors: ['0061234508'], engineering: [], guilds: ['2281234568'] };

/** A lookup over fixed holdings that remembers which registry was sent which codes. */
function recordingLookup(): ReferenceLookup & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    organisationsAmong: async () => [],
    projectsAmong: async () => [],
    among: async (registry, codes) => {
      sent.push(`${registry}: ${[...codes].sort().join(' ')}`);
      return codes.filter((code) => HELD[registry]!.includes(code));
    },
  };
}

const seat = (code: string): GivenReference => ({ rootField: 'addLabsCommitteeMember', path: 'nationalCode', kind: 'PERSON', value: code });
const homeOf = () => 'labs';

describe('the people a change names, looked up with as few registries told as it takes', () => {
  it('asks only the registry the change goes to about a person it holds', async () => {
    const lookup = recordingLookup();
    expect(await referenceProblems([seat('0061234508')], REGISTRIES, lookup, { people: true, homeOf })).toEqual([]);
    expect(lookup.sent).toEqual(['labs: 0061234508']);
  });

  it("asks the others only about a code the change's registry does not hold, and never that one again", async () => {
    const lookup = recordingLookup();
    expect(await referenceProblems([seat('2281234568'), seat('0061234508')], REGISTRIES, lookup, { people: true, homeOf })).toEqual([]);
    expect(lookup.sent.sort()).toEqual(['auditors: 2281234568', 'engineering: 2281234568', 'guilds: 2281234568', 'labs: 0061234508 2281234568']);
  });

  it('refuses a code no registry holds, and asks nobody without personal:read', async () => {
    const lookup = recordingLookup();
    expect(await referenceProblems([seat('0073999989')], REGISTRIES, lookup, { people: true, homeOf })).toEqual([
      { field: 'nationalCode', problem: 'no person with this national code in any registry of the graph (labs, auditors, engineering, guilds)' },
    ]);
    const blind = recordingLookup();
    expect(await referenceProblems([seat('0073999989')], REGISTRIES, blind, { people: false, homeOf })).toEqual([]);
    expect(blind.sent).toEqual([]);
  });
});
