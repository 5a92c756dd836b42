import { GraphQLResolveInfo } from 'graphql';
import { graphRegistries, RegistryList } from '../../gateway/directory';
import { countsDirectoryResolvers } from '../../gateway/directory/counts';

/**
 * A count's group links to an organisation only when the registry counting keeps it: a registry
 * grouping its records by another registry's organisation id would otherwise show, under
 * `CountGroup.organisation`, that organisation (its name, its registry) beside a count only the
 * first registry made, as if the two registries' figures were one.
 */
describe("a count's group links only to the counting registry's own organisations", () => {
  const registries = new RegistryList(graphRegistries(['labs', 'guilds'].map((name) => ({ name }))));
  const countList = countsDirectoryResolvers(registries, undefined)['CountList'] as Record<string, (...args: unknown[]) => unknown>;
  const info = { path: { key: 'groups', prev: undefined, typename: 'CountList' }, parentType: { name: 'CountList' }, fieldName: 'groups' } as unknown as GraphQLResolveInfo;
  const slice = (...groups: [string | null, number][]) => ({ offered: true, groups: groups.map(([key, count]) => ({ key, count })), measures: [] });

  it("links a registry's own organisation id and leaves another registry's unlinked", () => {
    const list = {
      filter: JSON.stringify({ measure: 'unionsByChamber', registries: null }),
      labs: slice(['labs:org-1', 2]),
      guilds: slice(['guilds:org-7', 3], ['labs:org-1', 9_999], [null, 1]),
    };
    expect(countList['groups']!(list, {}, {}, info)).toEqual([
      { registry: 'LABS', key: 'labs:org-1', count: 2, organisation: { id: 'labs:org-1' } },
      { registry: 'GUILDS', key: 'guilds:org-7', count: 3, organisation: { id: 'guilds:org-7' } },
      { registry: 'GUILDS', key: 'labs:org-1', count: 9_999, organisation: null },
      { registry: 'GUILDS', key: null, count: 1, organisation: null },
    ]);
  });
});
