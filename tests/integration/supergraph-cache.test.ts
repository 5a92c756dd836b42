import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewaySettings } from '../../gateway/config';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { useLogDestination } from '../../shared/server/log';
import { delayingProxy } from '../support/delaying-proxy';
import { testToken } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';

const LABS_NAME = `{ person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}") { labs { fullName } } }`;
type LabsName = { person: { labs: { fullName: string } | null } };
/** Looking a person up by national code takes `personal:read`. */
const askLabsName = async (url: string) => postGraphQL<LabsName>(url, LABS_NAME, undefined, { authorization: `Bearer ${await testToken(['personal:read'])}` });

const readiness = async (gateway: RunningGateway) => {
  const response = await fetch(gateway.url.replace('/graphql', '/ready'));
  return { status: response.status, body: (await response.json()) as { subgraphs: Record<string, string> } };
};

/** Runs `body` with the gateway's log lines collected (info and up), and gives them back. */
async function withLogLines(body: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  useLogDestination({ write: (line: string) => void lines.push(line) });
  process.env.LOG_LEVEL = 'info';
  try {
    await body();
  } finally {
    useLogDestination(undefined);
    process.env.LOG_LEVEL = 'silent';
  }
  return lines;
}

describe('the last good supergraph and the configuration', () => {
  const fleet = new SubgraphFleet();
  let folder: string;
  /** A supergraph composed while labs answered at an address it has since left (a proxy, now closed). */
  let movedLabsSupergraph: string;
  const gateways: RunningGateway[] = [];

  const settings = (extra: Partial<GatewaySettings> = {}): GatewaySettings => ({
    port: 0,
    host: '127.0.0.1',
    startupTimeoutMs: 10_000,
    subgraphs: fleet.endpoints(),
    subgraphTimeoutMs: 2_000,
    playground: false,
    ...extra,
  });
  const start = async (extra: Partial<GatewaySettings>) => {
    const gateway = await startGateway(settings(extra));
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    folder = mkdtempSync(join(tmpdir(), 'registries-supergraph-cache-'));
    await fleet.startAll();
    const proxy = await delayingProxy(() => fleet.url('labs'));
    const first = await startGateway(settings({ subgraphs: fleet.endpoints({ labs: proxy.url }), supergraphCacheFile: join(folder, 'composed.graphql') }));
    await first.stop(0);
    await proxy.close();
    movedLabsSupergraph = readFileSync(join(folder, 'composed.graphql'), 'utf8');
    expect(movedLabsSupergraph).toContain(proxy.url);
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop(0);
    await fleet.stopAll();
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts from the cached supergraph with the routing URLs of the current configuration, and is ready only where they answer', async () => {
    const cacheFile = join(folder, 'cached.graphql');
    writeFileSync(cacheFile, movedLabsSupergraph);
    await fleet.stop('guilds'); // one subgraph down: the gateway starts from its cache
    try {
      let gateway!: RunningGateway;
      const lines = await withLogLines(async () => {
        gateway = await start({ supergraphCacheFile: cacheFile, staleStartAfterMs: 300, pollIntervalMs: 0 });
      });
      expect(lines.join('\n')).toMatch(/starting from the last good supergraph/);
      // labs moved (LABS_URL / supergraph.yaml say where it is now): the gateway goes there, not to the old address.
      const answer = await askLabsName(gateway.url);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.person.labs).toEqual({ fullName: 'سعید تاجیک' });
      const state = await readiness(gateway);
      expect(state.status).toBe(503);
      expect(state.body.subgraphs).toMatchObject({ labs: 'ready', auditors: 'ready', engineering: 'ready' });
      expect(state.body.subgraphs.guilds).toMatch(/^unreachable/);
    } finally {
      await fleet.start('guilds');
    }
  });

  it('says in /ready which subgraphs the supergraph it serves can reach, from the URLs that supergraph routes to', async () => {
    // A supergraph file (SUPERGRAPH_FILE) still routing labs to its old address, while the config
    // knows the new one: queries for labs fail, and /ready must say so rather than ask the new address.
    const supergraphFile = join(folder, 'served.graphql');
    writeFileSync(supergraphFile, movedLabsSupergraph);
    const gateway = await start({ supergraphFile, pollIntervalMs: 0 });
    const answer = await askLabsName(gateway.url);
    expect(answer.data!.person.labs).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'labs' });
    const state = await readiness(gateway);
    expect(state.status).toBe(503);
    expect(state.body.subgraphs.labs).toMatch(/^unreachable/);
    expect(state.body.subgraphs).toMatchObject({ auditors: 'ready', engineering: 'ready', guilds: 'ready' });
  });

  it('serves on, with a warning, when the supergraph cache cannot be written', async () => {
    const notAFolder = join(folder, 'a-file');
    writeFileSync(notAFolder, '');
    let gateway!: RunningGateway;
    const lines = await withLogLines(async () => {
      gateway = await start({ supergraphCacheFile: join(notAFolder, 'supergraph.graphql'), pollIntervalMs: 0 });
    });
    const warning = lines.map((line) => JSON.parse(line) as { level: string; msg: string }).find((line) => /supergraph cache/.test(line.msg));
    expect(warning).toMatchObject({ level: 'warn' });
    expect(warning!.msg).toContain(join(notAFolder, 'supergraph.graphql'));
    const answer = await askLabsName(gateway.url);
    expect(answer.data!.person.labs).toEqual({ fullName: 'سعید تاجیک' });
  });

  it('does not start from a cached supergraph that routes to a subgraph the configuration no longer lists', async () => {
    const cacheFile = join(folder, 'with-a-removed-subgraph.graphql');
    writeFileSync(cacheFile, movedLabsSupergraph);
    const lines = await withLogLines(async () => {
      // Only engineering is configured and it never answers: with a usable cache the gateway would start from it.
      const attempt = start({
        subgraphs: [{ name: 'engineering', url: 'http://127.0.0.1:1/graphql' }],
        supergraphCacheFile: cacheFile,
        staleStartAfterMs: 200,
        startupTimeoutMs: 600,
      });
      await expect(attempt).rejects.toThrow(/gave up after 600 ms waiting for subgraphs: engineering/);
    });
    expect(lines.join('\n')).toMatch(/not starting from the last good supergraph.*routes to .*labs.*which the configuration no longer lists/);
  });
});
