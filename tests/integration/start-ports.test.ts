import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfig } from '../../gateway/config';
import { PORT_BASE_VARIABLE, startPorts } from '../../scripts/start-ports';

/**
 * `npm start` (scripts/start-all.ts) on ports that are taken, and moved with PORT_BASE: a taken port
 * stops it before anything starts, with a message naming the port and PORT_BASE; PORT_BASE moves
 * the gateway and every subgraph, and the graph then runs there.
 */

const ROOT = join(__dirname, '..', '..');
const SUBGRAPHS = readSupergraphConfig(DEFAULT_SUPERGRAPH_CONFIG, {});
const upper = (name: string) => name.toUpperCase();
/** Settings another suite of this worker, or the shell, may have left that would change how the graph starts. */
const LEFT_OVER = new RegExp(
  `^(PORT_BASE|GATEWAY_PORT|GATEWAY_SIGNING_KEY|GATEWAY_JWKS|SUBGRAPH_|CALLER_ASSERTION|AUTH_|SUPERGRAPH_|MONGODB_URI|SCALE_SIZE|REDIS_URL|OTEL_|(${SUBGRAPHS.map((s) => upper(s.name)).join('|')})_)`,
);
const cleanEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !LEFT_OVER.test(name))),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  ...extra,
});

const listen = (port: number): Promise<Server | undefined> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** A first port with the next `count - 1` free too (checked by listening on each, then letting go). */
async function freeRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const held = await Promise.all(Array.from({ length: count }, (_, i) => listen(base + i)));
    await Promise.all(held.filter((s): s is Server => s !== undefined).map(close));
    if (held.every((s) => s !== undefined)) return base;
  }
  throw new Error(`no ${count} free ports in a row on 127.0.0.1`);
}

function start(env: NodeJS.ProcessEnv): { child: ChildProcess; output: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start-all.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe('the ports of npm start', () => {
  it("come from PORT_BASE: the gateway on it, the subgraphs after it in the config order, their URLs with them; a service's own variable wins", () => {
    const ports = startPorts(SUBGRAPHS, { [PORT_BASE_VARIABLE]: '5000' });
    expect(ports.gateway).toMatchObject({ port: 5000, variable: 'GATEWAY_PORT' });
    expect(ports.subgraphs.map((p) => p.port)).toEqual(SUBGRAPHS.map((_, i) => 5001 + i));
    const first = SUBGRAPHS[0]!;
    expect(ports.env[`${upper(first.name)}_URL`]).toBe(`${new URL(first.url).protocol}//${new URL(first.url).hostname}:5001/graphql`);
    expect(startPorts(SUBGRAPHS, { [PORT_BASE_VARIABLE]: '5000', GATEWAY_PORT: '6000' }).gateway.port).toBe(6000);
    expect(startPorts(SUBGRAPHS, {}).gateway.port).toBe(4000);
    expect(() => startPorts(SUBGRAPHS, { [PORT_BASE_VARIABLE]: 'four thousand' })).toThrow(/PORT_BASE must be a port number/);
  });

  it('with a port taken: stops before starting anything, naming the port, its service and PORT_BASE', async () => {
    const base = await freeRun(SUBGRAPHS.length + 1);
    const squatter = (await listen(base + 1))!;
    try {
      const run = start(cleanEnv({ [PORT_BASE_VARIABLE]: String(base) }));
      const code = await run.exited;
      const text = run.output.join('');
      expect(code).toBe(1);
      expect(text).toContain(`port ${base + 1} (subgraph ${SUBGRAPHS[0]!.name}, ${upper(SUBGRAPHS[0]!.name)}_PORT) is taken`);
      expect(text).toMatch(/Set PORT_BASE to move every port/);
      // nothing was started: the gateway's port stayed free
      const probe = await listen(base);
      expect(probe).toBeDefined();
      await close(probe!);
    } finally {
      await close(squatter);
    }
  }, 120_000);

  it('with PORT_BASE on free ports: the graph runs there', async () => {
    const base = await freeRun(SUBGRAPHS.length + 1);
    const run = start(cleanEnv({ [PORT_BASE_VARIABLE]: String(base), SUPERGRAPH_CACHE: join(tmpdir(), `start-ports-${base}.graphql`) }));
    try {
      const gateway = `http://127.0.0.1:${base}`;
      const deadline = Date.now() + 150_000;
      while (
        !(await fetch(`${gateway}/ready`).then(
          (r) => r.status === 200,
          () => false,
        ))
      ) {
        if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`the graph did not become ready on ${base}:\n${run.output.join('')}`);
        await new Promise((wait) => setTimeout(wait, 250));
      }
      for (const [i, subgraph] of SUBGRAPHS.entries()) {
        const health = await fetch(`http://127.0.0.1:${base + 1 + i}/health`);
        expect(((await health.json()) as { subgraph?: string }).subgraph).toBe(subgraph.name);
      }
      const answer = await fetch(`${gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      if (run.child.exitCode === null) {
        run.child.kill('SIGTERM');
        await run.exited;
      }
    }
  }, 180_000);
});
