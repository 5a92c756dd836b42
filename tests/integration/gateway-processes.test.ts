import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer, Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SubgraphFleet } from '../support/subgraph-fleet';

const ROOT = join(__dirname, '..', '..');
const GATEWAY_MAIN = join(ROOT, 'gateway', 'main.ts');

interface LogLine {
  level: string;
  msg: string;
  pid?: number;
  error?: string;
}

/** A gateway started as operators start it (`gateway/main.ts`), its JSON log lines collected. */
class GatewayRun {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', GATEWAY_MAIN], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) if (line.startsWith('{')) this.lines.push(JSON.parse(line) as LogLine);
    });
    this.child.stderr!.resume();
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Waits (up to 60 s) until `count` log lines match `pattern`, and returns them. */
  async waitFor(pattern: RegExp, count = 1): Promise<LogLine[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = this.lines.filter((line) => pattern.test(line.msg));
      if (found.length >= count) return found;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`no ${count} log lines matching ${pattern}; the log:\n${this.lines.map((l) => l.msg).join('\n')}`);
      await new Promise((wait) => setTimeout(wait, 50));
    }
  }
}

const MEMBERS = '{ labsMembers(first: 1) { nodes { labs { fullName } } } }';

/** One GET on a connection of its own, its body. */
function getOnNewConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

/** One POST on a connection of its own (no keep-alive), so the kernel may hand it to any process. */
function postOnNewConnection(url: string, query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the gateway on several processes behind one port (GATEWAY_PROCESSES)', () => {
  const fleet = new SubgraphFleet();
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    await fleet.startAll();
    workDir = mkdtempSync(join(tmpdir(), 'gateway-processes-'));
    const urls = Object.fromEntries(fleet.endpoints().map((endpoint) => [`${endpoint.name.toUpperCase()}_URL`, endpoint.url]));
    env = { ...urls, GATEWAY_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'test', SUPERGRAPH_CACHE: join(workDir, 'supergraph.graphql'), GATEWAY_PROCESSES: '2' };
  });
  afterAll(async () => {
    await fleet.stopAll();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('serves from both processes on one port, sums their metrics, replaces a process that dies, and stops them all on SIGTERM', async () => {
    const run = new GatewayRun(env);
    try {
      const ready = await run.waitFor(/^gateway ready at /, 2);
      const urls = new Set(ready.map((line) => line.msg.replace('gateway ready at ', '')));
      expect(urls.size).toBe(1);
      const url = [...urls][0]!;
      const workers = new Set(ready.map((line) => line.pid));
      expect(workers.size).toBe(2);
      expect(workers.has(run.pid)).toBe(false);

      const answers = await Promise.all(Array.from({ length: 24 }, () => postOnNewConnection(url, MEMBERS)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(24).fill(200));
      expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
      expect(JSON.parse(answers[0]!.body)).toMatchObject({ data: { labsMembers: { nodes: [{ labs: { fullName: expect.any(String) } }] } } });
      // Each process logs (and counts) a request once its answer is sent: wait for all 24 lines.
      const served = new Set((await run.waitFor(/^graphql request$/, 24)).map((line) => line.pid));
      expect([...served].filter((pid) => workers.has(pid)).length).toBe(2);

      const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
      expect(metrics).not.toMatch(/GATEWAY_SIGNING_KEY/);
      const requests = [...metrics.matchAll(/^graphql_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
      expect(requests).toBe(24);

      const victim = [...workers][0]!;
      process.kill(victim, 'SIGKILL');
      await run.waitFor(/ended \(signal SIGKILL\); starting another/);
      const again = await run.waitFor(/^gateway ready at /, 3);
      expect(new Set(again.map((line) => line.pid)).size).toBe(3);
      expect((await postOnNewConnection(url, MEMBERS)).body).toBe(answers[0]!.body);

      const alive = again.map((line) => line.pid!).filter((pid) => pid !== victim);
      run.signal('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(alive.filter(processAlive)).toEqual([]);
    } finally {
      run.signal('SIGKILL');
    }
  });

  it('gives its processes one signing key and one cursor secret when the operator gave none', async () => {
    const run = new GatewayRun({ ...env, GATEWAY_SIGNING_KEY: '', CURSOR_SECRET: '' });
    try {
      const ready = await run.waitFor(/^gateway ready at /, 2);
      const jwks = ready[0]!.msg.replace('gateway ready at ', '').replace('/graphql', '/.well-known/registries-gateway-jwks.json');
      const keySets = await Promise.all(Array.from({ length: 16 }, () => getOnNewConnection(jwks)));
      expect(new Set(keySets).size).toBe(1);
      expect(run.lines.filter((line) => /share (a key pair|a cursor secret) made for this run/.test(line.msg))).toHaveLength(2);
    } finally {
      run.signal('SIGKILL');
    }
  });

  it('refuses a process count it cannot use, naming the variable', async () => {
    const run = new GatewayRun({ ...env, GATEWAY_PROCESSES: 'many' });
    expect(await run.exited).toBe(1);
    expect(run.lines.map((line) => line.error ?? '').join('\n')).toMatch(/GATEWAY_PROCESSES must be a whole number from 1 to 64, or auto/);
  });

  it('stops every process and exits 1 when the processes cannot serve (the port is taken)', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = new GatewayRun({ ...env, GATEWAY_PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.lines.some((line) => /before it could serve; stopping the others/.test(line.msg))).toBe(true);
    } finally {
      taken.close();
    }
  });
});
