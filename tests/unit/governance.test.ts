import { parse } from 'graphql';
import { mergeSlices } from '../../gateway/directory/governance-resolvers';
import { InputChecker } from '../../shared/errors';
import { checkOrganisations, referenceList } from '../../shared/governance/checks';
import { dueKeyOf, resolutionDocument, seatOf } from '../../shared/governance/documents';
import { isOverdue } from '../../shared/governance/resolvers';
import { governanceTypeDefs } from '../../shared/governance/schema';
import { RegistryLoaders } from '../../shared/registry/loaders';

const slice = (...sortKeys: string[]) => ({ totalCount: sortKeys.length, keys: sortKeys.map((sortKey) => ({ id: sortKey.split('|')[1]!, sortKey })) });

describe('merging the registries’ slices of a list', () => {
  it('takes the first keys of the union in order, sums the counts, and pages by the last sort key', () => {
    const list = {
      filter: JSON.stringify({ size: 3 }),
      labs: slice('2012-09-05|labs:m/0001/r01', '2013-04-04|labs:m/0001/r02'),
      guilds: slice('2012-09-21|guilds:g/0012/r01', '2012-09-21|guilds:g/0012/r02', '2012-09-21|guilds:g/0012/r03', '2012-09-21|guilds:g/0012/r04'),
      auditors: slice(),
    };
    const page = mergeSlices(list, ['labs', 'guilds', 'auditors']);
    expect(page.nodes.map((n) => n.id)).toEqual(['labs:m/0001/r01', 'guilds:g/0012/r01', 'guilds:g/0012/r02']);
    expect(page.totalCount).toBe(6);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).toBe('2012-09-21|guilds:g/0012/r02');
  });

  it('says there is no next page when the union holds no more than a page', () => {
    const page = mergeSlices({ filter: JSON.stringify({ size: 3 }), engineering: slice('a|engineering:x', 'b|engineering:y') }, ['engineering']);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.nodes).toHaveLength(2);
  });
});

describe('resolutions', () => {
  const resolution = resolutionDocument({ _id: 'guilds:s/0012', seriesId: 'guilds:s' }, 1, {
    text: 'متن',
    responsibleId: 'guilds:markets-tehran',
    cooperatingIds: ['guilds:markets-shiraz', 'guilds:markets-karaj'],
    dueDate: new Date('2012-09-21T00:00:00Z'),
    status: 'OPEN',
  });

  it('derives ids, the order key and sorted cooperating ids', () => {
    expect(resolution._id).toBe('guilds:s/0012/r01');
    expect(resolution.dueKey).toBe(dueKeyOf(resolution.dueDate, resolution._id));
    expect(resolution.dueKey).toBe('2012-09-21|guilds:s/0012/r01');
    expect(resolution.cooperatingIds).toEqual(['guilds:markets-karaj', 'guilds:markets-shiraz']);
  });

  it('is overdue only when open and due before asOf, in either calendar', () => {
    expect(isOverdue(resolution, '2012-09-21')).toBe(false);
    expect(isOverdue(resolution, '2012-09-22')).toBe(true);
    expect(isOverdue(resolution, '۱۳۹۱/۰۷/۰۱')).toBe(true);
    expect(isOverdue({ ...resolution, status: 'DONE' }, '2013-01-01')).toBe(false);
    expect(() => isOverdue(resolution, 'tomorrow')).toThrow(/asOf/);
  });
});

describe('committee seats', () => {
  it('makes one seat per committee for a chair, vice-chair or secretary, and one per person for members', () => {
    expect(seatOf('labs:c', 'CHAIR', '0061234508')).toBe(seatOf('labs:c', 'CHAIR', '0061234516'));
    expect(seatOf('labs:c', 'MEMBER', '0061234508')).not.toBe(seatOf('labs:c', 'MEMBER', '0061234516'));
  });
});

describe('input checks', () => {
  it('names repeated, self-referencing and malformed organisation ids by their place in the list', async () => {
    const checker = new InputChecker();
    const references = referenceList(checker, 'cooperatingIds', ['guilds:a', 'guilds:a', 'labs:lead', 'Nope', 'labs:missing'], 'labs:lead');
    const loaders = { organisation: { load: async (id: string) => (id === 'labs:present' ? { _id: id } : null) } } as unknown as RegistryLoaders;
    await checkOrganisations(checker, 'labs', loaders, references);
    expect(() => checker.throwIfAny()).toThrow(
      /cooperatingIds\[1\]: "guilds:a" is listed twice; cooperatingIds\[2\]: .*lead.*; cooperatingIds\[3\]: "Nope" is not an organisation id.*; cooperatingIds\[4\]: no organisation "labs:missing"/,
    );
  });
});

describe('the registries’ schema template', () => {
  it('leaves no placeholder and parses, for every registry', () => {
    for (const key of ['labs', 'auditors', 'engineering', 'guilds'] as const) {
      const sdl = governanceTypeDefs(key);
      expect(sdl).not.toMatch(/__key__|__Key__/i);
      expect(() => parse(sdl)).not.toThrow();
      expect(sdl).toContain(`record${key[0]!.toUpperCase()}${key.slice(1)}Meeting(`);
    }
  });
});
