import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository this test runs in. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` in `cwd` until it exits (or `timeout`), with what it printed. */
export function runNode(cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Runs one of the repository's TypeScript scripts (as `npm run` would, through tsx) in `cwd`. */
export const runScript = (cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeout?: number): Promise<Run> =>
  runNode(cwd, ['--import', 'tsx', join(cwd, file), ...args], env, timeout);

/**
 * A copy of the repository as it is on disk (tracked files and new ones not ignored; node_modules
 * linked, not copied), so what a test writes (a scaffold, a config) lands there and never here.
 */
export function copyOfRepository(prefix = 'repository-copy-'): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(REPOSITORY_ROOT, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(from, join(copy, file));
  }
  symlinkSync(join(REPOSITORY_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** A loopback port nothing listens on at the moment. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Bounded polling for something a test waits on (a bound on the wait, never a timing assertion). */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, tries = 600, everyMs = 100): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up waiting: ${what}`);
}

/** A service of the copy run as its own process (`node --import tsx <entry>`), its output kept for when it fails. */
export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then waits for it to exit; its exit code. */
  stop(): Promise<number | null>;
}

export function startService(cwd: string, entry: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(cwd, entry)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
