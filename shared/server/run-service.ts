import { createLog } from './log';
import { startTracingFromEnvironment, Tracing } from './tracing';

/**
 * Runs a service until SIGINT or SIGTERM, then lets it stop (finishing the requests in flight) and
 * exits 0, or 1 if stopping failed; a service that cannot start exits 1 with the reason. The signal
 * handlers are in place from the first moment: a signal during start-up stops the service once it is up.
 */
export function runService(name: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  const log = createLog(name);
  let tracing: Tracing | undefined;
  try {
    // OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set, before the service's first request.
    tracing = startTracingFromEnvironment(name);
    if (tracing) log.info(`tracing: exporting spans by OTLP/HTTP to ${process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  } catch (error) {
    log.error('could not start', error);
    process.exit(1);
  }
  const starting = start();
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
