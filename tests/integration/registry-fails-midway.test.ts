import { RunningGateway, startGateway } from '../../gateway/gateway';
import { delayingProxy, DelayingProxy } from '../support/delaying-proxy';
import { GraphQLResponse, postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';

/**
 * A registry that answers its part of a cross-registry list and then fails the next request of the
 * same answer (it dies, or its deadline passes, between the two): the items it listed fail alone,
 * each null with errors at its fields, and the rest of the answer stands. The guilds registry keeps
 * the demo meetings and resolutions; a proxy in front of it drops the requests for their fields.
 */

const QUERY = `{
  meetings(first: 5) { totalCount nodes { id number } }
  resolutions(first: 3) { totalCount nodes { id number text } }
  labsOrganisations(first: 1) { nodes { id } }
}`;
type Answer = {
  meetings: { totalCount: number; nodes: ({ id: string; number: number } | null)[] };
  resolutions: { totalCount: number; nodes: ({ id: string; number: number; text: string } | null)[] };
  labsOrganisations: { nodes: { id: string }[] };
};

describe('a registry that fails after listing its part', () => {
  const fleet = new SubgraphFleet();
  let proxy: DelayingProxy;
  let gateway: RunningGateway;
  let before: GraphQLResponse<Answer>;
  let answer: GraphQLResponse<Answer>;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    await fleet.startAll();
    proxy = await delayingProxy(() => fleet.url('guilds'));
    gateway = await startGateway({ port: 0, host: '127.0.0.1', startupTimeoutMs: 10_000, subgraphTimeoutMs: 5_000, subgraphs: fleet.endpoints({ guilds: proxy.url }) });
    before = await postGraphQL<Answer>(gateway.url, QUERY);
    proxy.refuse = /GuildsMeeting|GuildsResolution/;
    answer = await postGraphQL<Answer>(gateway.url, QUERY);
    proxy.refuse = undefined;
  });
  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await fleet.stopAll();
  });

  it('lists guilds meetings and resolutions when nothing fails', () => {
    expect(before.errors).toBeUndefined();
    expect(before.data!.meetings.nodes.filter((n) => n?.id.startsWith('guilds:')).length).toBeGreaterThan(0);
    expect(before.data!.resolutions.nodes.filter((n) => n?.id.startsWith('guilds:')).length).toBeGreaterThan(0);
  });

  it('nulls only the items it listed, with an error at each of their fields asked for, and keeps the rest', () => {
    expect(answer.status).toBe(200);
    const data = answer.data!;
    expect(data.labsOrganisations).toEqual(before.data!.labsOrganisations);
    expect(data.meetings.totalCount).toBe(before.data!.meetings.totalCount);
    expect(data.resolutions.totalCount).toBe(before.data!.resolutions.totalCount);
    const expected: string[] = [];
    for (const list of ['meetings', 'resolutions'] as const) {
      before.data![list].nodes.forEach((node, i) => {
        if (!node!.id.startsWith('guilds:')) return expect(data[list].nodes[i]).toEqual(node);
        // Null, or (when every field asked is nullable, as an unnumbered meeting's number) each field asked null.
        const item = data[list].nodes[i] as Record<string, unknown> | null;
        if (item !== null) expect(Object.entries(item).filter(([field, value]) => field !== 'id' && value !== null)).toEqual([]);
        for (const field of Object.keys(node!).filter((f) => f !== 'id')) expected.push(JSON.stringify([list, 'nodes', i, field]));
      });
    }
    expect(answer.errors!.map((e) => JSON.stringify(e.path)).sort()).toEqual(expected.sort());
    for (const error of answer.errors!) {
      expect(error).toMatchObject({ message: 'The guilds subgraph could not be reached', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'guilds' } });
    }
  });
});
