import { createLog } from './log';

/**
 * Runs a service until SIGINT or SIGTERM, then lets it stop (finishing the requests in flight) and
 * exits 0, or 1 if stopping failed; a service that cannot start exits 1 with the reason.
 */
export function runService(name: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  const log = createLog(name);
  start()
    .then((service) => {
      const stop = () => {
        log.info('stopping: finishing the requests in flight (up to 10 s), taking no new ones');
        service.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      log.error('could not start', error);
      process.exit(1);
    });
}
