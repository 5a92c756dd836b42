import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';

/** The redis-server binary the Redis suites start (Debian's `redis-server`); `REDIS_SERVER` names another. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** Why the Redis suites cannot run here, or undefined when they can; a skipped suite says this reason. */
export function redisServerMissing(): string | undefined {
  try {
    accessSync(REDIS_SERVER, constants.X_OK);
    return undefined;
  } catch {
    return `${REDIS_SERVER} is not installed (apt-get install redis-server, as scripts/ci/install-system-packages.sh does; or set REDIS_SERVER)`;
  }
}

/** A Redis server this test started, on loopback, keeping nothing on disk. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port free on loopback now (the OS's pick for port 0). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port for Redis');
  return address.port;
}

const READY_TIMEOUT_MS = 15_000;

/** Resolves once the server says it accepts connections; rejects when it exits first or says nothing in time. */
function whenReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not get ready within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      child.stdout?.removeListener('data', onData);
      child.removeListener('exit', onExit);
    };
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Ready to accept connections/i.test(output)) {
        done();
        resolve();
      }
    };
    const onExit = (code: number | null) => fail(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts `redis-server` on a free loopback port with persistence off (`--save ''`, `--appendonly
 * no`), and stops it (SIGTERM, then SIGKILL after 5 s) when asked.
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freeLoopbackPort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'notice'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.resume();
  try {
    await whenReady(child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.stdout?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
