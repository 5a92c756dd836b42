import { runService } from '../shared/server/run-service';
import { gatewaySettingsFromEnvironment } from './config';
import { startGateway } from './gateway';

// One gateway process: run alone by gateway/main.ts, or as one of several (`GATEWAY_PROCESSES`) under its supervisor.
// Settings are read before the start, so every refused one (a production gateway without a token key...) is logged, all at once, as why it could not start.
runService('gateway', gatewaySettingsFromEnvironment, async (settings) => {
  const gateway = await startGateway(settings);
  // SIGHUP: read the signing key file again (key rotation, see docs/security.md).
  process.on('SIGHUP', () => gateway.reloadSigningKeys());
  return gateway;
});
