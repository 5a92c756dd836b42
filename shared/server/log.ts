/** One line per event, prefixed with the service's name, so five services can share a terminal. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function createLog(service: string): Log {
  const silent = process.env.LOG_LEVEL === 'silent';
  const line = (level: string, message: string) => `${new Date().toISOString()} ${level} [${service}] ${message}`;
  return {
    info: (message) => {
      if (!silent) console.log(line('INFO ', message));
    },
    warn: (message) => {
      if (!silent) console.warn(line('WARN ', message));
    },
    error: (message, error) => {
      if (!silent) console.error(line('ERROR', message), error instanceof Error ? error.message : (error ?? ''));
    },
  };
}
