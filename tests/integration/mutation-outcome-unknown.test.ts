import { RunningGateway } from '../../gateway/gateway';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { testToken } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { GatewaysOverProxy } from '../support/gateways-over-proxy';

/**
 * A change the gateway sent to a subgraph that did not answer it in time (integrity audit,
 * 2026-12-06): it was made all the same, and the client, told only SUBGRAPH_UNAVAILABLE as for a
 * subgraph never reached, sent it again. Now it is told SUBGRAPH_OUTCOME_UNKNOWN, to look first; a
 * query that times out is still SUBGRAPH_UNAVAILABLE.
 */

const RENEW = 'mutation R($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { validUntil { iso } } }';
type Answer = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('a change its subgraph did not answer in time', () => {
  const graphs = new GatewaysOverProxy('guilds');
  let slow: RunningGateway;
  let honest: RunningGateway;

  beforeAll(async () => {
    await graphs.start({ delayMs: 1_200 });
    slow = await graphs.gateway('slow', true, { subgraphTimeoutsMs: { guilds: 400 } });
    honest = await graphs.gateway('honest', false);
  });
  afterAll(() => graphs.stop());

  it('is SUBGRAPH_OUTCOME_UNKNOWN, saying to look first: it was made, and sent again it is refused as made', async () => {
    const admin = await testToken(['guilds:admin']);
    const unit = guildsDemoData().guildUnits.find((u) => u.status === 'ACTIVE')!;
    const input = { licenceNumber: unit._id, validUntil: '2039-03-20' };
    const first = (await postGraphQL(slow.url, RENEW, { input }, { authorization: `Bearer ${admin}` })) as Answer;
    expect(first.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_OUTCOME_UNKNOWN']);
    expect(first.errors![0]!.message).toMatch(/did not answer this change within 400 ms, so whether it was made is not known; look at the record before sending it again/);
    // The subgraph made it meanwhile: the same renewal, sent again, finds the licence already valid until then.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const again = (await postGraphQL(honest.url, RENEW, { input }, { authorization: `Bearer ${admin}` })) as Answer;
    expect(again.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('is SUBGRAPH_UNAVAILABLE for a query, which changes nothing', async () => {
    const answer = (await postGraphQL(slow.url, '{ guildsMembers(first: 1) { nodes { fullName } } }')) as Answer;
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
  });
});
