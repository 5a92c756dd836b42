import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildClientSchema, getIntrospectionQuery, IntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';
import { apiSchemaOf } from '../../scripts/schema-workflow/changes';
import { freePort } from '../support/mongo-global-setup';

/**
 * The README's operator commands, exactly as it shows them (`npm run check -- labs
 * subgraphs/labs/schema.graphql`, `npm run compose`), against a graph started the way `npm start`
 * starts it (scripts/start-all.ts: four subgraph processes and the gateway, the gateway's key made
 * for the run), on free loopback ports instead of 4000-4004.
 */

const ROOT = join(__dirname, '..', '..');
const REGISTRIES = ['labs', 'auditors', 'engineering', 'guilds'];
/** Settings another suite of this worker, or the shell, may have left that would change how the graph starts. */
const LEFT_OVER = /^(GATEWAY_SIGNING_KEY|GATEWAY_JWKS|SUBGRAPH_|CALLER_ASSERTION|AUTH_|SUPERGRAPH_|MONGODB_URI|SCALE_SIZE|REDIS_URL|OTEL_|(LABS|AUDITORS|ENGINEERING|GUILDS)_)/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function npm(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const sorted = (sdl: string) => printSchema(lexicographicSortSchema(apiSchemaOf(sdl)));

describe("the README's check and compose against a graph started like npm start", () => {
  let dir: string;
  let graph: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  let gatewayUrl: string;
  const output: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'operator-commands-'));
    const ports = await Promise.all([...REGISTRIES, 'gateway'].map(() => freePort()));
    env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !LEFT_OVER.test(name))),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GATEWAY_PORT: String(ports[4]),
      // The gateway's last good supergraph, kept out of the checkout's .cache.
      SUPERGRAPH_CACHE: join(dir, 'last-good-supergraph.graphql'),
      ...Object.fromEntries(
        REGISTRIES.flatMap((name, i) => [
          [`${name.toUpperCase()}_PORT`, String(ports[i])],
          [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[i]}/graphql`],
        ]),
      ),
    };
    gatewayUrl = `http://127.0.0.1:${ports[4]}/graphql`;
    graph = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start-all.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    graph.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    graph.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const deadline = Date.now() + 150_000;
    for (;;) {
      const ready = await fetch(gatewayUrl.replace('/graphql', '/ready')).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (graph.exitCode !== null || Date.now() > deadline) throw new Error(`the graph did not become ready:\n${output.join('')}`);
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }, 180_000);

  afterAll(async () => {
    if (graph && graph.exitCode === null) {
      const exited = new Promise((resolve) => graph!.once('exit', resolve));
      graph.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('npm run check -- labs subgraphs/labs/schema.graphql: the unchanged subgraph checks clean', async () => {
    const run = await npm(['run', 'check', '--', 'labs', 'subgraphs/labs/schema.graphql'], env);
    expect({ code: run.code, stderr: run.stderr.replace(/^>.*$|^\s*$/gm, '').trim() }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('check: a changed labs subgraph against the supergraph of');
    expect(run.stdout).toContain('PASSED: composes, no breaking changes.');
    expect(run.stdout).not.toMatch(/error|BREAKING|WARNING|Added/);
  });

  it('npm run compose: writes the supergraph of the running subgraphs, the schema the gateway serves', async () => {
    const file = join(dir, 'supergraph.graphql');
    const run = await npm(['run', 'compose'], { ...env, SUPERGRAPH_FILE: file });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`compose: wrote ${file} from labs, auditors, engineering, guilds and the directory`);
    const introspection = (await (
      await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: getIntrospectionQuery() }) })
    ).json()) as { data: IntrospectionQuery };
    expect(sorted(readFileSync(file, 'utf8'))).toBe(printSchema(lexicographicSortSchema(buildClientSchema(introspection.data))));
  });
});
