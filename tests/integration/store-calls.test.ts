import { MEMBERS_PAGE } from '../../bench/product/queries';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

type CallsBySubgraph = Record<DemoRegistryKey, number>;

describe('store calls per request do not grow with the number of people', () => {
  let graph: TestGraph;
  /** The page selects national codes and contacts: personal data. */
  let reader: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    reader = await testToken([PERSONAL_READ_SCOPE]);
    // The gateway reads each registry's member list once, at its first use (gateway/membership).
    expect((await graph.query(MEMBERS_PAGE, { first: 1 }, reader)).errors).toBeUndefined();
  });
  afterAll(async () => {
    await graph.stop();
  });

  async function storeCallsFor(first: number): Promise<{ calls: CallsBySubgraph; people: number; registries: Set<string> }> {
    for (const store of Object.values(graph.stores)) store.reset();
    const { data, errors } = await graph.query<{ guildsMembers: { nodes: { registries: string[] }[] } }>(MEMBERS_PAGE, { first }, reader);
    expect(errors).toBeUndefined();
    // The gateway's membership counts (at most one a second per registry) are not the page's cost.
    const calls = Object.fromEntries(
      (Object.keys(graph.stores) as DemoRegistryKey[]).map((key) => [key, graph.stores[key].total - (graph.stores[key].methods.get('people.count') ?? 0)]),
    ) as CallsBySubgraph;
    return { calls, people: data!.guildsMembers.nodes.length, registries: new Set(data!.guildsMembers.nodes.flatMap((person) => person.registries)) };
  }

  it('costs the same store calls, per subgraph, for 10 people as for 100', async () => {
    const small = await storeCallsFor(10);
    const large = await storeCallsFor(100);
    expect(small.people).toBe(10);
    expect(large.people).toBe(100);
    // A registry is asked only about the people it holds (gateway/membership): one that holds none of them is asked nothing,
    // one that holds some of the hundred but none of the ten is asked once more for the hundred, and no registry is asked per person.
    for (const key of Object.keys(large.calls) as DemoRegistryKey[]) {
      expect([key, large.calls[key] <= Math.max(small.calls[key], 1)]).toEqual([key, true]);
      expect([key, large.calls[key] > 0]).toEqual([key, large.registries.has(key.toUpperCase())]);
      expect(large.calls[key]).toBeLessThan(15);
    }
  });

  it('finds shared members on such a page, so the cross-registry fields are really exercised', async () => {
    const { data } = await graph.query<{ guildsMembers: { nodes: { registries: string[] }[] } }>(MEMBERS_PAGE, { first: 100 }, reader);
    const shared = data!.guildsMembers.nodes.filter((person) => person.registries.length > 1);
    expect(shared.length).toBeGreaterThan(5);
  });
});
