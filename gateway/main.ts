import { createLog } from '../shared/server/log';
import { gatewaySettingsFromEnvironment } from './config';
import { startGateway } from './gateway';

const log = createLog('gateway');

startGateway(gatewaySettingsFromEnvironment())
  .then((gateway) => {
    const stop = () => {
      log.info('stopping: finishing the requests in flight (up to 10 s), taking no new ones');
      gateway.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })
  .catch((error: unknown) => {
    log.error('could not start', error);
    process.exit(1);
  });
