import { readAll, readConfiguration, serviceVariables } from '../config';
import { createLog } from './log';
import { startTracingFromEnvironment, Tracing } from './tracing';

/**
 * Runs a service until SIGINT or SIGTERM, then lets it stop (finishing the requests in flight) and
 * exits 0, or 1 if stopping failed; a service that cannot start exits 1 with the reason. `settings`
 * reads the service's configuration first: every variable refused (its own and the common ones of
 * shared/config/service.ts) is logged at once, and the process exits 1 before anything starts. The
 * signal handlers are in place from the first moment: a signal during start-up stops the service once it is up.
 */
export function runService<S>(name: string, settings: () => S, start: (settings: S) => Promise<{ stop(): Promise<void> }>): void {
  const log = createLog(name);
  let tracing: Tracing | undefined;
  let read: S;
  try {
    read = readAll(settings, () => readConfiguration(serviceVariables))[0];
    // OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set, before the service's first request.
    tracing = startTracingFromEnvironment(name);
    if (tracing) log.info(`tracing: exporting spans by OTLP/HTTP to ${tracing.endpoint}`);
  } catch (error) {
    log.error('could not start', error);
    process.exit(1);
  }
  const starting = start(read);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: finishing the requests in flight (up to 10 s), taking no new ones');
    starting
      .then((service) => service.stop())
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  starting.catch((error: unknown) => {
    log.error('could not start', error);
    process.exit(1);
  });
}
