import cluster, { Worker } from 'node:cluster';
import { Log } from '../../shared/server/log';
import { serveClusterMetrics } from './cluster-metrics';

export interface SupervisorOptions {
  /** How many worker processes to keep running. */
  count: number;
  /** The module each worker runs; the supervisor's own entry point when absent. */
  exec?: string;
  log: Log;
  /** How long the workers have to finish their requests after SIGTERM or SIGINT before they are killed. */
  stopGraceMs?: number;
  /** Restarts of workers that ended on their own allowed per minute before the supervisor gives up. */
  maxRestartsPerMinute?: number;
}

const DEFAULT_STOP_GRACE_MS = 15_000;

/**
 * The primary process of a gateway run on several cores: forks `count` workers (node:cluster, so
 * they share one listening port and the kernel hands connections to them in turn), passes SIGHUP on
 * to each (signing-key reload), stops them all on SIGTERM or SIGINT and exits when the last has
 * ended. A worker that ends on its own after it was listening is replaced; one that ends before it
 * ever listened could not start (a refused setting, a port in use), so all are stopped and the
 * supervisor exits 1 rather than start it again and again.
 */
export function superviseWorkers(options: SupervisorOptions): void {
  const { count, log } = options;
  const grace = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const maxRestarts = options.maxRestartsPerMinute ?? Math.max(3, count * 3);
  const listening = new Set<number>();
  const restarts: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const workers = (): Worker[] => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);

  const stopAll = (code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    log.info(`stopping ${workers().length} gateway processes: each finishes its requests in flight`);
    for (const worker of workers()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of workers()) worker.process.kill('SIGKILL');
    }, grace).unref();
    if (workers().length === 0) process.exit(exitCode);
  };

  cluster.on('listening', (worker) => listening.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping) {
      if (code !== 0 && signal !== 'SIGTERM') exitCode = 1;
      if (workers().length === 0) process.exit(exitCode);
      return;
    }
    if (!listening.has(worker.id)) {
      log.error(`gateway process ${worker.process.pid} ended (${how}) before it could serve; stopping the others`);
      stopAll(1);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
    if (restarts.length > maxRestarts) {
      log.error(`gateway processes ended ${restarts.length} times within a minute; stopping the others`);
      stopAll(1);
      return;
    }
    log.warn(`gateway process ${worker.process.pid} ended (${how}); starting another`);
    cluster.fork();
  });

  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));
  process.on('SIGHUP', () => {
    for (const worker of workers()) worker.process.kill('SIGHUP');
  });
  if (options.exec) cluster.setupPrimary({ exec: options.exec });
  serveClusterMetrics();
  log.info(`starting ${count} gateway processes on one port`);
  for (let i = 0; i < count; i += 1) cluster.fork();
}
