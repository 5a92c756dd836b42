import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { testToken } from '../support/auth';
import { delayingProxy, DelayingProxy } from '../support/delaying-proxy';
import { postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';
import { useLogDestination } from '../../shared/server/log';

const PERSON = `{ person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}") { fullName labs { fullName } auditors { fullName } engineering { fullName } } }`;
/** Looking a person up by national code needs personal:read. */
const asReader = async () => ({ authorization: `Bearer ${await testToken([PERSONAL_READ_SCOPE])}` });
type PersonData = { person: { fullName: string | null; labs: unknown; auditors: unknown; engineering: unknown } };

const AUDITORS_DEADLINE_MS = 1_200;

describe('a dead or slow subgraph', () => {
  const fleet = new SubgraphFleet();
  let proxy: DelayingProxy;
  let gateway: RunningGateway;
  let cacheDir: string;

  const gatewaySettings = (extra: object = {}) => ({
    port: 0,
    host: '127.0.0.1',
    startupTimeoutMs: 10_000,
    subgraphs: fleet.endpoints({ auditors: proxy.url }),
    supergraphCacheFile: join(cacheDir, 'supergraph.graphql'),
    subgraphTimeoutMs: 2_000,
    // Its own deadline, well below the others' and well above a cold first answer on a loaded machine.
    subgraphTimeoutsMs: { auditors: AUDITORS_DEADLINE_MS },
    ...extra,
  });

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    cacheDir = mkdtempSync(join(tmpdir(), 'registries-gateway-'));
    await fleet.startAll();
    proxy = await delayingProxy(() => fleet.url('auditors'));
    gateway = await startGateway(gatewaySettings());
  });
  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await fleet.stopAll();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('returns the other subgraphs’ fields and an error naming the dead one', async () => {
    await fleet.stop('engineering');
    const { status, data, errors } = await postGraphQL<PersonData>(gateway.url, PERSON, undefined, await asReader());
    expect(status).toBe(200);
    // The directory computes fullName from the registries that answered: labs comes first and has him.
    expect(data!.person).toEqual({ fullName: 'سعید تاجیک', labs: { fullName: 'سعید تاجیک' }, auditors: { fullName: 'سعید تاجیک' }, engineering: null });
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['person', 'engineering'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'engineering' } });
    expect(errors![0]!.message).toBe('The engineering subgraph could not be reached');
  });

  it('recovers by itself when the subgraph returns', async () => {
    await fleet.start('engineering');
    const { data, errors } = await postGraphQL<PersonData>(gateway.url, PERSON, undefined, await asReader());
    expect(errors).toBeUndefined();
    expect(data!.person).toMatchObject({ fullName: 'سعید تاجیک', engineering: null }); // not an engineer: null, no error
  });

  it('gives up on a slow subgraph at its deadline, and still answers the rest', async () => {
    proxy.delayMs = 2 * AUDITORS_DEADLINE_MS;
    const { data, errors } = await postGraphQL<PersonData>(gateway.url, PERSON, undefined, await asReader());
    proxy.delayMs = 0;
    expect(data!.person).toMatchObject({ labs: { fullName: 'سعید تاجیک' }, auditors: null });
    expect(errors![0]).toMatchObject({
      message: `The auditors subgraph did not answer within ${AUDITORS_DEADLINE_MS} ms`,
      path: ['person', 'auditors'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
    });
  });

  it('starts a second gateway from the last good supergraph while a subgraph is down, and says so', async () => {
    await fleet.stop('guilds');
    const warnings: string[] = [];
    useLogDestination({ write: (line: string) => void warnings.push(line) });
    process.env.LOG_LEVEL = 'info';
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let second: RunningGateway | undefined;
    try {
      second = await startGateway(gatewaySettings({ staleStartAfterMs: 500, pollIntervalMs: 200 }));
      expect(warnings.join('\n')).toMatch(/starting from the last good supergraph/);
      const partial = await postGraphQL<{ person: { guilds: unknown; labs: unknown } }>(
        second.url,
        `{ person(nationalCode: "${SEED_PEOPLE.dabiri.nationalCode}") { labs { fullName } guilds { fullName } } }`,
        undefined,
        await asReader(),
      );
      expect(partial.data!.person.guilds).toBeNull();
      expect(partial.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'guilds' });

      await fleet.start('guilds');
      const healed = await postGraphQL<{ person: { guilds: { fullName: string } } }>(
        second.url,
        `{ person(nationalCode: "${SEED_PEOPLE.dabiri.nationalCode}") { guilds { fullName } } }`,
        undefined,
        await asReader(),
      );
      expect(healed.errors).toBeUndefined();
      expect(healed.data!.person.guilds.fullName).toBe(SEED_PEOPLE.dabiri.fullName);
    } finally {
      await second?.stop();
      useLogDestination(undefined);
      jest.restoreAllMocks();
      process.env.LOG_LEVEL = 'silent';
    }
  });
});
