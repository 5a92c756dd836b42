import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningGateway } from '../../gateway/gateway';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { testToken, useTestSecrets } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { recordingProxy, RecordingProxy } from '../support/recording-proxy';
import { gatewayOver } from '../support/gateway-over';
import { SubgraphFleet } from '../support/subgraph-fleet';

/**
 * A change the gateway sent to a subgraph that did not answer it in time (integrity audit,
 * 2026-12-06): it was made all the same, and the client, told only SUBGRAPH_UNAVAILABLE as for a
 * subgraph never reached, sent it again. Now it is told SUBGRAPH_OUTCOME_UNKNOWN, to look first; a
 * query that times out is still SUBGRAPH_UNAVAILABLE.
 */

const RENEW = 'mutation R($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { validUntil { iso } } }';
type Answer = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('a change its subgraph did not answer in time', () => {
  const fleet = new SubgraphFleet();
  let proxy: RecordingProxy;
  let folder: string;
  let slow: RunningGateway;
  let honest: RunningGateway;

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    await fleet.startAll();
    folder = mkdtempSync(join(tmpdir(), 'outcome-unknown-'));
    proxy = await recordingProxy(fleet.url('guilds'), { delayMs: 1_200 });
    slow = await gatewayOver(folder, fleet.endpoints({ guilds: proxy.url }), 'slow', { subgraphTimeoutsMs: { guilds: 400 } });
    honest = await gatewayOver(folder, fleet.endpoints(), 'honest');
  });
  afterAll(async () => {
    await Promise.all([slow, honest].map((gateway) => gateway?.stop()));
    await proxy?.close();
    await fleet.stopAll();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

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
