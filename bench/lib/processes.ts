import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Every process the benchmark started, so that an abort still stops them all (by their own ids). */
const started = new Set<ChildProcess>();

/** Kills (SIGKILL) every process the benchmark started that is still running. */
export function killAllStarted(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Remembers a child process until it exits, for killAllStarted(). */
export function track(child: ChildProcess): void {
  started.add(child);
  child.once('exit', () => started.delete(child));
}

process.on('exit', killAllStarted);

export interface Started {
  child: ChildProcess;
  pid: number;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `command args` pinned to `core` with taskset (when `core` is given and taskset exists;
 * taskset execs the command, so the pid is the program's own). Output goes to `logFile`.
 */
export function startProcess(command: string, args: string[], options: { core?: number | string | undefined; logFile: string; env?: NodeJS.ProcessEnv; cwd: string }): Started {
  const [file, argv] = options.core === undefined ? [command, args] : ['taskset', ['-c', String(options.core), command, ...args]];
  const log = openSync(options.logFile, 'a');
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  track(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, pid: child.pid, logFile: options.logFile, exited };
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export async function stopProcess(started: Started, graceMs = 5_000): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGTERM');
  const timer = setTimeout(() => started.child.kill('SIGKILL'), graceMs);
  await started.exited;
  clearTimeout(timer);
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every 250 ms until it resolves true, the process exits, or `timeoutMs` passes
 * (at most timeoutMs / 250 attempts).
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, started?: Started): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / 250) + 1;
  for (let attempt = 0; attempt < maxAttempts && Date.now() < deadline; attempt += 1) {
    if (started && (started.child.exitCode !== null || started.child.signalCode !== null)) {
      throw new Error(`${what}: the process exited (${started.child.exitCode ?? started.child.signalCode}); its log ends:\n${tail(started.logFile)}`);
    }
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms${started ? `; its log ends:\n${tail(started.logFile)}` : ''}`);
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
