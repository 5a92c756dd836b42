import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { ComposedSupergraph } from '../../gateway/supergraph-source';
import { MemoryStore } from '../../shared/store/memory-store';
import { auditorsSubgraph } from '../../subgraphs/auditors';
import { engineeringSubgraph } from '../../subgraphs/engineering';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { labsSubgraph } from '../../subgraphs/labs';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The gateway recomposes on an interval (SUPERGRAPH_POLL_MS), on the event loop every request waits
 * on: seconds for the four registries, and 7 to 11 s each time, every 10 s, for a registry whose
 * schema grew 440 KB of types it made up (audit, 2026-12-07). Schemas it composed already, or
 * refused, are not composed again.
 */
describe('recomposing the supergraph', () => {
  let server: Server;
  let sdl: string;
  let url: string;
  const errors: string[] = [];

  beforeAll(async () => {
    sdl = printSubgraphSchema(labsSubgraph.create(new MemoryStore()).module.schema);
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { _service: { sdl } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('composes a changed schema, and a schema that does not compose once, not at every look', async () => {
    const source = new ComposedSupergraph(
      { subgraphs: [{ name: 'labs', url }], startupTimeoutMs: 5_000, staleStartAfterMs: 0, pollIntervalMs: 0 },
      { ...quiet, error: (message: string) => void errors.push(message) },
    );
    const update = jest.fn();
    await source.initialize({ update });
    await source.recompose(update);
    expect(update).not.toHaveBeenCalled();
    // A schema that changed is composed and served.
    sdl = `${sdl}\nextend type Query { labsProbe: String }\n`;
    await source.recompose(update);
    expect(update).toHaveBeenCalledTimes(1);
    expect(source.sdl).toContain('labsProbe');
    // One that does not compose is refused once, and not composed (nor refused) again while it stays the same.
    const composed = source.sdl;
    sdl = `${sdl}\ntype Broken { field: Missing }\n`;
    for (let look = 0; look < 3; look++) await source.recompose(update);
    expect(errors).toEqual(['the subgraphs no longer compose; keeping the current supergraph']);
    expect(source.sdl).toBe(composed);
    // Taken back, and changed again: composed again.
    sdl = `${sdl.replace('type Broken { field: Missing }', '')}\nextend type Query { labsProbe2: String }\n`;
    await source.recompose(update);
    expect(update).toHaveBeenCalledTimes(2);
  });

  it('tries a composition stopped past its time once more at the next look, then counts it as refused until the schemas change', async () => {
    const stopped: string[] = [];
    const source = new ComposedSupergraph(
      { subgraphs: [{ name: 'labs', url }], startupTimeoutMs: 5_000, staleStartAfterMs: 0, pollIntervalMs: 0, compositionLimits: { timeoutMs: 1, maxHeapMb: 1024 } },
      { ...quiet, error: (_message: string, error?: unknown) => void stopped.push(String((error as Error | undefined)?.message)) },
    );
    const update = jest.fn();
    await source.initialize({ update });
    sdl = `${sdl}\nextend type Query { labsProbe3: String }\n`;
    for (let look = 0; look < 3; look++) await source.recompose(update);
    expect(stopped).toEqual([expect.stringContaining('composition took longer than 1 ms'), expect.stringContaining('composition took longer than 1 ms')]);
    expect(update).not.toHaveBeenCalled();
  });
});

/**
 * An association removed from the supergraph config leaves the graph at the next look, even while
 * another subgraph cannot be reached: until 2026-12-07 any unreachable subgraph kept the current
 * supergraph, so the removed registry stayed routed (sent every caller's requests and its members'
 * codes) for as long as that other one stayed down (lifecycle audit).
 */
describe('a registry removed from the configuration while another subgraph is down', () => {
  const servers: Server[] = [];
  const down = new Set<string>();
  /** The subgraphs serving a schema that does not compose (their own, with a type naming one that is not there). */
  const broken = new Set<string>();
  let dir: string;

  async function serve(name: string, sdl: string): Promise<string> {
    const server = createServer((_request, response) => {
      if (down.has(name)) return void response.destroy();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { _service: { sdl: broken.has(name) ? `${sdl}\ntype Broken { field: Missing }\n` : sdl } } }));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }

  const entry = (name: string, url: string) =>
    `  ${name}:\n    routing_url: ${url}\n    registry:\n      enum_value: ${name.toUpperCase()}\n      names: { fa: '${name}', en: '${name}' }\n`;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'recomposition-'))));
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each demo registry's schema, printed once. */
  const schemas = {
    labs: printSubgraphSchema(labsSubgraph.create(new MemoryStore()).module.schema),
    auditors: printSubgraphSchema(auditorsSubgraph.create(new MemoryStore()).module.schema),
    engineering: printSubgraphSchema(engineeringSubgraph.create(new MemoryStore()).module.schema),
    guilds: printSubgraphSchema(guildsSubgraph.create(new MemoryStore()).module.schema),
  };
  type Name = keyof typeof schemas;

  /**
   * The four registries serving their schemas on servers of their own, and a gateway's supergraph source
   * composed from labs, auditors and engineering as a config file (`configName`) lists them; `configure`
   * writes the file again with other names.
   */
  async function servedGraph(configName: string, log: { warn?: (message: string) => void; error?: (message: string) => void } = {}) {
    down.clear();
    broken.clear();
    const urls = {} as Record<Name, string>;
    for (const name of Object.keys(schemas) as Name[]) urls[name] = await serve(name, schemas[name]);
    const configFile = join(dir, `${configName}.yaml`);
    const configure = (names: Name[]) => writeFileSync(configFile, `federation_version: =2.7.0\nsubgraphs:\n${names.map((n) => entry(n, urls[n])).join('')}`);
    configure(['labs', 'auditors', 'engineering']);
    const source = new ComposedSupergraph({ subgraphs: [], configFile, startupTimeoutMs: 10_000, staleStartAfterMs: 0, pollIntervalMs: 0 }, { ...quiet, ...log });
    source.readConfiguration();
    await source.initialize({ update: jest.fn() });
    return { source, configure };
  }

  it('takes it out, composing the unreachable one with the schema it was served with', async () => {
    const warnings: string[] = [];
    const { source, configure } = await servedGraph('down', { warn: (message: string) => void warnings.push(message) });
    const update = jest.fn();
    expect(source.routes.map((route) => route.name).sort()).toEqual(['auditors', 'engineering', 'labs']);

    // Auditors down, nothing else changed: the current supergraph is kept, and not composed again.
    down.add('auditors');
    await source.recompose(update);
    expect(update).not.toHaveBeenCalled();
    expect(warnings).toEqual([expect.stringContaining('cannot read the schema of auditors; keeping the current supergraph')]);

    // Engineering removed from the configuration while auditors is still down: it leaves the graph now.
    configure(['labs', 'auditors']);
    await source.recompose(update);
    expect(update).toHaveBeenCalledTimes(1);
    expect(source.routes.map((route) => route.name).sort()).toEqual(['auditors', 'labs']);
    expect(source.directory?.registries.map((registry) => registry.key).sort()).toEqual(['auditors', 'labs']);
    expect(source.sdl).not.toContain('engineeringMembers');
    expect(source.sdl).toContain('labsMembers');
    expect(warnings).toEqual([
      expect.stringContaining('cannot read the schema of auditors; keeping the current supergraph'),
      expect.stringContaining('cannot read the schema of auditors; composing with the schema it was served with, to take out engineering'),
    ]);
  }, 60_000);

  it('takes it out while another serves a schema that does not compose, composing that one with the schema it was served with', async () => {
    const errors: string[] = [];
    const { source, configure } = await servedGraph('refused', { error: (message: string) => void errors.push(message) });
    const update = jest.fn();

    // Auditors serves a schema that does not compose: refused, the current supergraph kept.
    broken.add('auditors');
    await source.recompose(update);
    expect(update).not.toHaveBeenCalled();
    expect(errors).toEqual(['the subgraphs no longer compose; keeping the current supergraph']);

    // Engineering removed from the configuration while auditors still serves it: it leaves the graph now.
    configure(['labs', 'auditors']);
    await source.recompose(update);
    expect(update).toHaveBeenCalledTimes(1);
    expect(source.routes.map((route) => route.name).sort()).toEqual(['auditors', 'labs']);
    expect(source.sdl).not.toContain('engineeringMembers');
    expect(source.sdl).toContain('auditorsMembers');
    expect(source.sdl).not.toContain('Broken');
  }, 60_000);

  it('takes it out while a registry added in the same edit does not answer, which joins once it does', async () => {
    const warnings: string[] = [];
    const { source, configure } = await servedGraph('joining-down', { warn: (message: string) => void warnings.push(message) });
    down.add('guilds');
    configure(['labs', 'auditors', 'guilds']);
    const update = jest.fn();
    await source.recompose(update);
    expect(update).toHaveBeenCalledTimes(1);
    expect(source.routes.map((route) => route.name).sort()).toEqual(['auditors', 'labs']);
    expect(source.sdl).not.toContain('engineeringMembers');
    expect(warnings).toEqual([
      expect.stringContaining('cannot read the schema of guilds; leaving out guilds until it answers and composing with the schema it was served with, to take out engineering'),
    ]);

    down.delete('guilds');
    await source.recompose(update);
    expect(source.routes.map((route) => route.name).sort()).toEqual(['auditors', 'guilds', 'labs']);
  }, 60_000);

  it('takes it out while a registry added in the same edit serves a schema that does not compose', async () => {
    const { source, configure } = await servedGraph('joining-refused');
    broken.add('guilds');
    configure(['labs', 'auditors', 'guilds']);
    const update = jest.fn();
    await source.recompose(update);
    expect(update).toHaveBeenCalledTimes(1);
    expect(source.routes.map((route) => route.name).sort()).toEqual(['auditors', 'labs']);
    expect(source.sdl).not.toContain('engineeringMembers');
    expect(source.sdl).not.toContain('Broken');
  }, 60_000);
});
