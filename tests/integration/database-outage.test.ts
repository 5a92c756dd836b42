import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { RunningRegistrySubgraph, runSubgraph } from '../../shared/server/run';
import { MongoStore } from '../../shared/store/mongo-store';
import { labsSubgraph } from '../../subgraphs/labs';
import { askSubgraph } from '../support/graph';
import { ferretDbBinaryPath, freePort, startFerretDb } from '../support/mongo-global-setup';
import { useLogDestination } from '../../shared/server/log';

const binary = ferretDbBinaryPath();
const MEMBER = `{ labsMembers(search: "تاجیک") { nodes { nationalCode } } }`;

type Outcome = { codes: unknown[]; codesOfNodes: string[] };

/** Asks the subgraph directly, as the gateway would (with the caller header it signs). */
async function ask(url: string): Promise<Outcome> {
  const { data, errors } = await askSubgraph<{ labsMembers: { nodes: { nationalCode: string }[] } } | null>(url, 'labs', MEMBER);
  return { codes: (errors ?? []).map((e) => e.extensions?.code), codesOfNodes: data?.labsMembers?.nodes.map((n) => n.nationalCode) ?? [] };
}

async function readiness(url: string): Promise<number> {
  return (await fetch(url.replace('/graphql', '/ready'))).status;
}

/** Polls until `check` holds, for at most `seconds`: recovery takes the driver a moment. */
async function eventually(check: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s`);
    await new Promise((wait) => setTimeout(wait, 250));
  }
}

const suite = existsSync(binary) ? describe : describe.skip;
suite(`a subgraph whose database is down${existsSync(binary) ? '' : ` (skipped: no FerretDB binary at ${binary})`}`, () => {
  let dir: string;
  let port: number;
  let database: { stop(): Promise<void> } | undefined;
  let subgraph: RunningRegistrySubgraph;
  const warnings: string[] = [];

  const startDatabase = async () => {
    const started = await startFerretDb(binary, dir, port);
    if (typeof started === 'string') throw new Error(started);
    database = started;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'registries-outage-'));
    port = await freePort();
    useLogDestination({ write: (line: string) => void warnings.push(line) });
    process.env.LOG_LEVEL = 'info';
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    await subgraph?.stop();
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
    process.env.LOG_LEVEL = 'silent';
    jest.restoreAllMocks();
    useLogDestination(undefined);
  });

  it('starts anyway, says so, is not ready, and answers queries with DATABASE_UNAVAILABLE', async () => {
    const store = MongoStore.create(`mongodb://127.0.0.1:${port}/`, 'registry_labs_outage', { serverSelectionTimeoutMs: 1_000 });
    subgraph = await runSubgraph(labsSubgraph, { port: 0, host: '127.0.0.1', databaseName: 'registry_labs_outage', seedDemoData: true }, store);
    expect((await fetch(subgraph.url.replace('/graphql', '/health'))).status).toBe(200);
    expect(await readiness(subgraph.url)).toBe(503);
    expect(await ask(subgraph.url)).toEqual({ codes: ['DATABASE_UNAVAILABLE'], codesOfNodes: [] });
    expect(warnings.join('\n')).toMatch(/"service":"labs".*MongoDB database registry_labs_outage is not reachable \(attempt 1: .*\); retrying in 0\.5 s/);
  });

  it('prepares the database and serves it as soon as the database comes up, without a restart', async () => {
    await startDatabase();
    await subgraph.prepared;
    expect(await readiness(subgraph.url)).toBe(200);
    expect(await ask(subgraph.url)).toEqual({ codes: [], codesOfNodes: [SEED_PEOPLE.saeedTajik.nationalCode] });
  });

  it('fails requests with a clear error while the database is lost, and recovers when it returns', async () => {
    await database!.stop();
    database = undefined;
    expect(await ask(subgraph.url)).toEqual({ codes: ['DATABASE_UNAVAILABLE'], codesOfNodes: [] });
    expect(await readiness(subgraph.url)).toBe(503);

    await startDatabase();
    await eventually(async () => (await ask(subgraph.url)).codesOfNodes.length === 1, 20);
    expect(await readiness(subgraph.url)).toBe(200);
  });
});
