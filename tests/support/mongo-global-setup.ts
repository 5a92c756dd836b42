import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { MongoMemoryServer } from 'mongodb-memory-server-core';

/**
 * Jest globalSetup: finds a MongoDB wire-protocol server for the suites that run the MongoDB adapter,
 * in this order:
 *
 *   1. `MONGODB_URI`, when set (used as given, even when it does not answer: the suites then fail);
 *   2. a MongoDB binary through mongodb-memory-server, if it starts within MONGOMS_START_TIMEOUT_MS
 *      (20 s by default; it needs the binary in its cache or a reachable download server);
 *   3. FerretDB (SQLite backend) built by `scripts/ferretdb/build.sh` into
 *      `$FERRETDB_CACHE_DIR/v1.24.2/ferretdb` (default `.cache/ferretdb`), on a free loopback port
 *      with a fresh temporary directory;
 *   4. nothing: the suites are skipped, naming the reason.
 *
 * The test workers read `MONGODB_URI` (where), `MONGODB_SERVER` (what, for suite titles) and
 * `MONGODB_SKIP_REASON` (why not). Set `MONGODB_SKIP=1` to skip the MongoDB suites deliberately.
 */

export const FERRETDB_VERSION = 'v1.24.2';
const ROOT = resolve(__dirname, '..', '..');
const DEFAULT_MEMORY_SERVER_TIMEOUT_MS = 20_000;
const FERRETDB_START_TIMEOUT_MS = 20_000;

/** What setup started, for the teardown (globalSetup and globalTeardown share one process). */
export interface ProvisionedServer {
  stop(): Promise<void>;
}
const STATE_KEY = '__registriesMongoTestServer__';
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: ProvisionedServer };

export function takeProvisionedServer(): ProvisionedServer | undefined {
  const state = globalThis as GlobalWithState;
  const server = state[STATE_KEY];
  delete state[STATE_KEY];
  return server;
}

interface Found {
  uri: string;
  description: string;
  server?: ProvisionedServer;
}

export default async function mongoGlobalSetup(): Promise<void> {
  delete process.env.MONGODB_SERVER;
  delete process.env.MONGODB_SKIP_REASON;
  const { found, reasons } = await provision();
  if (found) {
    process.env.MONGODB_URI = found.uri;
    process.env.MONGODB_SERVER = found.description;
    if (found.server) (globalThis as GlobalWithState)[STATE_KEY] = found.server;
    announce(`MongoDB suites run on ${found.description}`);
  } else {
    delete process.env.MONGODB_URI;
    const reason = reasons.join('; ');
    process.env.MONGODB_SKIP_REASON = reason;
    announce(`MongoDB suites skipped: ${reason}`);
  }
}

function announce(line: string): void {
  // stderr, like jest's own reporters: stdout may carry `--json` results.
  process.stderr.write(`\n${line}\n`);
}

async function provision(): Promise<{ found?: Found; reasons: string[] }> {
  const reasons: string[] = [];
  if (process.env.MONGODB_URI) return { found: await fromEnvironment(process.env.MONGODB_URI), reasons };
  if (process.env.MONGODB_SKIP && process.env.MONGODB_SKIP !== '0' && process.env.MONGODB_SKIP !== 'false') {
    return { reasons: ['MONGODB_SKIP is set'] };
  }
  for (const attempt of [fromMemoryServer, fromFerretDb]) {
    const result = await attempt();
    if (typeof result === 'string') reasons.push(result);
    else return { found: result, reasons };
  }
  return { reasons: ['MONGODB_URI is not set', ...reasons] };
}

