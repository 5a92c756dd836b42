import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { printSubgraphSchema } from '@apollo/subgraph';
import { ComposedSupergraph } from '../../gateway/supergraph-source';
import { MemoryStore } from '../../shared/store/memory-store';
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
