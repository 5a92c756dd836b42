import { runService } from '../shared/server/run-service';
import { gatewaySettingsFromEnvironment } from './config';
import { startGateway } from './gateway';

runService('gateway', () => startGateway(gatewaySettingsFromEnvironment()));
