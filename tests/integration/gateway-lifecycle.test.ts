import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { delayingProxy, DelayingProxy } from '../support/delaying-proxy';
import { postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';

const ready = async (gatewayUrl: string) => {
  const response = await fetch(gatewayUrl.replace('/graphql', '/ready'));
  return { status: response.status, body: (await response.json()) as { subgraphs: Record<string, string> } };
};

describe('gateway health, readiness and shutdown', () => {
  const fleet = new SubgraphFleet();
  let proxy: DelayingProxy;
  let gateway: RunningGateway;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    await fleet.startAll();
    proxy = await delayingProxy(() => fleet.url('labs'));
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      startupTimeoutMs: 10_000,
      subgraphs: fleet.endpoints({ labs: proxy.url }),
    });
  });
  afterAll(async () => {
    await gateway?.stop(0);
    await proxy?.close();
    await fleet.stopAll();
  });

  it('is alive, and ready when the supergraph is loaded and every subgraph is ready', async () => {
    expect((await fetch(gateway.url.replace('/graphql', '/health'))).status).toBe(200);
    const state = await ready(gateway.url);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({ ready: true, supergraph: 'loaded', subgraphs: { labs: 'ready', auditors: 'ready', engineering: 'ready', guilds: 'ready' } });
  });

  it('is not ready, naming the subgraph, while one is down', async () => {
    await fleet.stop('guilds');
    await new Promise((wait) => setTimeout(wait, 1_100)); // past the readiness cache
    const state = await ready(gateway.url);
    expect(state.status).toBe(503);
    expect(state.body.subgraphs.guilds).toMatch(/^unreachable/);
    expect(state.body.subgraphs.labs).toBe('ready');
  });

  it('finishes a request in flight when it stops, and takes no new ones', async () => {
    proxy.delayMs = 700;
    const inFlight = postGraphQL<{ labsMembers: { nodes: { labs: { fullName: string } }[] } }>(
      gateway.url,
      `{ labsMembers(search: "${SEED_PEOPLE.saeedTajik.fullName}") { nodes { labs { fullName } } } }`,
    );
    await new Promise((wait) => setTimeout(wait, 150));
    const stopping = gateway.stop(5_000);
    const answer = await inFlight;
    await stopping;
    expect(answer.status).toBe(200);
    expect(answer.data!.labsMembers.nodes[0]!.labs.fullName).toBe('سعید تاجیک');
    await expect(fetch(gateway.url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});

describe('a subgraph process on SIGTERM', () => {
  it('says it is stopping and exits cleanly, even while it is still starting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'subgraphs', 'labs', 'main.ts')], {
      // A database nobody answers: the first attempt to prepare it lasts the driver's 5 s, and the
      // signal arrives inside that attempt, before start-up has finished.
      env: { ...process.env, LABS_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', MONGODB_URI: 'mongodb://127.0.0.1:1/' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/serving at http/.test(output) && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 20));
    expect(output).toMatch(/serving at http/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/stopping/);
  });
});
