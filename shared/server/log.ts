import cluster from 'node:cluster';
import pino, { DestinationStream, Level, Logger } from 'pino';
import { serviceVariables } from '../config';
import { textOf } from '../text/text-of';

/** What most code needs of a log: a message per event, at three levels. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Structured fields of a log line (`requestId`, `operationName`, `durationMs`...). */
export type LogFields = Record<string, unknown>;

/**
 * A service's log: structured JSON lines (pino), one per event, each with `level`, `time`,
 * `service` and `msg`, plus the fields given. `LOG_LEVEL` sets the level (`info` by default;
 * `silent` turns logs off, `debug` adds a line per subgraph fetch at the gateway).
 */
export interface ServiceLog extends Log {
  debug(message: string, fields?: LogFields): void;
  /** One line at `level` with `fields` beside the message. */
  event(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: LogFields): void;
  /** The pino logger underneath, for libraries that take one. */
  readonly pino: Logger;
}

const logLevelVariable = serviceVariables.pick({ LOG_LEVEL: true });

/**
 * `LOG_LEVEL`, or `info` when it is unset, or not a level pino knows: a log is needed to say what is
 * wrong, so this never refuses; the service's start refuses a bad `LOG_LEVEL` (shared/config).
 */
export function logLevelFromEnvironment(env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  const read = logLevelVariable.safeParse(env);
  return read.success ? read.data.LOG_LEVEL : 'info';
}

let destinationOverride: DestinationStream | undefined;

/**
 * Sends the lines of logs created from now on to `destination` (a test's capture) instead of
 * standard output; `undefined` goes back to standard output.
 */
export function useLogDestination(destination: DestinationStream | undefined): void {
  destinationOverride = destination;
}

/** Standard output, written synchronously so that the last lines before an exit are not lost. */
let stdout: DestinationStream | undefined;
const standardOutput = (): DestinationStream => (stdout ??= pino.destination({ dest: 1, sync: true }));

const errorText = (error: unknown): string | undefined => (error === undefined ? undefined : error instanceof Error ? error.message : textOf(error));

/** A JSON log for `service` (`gateway`, `labs`...), at `LOG_LEVEL`. */
export function createLog(service: string, options: { level?: Level | 'silent'; destination?: DestinationStream } = {}): ServiceLog {
  const logger = pino(
    {
      level: options.level ?? logLevelFromEnvironment(),
      // One of several processes behind one port (`GATEWAY_PROCESSES`) says which it is.
      base: cluster.isWorker ? { service, pid: process.pid } : { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? destinationOverride ?? standardOutput(),
  );
  return {
    pino: logger,
    debug: (message, fields) => logger.debug(fields ?? {}, message),
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => {
      const text = errorText(error);
      if (text === undefined) logger.error(message);
      else logger.error({ error: text }, message);
    },
    event: (level, message, fields) => logger[level](fields, message),
  };
}