/** 1. The server the caller named. */
async function fromEnvironment(uri: string): Promise<Found> {
  const where = redact(uri);
  try {
    const info = await serverInfo(uri, 5_000);
    const what = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion.replace(/^v/, '')}` : `server version ${info.version}`;
    return { uri, description: `MONGODB_URI ${where} (${what})` };
  } catch (error) {
    return { uri, description: `MONGODB_URI ${where} (not answering: ${firstLine(error)})` };
  }
}

/** 2. A MongoDB binary through mongodb-memory-server, when it can start one quickly. */
async function fromMemoryServer(): Promise<Found | string> {
  const timeoutMs = Number(process.env.MONGOMS_START_TIMEOUT_MS ?? DEFAULT_MEMORY_SERVER_TIMEOUT_MS);
  // The library reports a failed download on the console, several lines per retry; keep the reason
  // for our one line instead, until the attempt is over (it may outlive our timeout).
  const { warn, error: consoleError } = console;
  const noise = /^(Could NOT download|Starting the MongoMemoryServer Instance failed)/;
  const filtered =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (!(typeof args[0] === 'string' && noise.test(args[0]))) write.apply(console, args);
    };
  const quietWarn = filtered(warn);
  const quietError = filtered(consoleError);
  console.warn = quietWarn;
  console.error = quietError;
  const restoreConsole = () => {
    if (console.warn === quietWarn) console.warn = warn;
    if (console.error === quietError) console.error = consoleError;
  };
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const starting = MongoMemoryServer.create({ instance: { ip: '127.0.0.1' } });
  starting.then(restoreConsole, restoreConsole);
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new Error(`it did not start within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
    });
    const server = await Promise.race([starting, timeout]);
    const uri = server.getUri();
    const stop = async () => {
      await server.stop({ doCleanup: true, force: true });
    };
    try {
      const info = await serverInfo(uri, 5_000);
      return { uri, description: `MongoDB ${info.version} via mongodb-memory-server at ${hostOf(uri)}`, server: { stop } };
    } catch (error) {
      await stop();
      return `mongodb-memory-server started a server that did not answer (${firstLine(error)})`;
    }
  } catch (error) {
    if (timedOut) {
      // It may still finish (a slow download): stop whatever it starts then.
      starting.then((late) => late.stop({ doCleanup: true, force: true })).catch(() => undefined);
    }
    return `mongodb-memory-server could not start MongoDB (${firstLine(error)})`;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function ferretDbBinaryPath(): string {
  const cacheDir = process.env.FERRETDB_CACHE_DIR ? resolve(process.env.FERRETDB_CACHE_DIR) : join(ROOT, '.cache', 'ferretdb');
  return join(cacheDir, FERRETDB_VERSION, 'ferretdb');
}

/** 3. FerretDB from the cache, on a free loopback port, in a fresh temporary directory. */
async function fromFerretDb(): Promise<Found | string> {
  const binary = ferretDbBinaryPath();
  if (!existsSync(binary)) {
    return `no FerretDB binary at ${binary} (build it with \`bash scripts/ferretdb/build.sh\`, which needs Go)`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'registries-ferretdb-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  let lastFailure = '';
  // A free port can be taken between finding it and FerretDB binding it: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const started = await startFerretDb(binary, dir, port);
    if (typeof started === 'string') {
      lastFailure = started;
      continue;
    }
    const version = started.ferretdbVersion?.replace(/^v/, '') ?? FERRETDB_VERSION.replace(/^v/, '');
    return {
      uri: `mongodb://127.0.0.1:${port}/`,
      description: `FerretDB ${version} (SQLite backend) at 127.0.0.1:${port}`,
      server: {
        stop: async () => {
          await started.stop();
          removeDir();
        },
      },
    };
  }
  removeDir();
  return `FerretDB at ${binary} did not start (${lastFailure})`;
}

export interface StartedFerretDb {
  ferretdbVersion?: string;
  stop: () => Promise<void>;
}

/** FerretDB's command line: the SQLite backend with its data and state in `dir`, listening on 127.0.0.1:`port`. */
export function ferretDbArguments(dir: string, port: number): string[] {
  return [
    '--handler=sqlite',
    // WAL (FerretDB's default) synced at checkpoints rather than every commit: a commit still survives the
    // process killed with SIGKILL, which is what the suites do to it; only the machine losing power could lose one.
    `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
    `--listen-addr=127.0.0.1:${port}`,
    // Its HTTP listener for metrics and profiling: an ephemeral loopback port, so two runs never collide.
    '--debug-addr=127.0.0.1:0',
    '--telemetry=disable',
    `--state-dir=${dir}`,
    '--log-level=warn',
  ];
}

/**
 * Starts FerretDB (SQLite backend) on 127.0.0.1:`port` with its data and state in `dir`, and waits
 * until it answers a ping; returns a handle to stop it, or why it did not start.
 */
export async function startFerretDb(binary: string, dir: string, port: number): Promise<StartedFerretDb | string> {
  const child = spawn(binary, ferretDbArguments(dir, port), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (output.length < 4_000) output += chunk;
  });
  let exited: string | undefined;
  const exit = new Promise<void>((done) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      done();
    });
    child.once('error', (error) => {
      exited = `could not run: ${error.message}`;
      done();
    });
  });
  // Should jest die without running the teardown, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited === undefined) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(force);
    }
  };

  const uri = `mongodb://127.0.0.1:${port}/`;
  const deadline = Date.now() + FERRETDB_START_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline && exited === undefined) {
    try {
      const info = await serverInfo(uri, 1_000);
      if (exited !== undefined) break;
      return { ...(info.ferretdbVersion ? { ferretdbVersion: info.ferretdbVersion } : {}), stop };
    } catch (error) {
      lastError = firstLine(error);
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }
  await stop();
  const said = firstLine(output.trim());
  return exited !== undefined ? `it ${exited}${said ? `: ${said}` : ''}` : `no answer to ping on 127.0.0.1:${port} within ${FERRETDB_START_TIMEOUT_MS / 1000} s (${lastError})`;
}

/**
 * Pings the server, then asks `buildInfo` for its version, and FerretDB's own when it is FerretDB
 * (1.x answers `ferretdbVersion`, 2.x `ferretdb.version`).
 */
export async function serverInfo(uri: string, timeoutMs: number): Promise<{ version: string; ferretdbVersion?: string }> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, appName: 'registries-test-setup' });
  try {
    const admin = client.db('admin');
    await admin.command({ ping: 1 });
    const info = await admin.command({ buildInfo: 1 });
    const ferretdb = info.ferretdb as { version?: unknown } | undefined;
    const ferretdbVersion = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : typeof ferretdb?.version === 'string' ? ferretdb.version : undefined;
    return { version: String(info.version), ...(ferretdbVersion ? { ferretdbVersion } : {}) };
  } finally {
    await client.close();
  }
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** The URI without credentials, query or database: what a log line may show. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');
}

function hostOf(uri: string): string {
  return redact(uri)
    .replace(/^mongodb(\+srv)?:\/\//, '')
    .replace(/\/.*$/, '');
}

/** An error's message on one line, short enough for a suite title. */
function firstLine(value: unknown): string {
  const text = (value instanceof Error ? value.message : String(value)).replace(/\s*\n\s*/g, ' ').trim();
  return text.length > 240 ? `${text.slice(0, 237)}...` : text;
}
