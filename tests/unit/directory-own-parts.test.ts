import { GraphQLResolveInfo } from 'graphql';
import { graphRegistries, RegistryList } from '../../gateway/directory';
import { governanceDirectoryResolvers, mergeParticipations, mergeSlices } from '../../gateway/directory/governance-resolvers';
import { mergeSearchSlices } from '../../gateway/directory/search-resolvers';
import { ParticipationKey } from '../../shared/governance/filters';
import { SearchHit } from '../../shared/search/query';

/**
 * The directory merges lists from every registry's slice and names a merged record's registry from
 * its id: a registry's slice names only its own records, or a registry run by an operator the others
 * do not control could list another registry's meetings as matching a filter that registry never
 * judged, claim a participation between two other registries' organisation and project, show search
 * hits as found in another registry under titles of its choosing, or seat people on another
 * registry's committee. What a slice names beyond its own is left out, and its registry named.
 */

const KEYS = ['labs', 'auditors', 'guilds'] as const;

describe("a registry's slice of a merged list names only its own records", () => {
  it("leaves out the meetings or resolutions a slice names under another registry's id", () => {
    const keys = (...ids: string[]) => ({ totalCount: ids.length, keys: ids.map((id) => ({ id, sortKey: `2026-01-01|${id}` })) });
    const page = mergeSlices({ filter: JSON.stringify({ size: 10 }), labs: keys('labs:r1'), guilds: keys('guilds:r1', 'labs:r2', 'auditors:r9') }, KEYS);
    expect(page.nodes.map((node) => node.id)).toEqual(['guilds:r1', 'labs:r1']);
    expect(page.strays).toEqual(['guilds']);
  });

  it("keeps a participation only from the registry of its organisation (a lead's naming of it is an invitation)", () => {
    const participation = (projectId: string): ParticipationKey => ({ id: `${projectId}|labs:org`, sortKey: projectId, projectId, role: 'COOPERATING', contribution: null });
    const list = {
      filter: JSON.stringify({ size: 10, organisationId: 'labs:org' }),
      // labs speaks for its organisation anywhere; auditors and guilds, naming it in their own projects or another's, do not.
      labs: { totalCount: 1, keys: [participation('auditors:p1')] },
      auditors: { totalCount: 1, keys: [participation('auditors:p4')] },
      guilds: { totalCount: 2, keys: [participation('auditors:p2'), participation('guilds:p3')] },
    };
    const page = mergeParticipations(list as unknown as Parameters<typeof mergeParticipations>[0], KEYS);
    expect(page.nodes.map((node) => node.projectId)).toEqual(['auditors:p1']);
    expect(page.strays).toEqual(['auditors', 'guilds']);
  });

  it('keeps a search hit only from the registry its sort key names, of a record it keeps', () => {
    const hit = (sortKey: string, kind: SearchHit['kind'], ref: string): SearchHit => ({ sortKey, kind, ref, title: ref, matchedWords: [], score: 1 });
    const list = {
      filter: JSON.stringify({ text: 'x', size: 10, list: 'search' }),
      labs: { totalCount: 1, hits: [hit('998|labs|ORGANISATION|1', 'ORGANISATION', 'labs:o1')] },
      guilds: {
        totalCount: 4,
        hits: [
          hit('997|labs|MEETING|1', 'MEETING', 'labs:m1'),
          hit('997|guilds|ORGANISATION|2', 'ORGANISATION', 'labs:o2'),
          hit('998|guilds|ORGANISATION|3', 'ORGANISATION', 'guilds:o3'),
          hit('999|guilds|PERSON|4', 'PERSON', '0012345679'),
        ],
      },
    };
    const page = mergeSearchSlices(list, KEYS);
    expect(page.nodes.map((node) => node.ref)).toEqual(['guilds:o3', 'labs:o1', '0012345679']);
    expect(page.strays).toEqual(['guilds']);
  });

  it("takes a joint project's kind, record and seats from its lead alone", async () => {
    const registries = new RegistryList(graphRegistries(['guilds', 'labs', 'auditors'].map((name) => ({ name }))));
    // Whom each registry may name (gateway/directory/named-person.ts): labs keeps a record of its seat's holder.
    const links = {
      transport: { send: () => Promise.reject(new Error('not used')) },
      membership: undefined as never,
      people: { keeps: async (registry: string, code: string) => registry === 'labs' && code === '0012345679' },
    };
    const project = governanceDirectoryResolvers(registries, links)['JointProject'] as Record<string, (...args: unknown[]) => unknown>;
    const info = {
      path: { key: 'members', prev: undefined, typename: 'JointProject' },
      parentType: { name: 'JointProject' },
      fieldName: 'members',
    } as unknown as GraphQLResolveInfo;
    const seat = (nationalCode: string) => ({ nationalCode, position: 'MEMBER' });
    const views = {
      id: 'labs:p1',
      labs: { record: { kind: 'COMMITTEE' }, members: [seat('0012345679')] },
      // guilds, not the lead, comes first in the configuration: its part is not the project's all the same.
      guilds: { record: { kind: 'WORKING_GROUP', due: { iso: '2027-01-01' } }, members: [seat('0087654321')] },
    };
    const seats = project['members']!(views, {}, {}, info) as { position: string; person: () => Promise<unknown> }[];
    expect(seats.map((s) => s.position)).toEqual(['MEMBER']);
    await expect(seats[0]!.person()).resolves.toEqual({ nationalCode: '0012345679' });
    expect(project['kind']!(views, {}, {}, { ...info, fieldName: 'kind' })).toBe('COMMITTEE');
    expect(project['due']!({ ...views, labs: { ...views.labs, record: { kind: 'COMMITTEE', due: null } } }, {}, {}, { ...info, fieldName: 'due' })).toBeNull();
  });
});
