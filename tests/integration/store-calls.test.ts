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
  });
  afterAll(async () => {
    await graph.stop();
  });

  async function storeCallsFor(first: number): Promise<{ calls: CallsBySubgraph; people: number }> {
    for (const store of Object.values(graph.stores)) store.reset();
    const { data, errors } = await graph.query<{ guildsMembers: { nodes: { registries: string[] }[] } }>(MEMBERS_PAGE, { first }, reader);
    expect(errors).toBeUndefined();
    const calls = Object.fromEntries((Object.keys(graph.stores) as DemoRegistryKey[]).map((key) => [key, graph.stores[key].total])) as CallsBySubgraph;
    return { calls, people: data!.guildsMembers.nodes.length };
  }

  it('costs the same store calls, per subgraph, for 10 people as for 100', async () => {
    const small = await storeCallsFor(10);
    const large = await storeCallsFor(100);
    expect(small.people).toBe(10);
    expect(large.people).toBe(100);
    expect(large.calls).toEqual(small.calls);
    // Every subgraph is asked something (people cross into every registry), and a page of 100
    // people costs a few calls per subgraph, not one per person.
    for (const key of Object.keys(large.calls) as DemoRegistryKey[]) {
      expect(large.calls[key]).toBeGreaterThan(0);
      expect(large.calls[key]).toBeLessThan(15);
    }
  });

  it('finds shared members on such a page, so the cross-registry fields are really exercised', async () => {
    const { data } = await graph.query<{ guildsMembers: { nodes: { registries: string[] }[] } }>(MEMBERS_PAGE, { first: 100 }, reader);
    const shared = data!.guildsMembers.nodes.filter((person) => person.registries.length > 1);
    expect(shared.length).toBeGreaterThan(5);
  });
});
