import { runService } from '../shared/server/run-service';
import { gatewaySettingsFromEnvironment } from './config';
import { startGateway } from './gateway';

// Settings are read inside the start, so a refused one (a production gateway without a token key...) is logged as why it could not start.
runService('gateway', async () => startGateway(gatewaySettingsFromEnvironment()));
