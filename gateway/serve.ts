import { runService } from '../shared/server/run-service';
import { gatewaySettingsFromEnvironment } from './config';
import { startGateway } from './gateway';

// One gateway process: run alone by gateway/main.ts, or as one of several (`GATEWAY_PROCESSES`) under its supervisor.
// Settings are read inside the start, so a refused one (a production gateway without a token key...) is logged as why it could not start.
runService('gateway', async () => {
  const gateway = await startGateway(gatewaySettingsFromEnvironment());
  // SIGHUP: read the signing key file again (key rotation, see docs/security.md).
  process.on('SIGHUP', () => gateway.reloadSigningKeys());
  return gateway;
});
