import cluster from 'node:cluster';
import { extname, join } from 'node:path';
import { createLog } from '../shared/server/log';
import { shareRunSecrets } from './processes/run-secrets';
import { gatewayProcessCount } from './processes/settings';
import { superviseWorkers } from './processes/supervisor';

// The gateway's entry point: one process (gateway/serve.ts), or a supervisor of several sharing one port.
// The supervisor never serves, so it does not load the gateway itself (gateway/serve.ts runs in each of its processes).
const serveFile = join(__dirname, `serve${extname(__filename)}`);
let processes = 1;
try {
  processes = gatewayProcessCount();
} catch (error) {
  createLog('gateway').error('could not start', error);
  process.exit(1);
}
if (processes > 1 && cluster.isPrimary) {
  const log = createLog('gateway');
  shareRunSecrets(process.env, log);
  superviseWorkers({ count: processes, log, exec: serveFile });
} else
  import(`./serve${extname(__filename)}`).catch((error: unknown) => {
    createLog('gateway').error('could not start', error);
    process.exit(1);
  });
