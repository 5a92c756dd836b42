import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, GraphQLSchema, parse } from 'graphql';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { ComposedSupergraph, supergraphForApolloGateway } from '../../gateway/supergraph-source';
import { runSubgraph } from '../../shared/server/run';
import { RunningSubgraph } from '../../shared/server/subgraph';
import { MemoryStore } from '../../shared/store/memory-store';
import { testToken, useTestSecrets } from '../support/auth';
import { ALL_SUBGRAPHS, GraphQLResponse, postGraphQL } from '../support/graph';

const ROOT = join(__dirname, '..', '..');
const IN_FLIGHT = 6;
/** The requests are held at the probe until the new supergraph is served, which can take longer than the default 10 s deadline on a loaded machine. */
const HOLD_DEADLINE_MS = 60_000;
const HELD = '{ hotReloadHeld labsMembers(first: 1) { totalCount } }';
/** The probe is a subgraph of the graph, not a registry: the directory leaves it alone. */
const REGISTRIES = { probe: false } as const;
const FRESH = '{ hotReloadFresh }';

/** Bounded polling for something the test waits on (never a timing assertion: only a bound on the wait). */
async function eventually(what: string, check: () => Promise<boolean> | boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/**
 * A small subgraph whose schema the test changes while it runs: version 1 has `hotReloadHeld`,
 * which answers only when the test releases it; version 2 adds `hotReloadFresh`.
 */
class ProbeSubgraph {
  version: 1 | 2 = 1;
  arrivals = 0;
  private release!: () => void;
  private held!: Promise<void>;
  private readonly server: Server;
  private readonly schemas: Record<1 | 2, GraphQLSchema>;

  constructor() {
    const typeDefs = (fresh: boolean) =>
      parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
        "Entry points of the test's probe subgraph."
        type Query {
          "Answers once the test releases the requests in flight."
          hotReloadHeld: String
          ${fresh ? '"Only in the second version of the schema."\nhotReloadFresh: String' : ''}
        }`);
    const resolvers = {
      Query: {
        hotReloadHeld: async () => {
          this.arrivals += 1;
          await this.held;
          return 'held';
        },
        hotReloadFresh: () => 'fresh',
      },
    };
    this.schemas = { 1: buildSubgraphSchema({ typeDefs: typeDefs(false), resolvers }), 2: buildSubgraphSchema({ typeDefs: typeDefs(true), resolvers }) };
    this.reset();
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
        void graphql({ schema: this.schemas[this.version], source: query, variableValues: variables ?? null }).then((result) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(result));
        });
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  /** Back to version 1, with a new gate and no arrivals. */
  reset(): void {
    this.version = 1;
    this.arrivals = 0;
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  releaseHeld(): void {
    this.release();
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function compose(config: string, output: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'compose.ts'), '--config', config, '--output', output],
      { cwd: ROOT, env: process.env, timeout: 60_000 },
      (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
    );
  });
}

describe('the gateway swaps in a changed supergraph without restarting or failing requests in flight', () => {
  const running: RunningSubgraph[] = [];
  const probe = new ProbeSubgraph();
  let subgraphs: { name: string; url: string }[];
  let dir: string;

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    dir = mkdtempSync(join(tmpdir(), 'hot-reload-'));
    subgraphs = [];
    for (const definition of ALL_SUBGRAPHS) {
      const subgraph = await runSubgraph(definition, { port: 0, host: '127.0.0.1', databaseName: `registry_${definition.key}`, seedDemoData: true }, new MemoryStore());
      running.push(subgraph);
      subgraphs.push({ name: definition.key, url: subgraph.url });
    }
    subgraphs.push({ name: 'probe', url: await probe.start() });
  });

  afterAll(async () => {
    probe.releaseHeld();
    await Promise.all(running.map((subgraph) => subgraph.stop()));
    await probe.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Sends requests that stay in flight (held at the probe) while `change` changes the supergraph,
   * waits until the new field is served, then releases them: every one must have succeeded.
   */
  async function swapUnderLoad(gateway: RunningGateway, change: () => Promise<void>): Promise<GraphQLResponse<{ hotReloadHeld: string; labsMembers: { totalCount: number } }>[]> {
    probe.reset();
    const before = await postGraphQL(gateway.url, FRESH);
    expect(before.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // One caller each: the gateway shares identical in-flight fetches of one caller, and each request must reach the probe.
    const tokens = await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => testToken([], { subject: `held-${i}` })));
    const inFlight = tokens.map((token) =>
      postGraphQL<{ hotReloadHeld: string; labsMembers: { totalCount: number } }>(gateway.url, HELD, undefined, { authorization: `Bearer ${token}` }),
    );
    await eventually(`${IN_FLIGHT} requests held at the probe`, () => probe.arrivals === IN_FLIGHT);

    await change();
    await eventually('the new field served', async () => (await postGraphQL<{ hotReloadFresh: string }>(gateway.url, FRESH)).data?.hotReloadFresh === 'fresh');
    expect(probe.arrivals).toBe(IN_FLIGHT);
    probe.releaseHeld();
    return Promise.all(inFlight);
  }

  const expectAllSucceeded = (answers: GraphQLResponse<{ hotReloadHeld: string; labsMembers: { totalCount: number } }>[]) => {
    expect(answers).toHaveLength(IN_FLIGHT);
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(answer.data!.hotReloadHeld).toBe('held');
      expect(answer.data!.labsMembers.totalCount).toBeGreaterThan(0);
    }
  };

  it('when a subgraph changes its schema (recomposed in the gateway)', async () => {
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphTimeoutMs: HOLD_DEADLINE_MS,
      subgraphs,
      registries: REGISTRIES,
      startupTimeoutMs: 10_000,
      pollIntervalMs: 100,
    });
    try {
      const answers = await swapUnderLoad(gateway, async () => {
        probe.version = 2;
      });
      expectAllSucceeded(answers);
      expect(gateway.supergraph.sdl).toContain('hotReloadFresh');
    } finally {
      await gateway.stop();
    }
  });

  it('when npm run compose rewrites the supergraph file the gateway serves (SUPERGRAPH_FILE)', async () => {
    probe.reset();
    const config = join(dir, 'supergraph.yaml');
    writeFileSync(config, `subgraphs:\n${subgraphs.map((s) => `  ${s.name}:\n    routing_url: ${s.url}\n${s.name === 'probe' ? '    registry: false\n' : ''}`).join('')}`);
    const file = join(dir, 'supergraph.graphql');
    expect(await compose(config, file)).toMatchObject({ code: 0 });
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphTimeoutMs: HOLD_DEADLINE_MS,
      subgraphs,
      registries: REGISTRIES,
      startupTimeoutMs: 10_000,
      pollIntervalMs: 100,
      supergraphFile: file,
    });
    try {
      const answers = await swapUnderLoad(gateway, async () => {
        probe.version = 2;
        expect(await compose(config, file)).toMatchObject({ code: 0 });
      });
      expectAllSucceeded(answers);
      expect(gateway.supergraph.sdl).toBe(readFileSync(file, 'utf8'));
    } finally {
      await gateway.stop();
    }
  });

  it('refuses a supergraph file that is empty or not a supergraph, keeping the current one', async () => {
    probe.reset();
    const config = join(dir, 'supergraph.yaml');
    const file = join(dir, 'refused.graphql');
    expect(await compose(config, file)).toMatchObject({ code: 0 });
    const first = readFileSync(file, 'utf8');
    const source = new ComposedSupergraph(
      { subgraphs, registries: REGISTRIES, startupTimeoutMs: 1_000, staleStartAfterMs: 0, pollIntervalMs: 0, supergraphFile: file },
      { info: () => undefined, warn: () => undefined, error: () => undefined },
    );
    const updates: string[] = [];
    const update = (sdl: string) => void updates.push(sdl);
    const started = await source.initialize({ update });
    expect(started.supergraphSdl).toBe(supergraphForApolloGateway(first));

    writeFileSync(file, '');
    expect(source.reloadFile(update)).toBe(false);
    writeFileSync(file, 'type Query { notASupergraph: String }');
    expect(source.reloadFile(update)).toBe(false);
    // A supergraph composed by another tool, without the directory: no registry would be kept apart.
    writeFileSync(file, readFileSync(join(__dirname, '../../bench/federation-subgraphs/supergraph.graphql'), 'utf8'));
    expect(source.reloadFile(update)).toBe(false);
    const withoutDirectory = new ComposedSupergraph(
      { subgraphs, registries: REGISTRIES, startupTimeoutMs: 1_000, staleStartAfterMs: 0, pollIntervalMs: 0, supergraphFile: file },
      { info: () => undefined, warn: () => undefined, error: () => undefined },
    );
    await expect(withoutDirectory.initialize({ update })).rejects.toThrow(/has no directory subgraph joining registries: write it with `npm run compose/);
    expect(updates).toEqual([]);
    expect(source.sdl).toBe(first);

    probe.version = 2;
    expect(await compose(config, file)).toMatchObject({ code: 0 });
    expect(source.reloadFile(update)).toBe(true);
    expect(source.reloadFile(update)).toBe(false);
    expect(updates).toEqual([supergraphForApolloGateway(readFileSync(file, 'utf8'))]);
    expect(source.sdl).toContain('hotReloadFresh');
    await started.cleanup();
  });
});
