import { runService } from '../shared/server/run-service';
import { gatewaySettingsFromEnvironment } from './config';
import { startGateway } from './gateway';

runService('gateway', async () => {
  const gateway = await startGateway(gatewaySettingsFromEnvironment());
  // SIGHUP: read the signing key file again (key rotation, see README "Gateway to subgraphs").
  process.on('SIGHUP', () => gateway.reloadSigningKeys());
  return gateway;
});
