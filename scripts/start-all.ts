import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setting } from '../shared/auth/secrets';
import { JWKS_FILE_VARIABLE, JWKS_URL_VARIABLE, JWKS_VARIABLE, TRUST_VARIABLE } from '../shared/auth/subgraph-trust';
import { CURSOR_SECRET_VARIABLE } from '../shared/graphql/cursor-keys';
import { createLog } from '../shared/server/log';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfig } from '../gateway/config';
import { startPorts, takenPortProblem } from './start-ports';
import { subgraphEnvironment } from './start-environments';
import { GatewaySigningKeys, generateGatewayKeyPem, keyFileSource, keyMaterialSource, KeySource, SIGNING_KEY_FILE_VARIABLE, SIGNING_KEY_VARIABLE } from '../gateway/trust';

/**
 * `npm start`: the association subgraphs (those of gateway/supergraph.yaml), each in its own process on the embedded store with
 * demo data (as each association would run its own), then the gateway, which waits for them. The
 * gateway signs what it sends them with its own private key (GATEWAY_SIGNING_KEY_FILE or
 * GATEWAY_SIGNING_KEY when set, else a key pair made for this run); the subgraphs get only its
 * public key set (GATEWAY_JWKS, unless GATEWAY_JWKS_URL or GATEWAY_JWKS_FILE says where it is), so
 * they answer this gateway only. SUBGRAPH_TRUST=unsigned runs all five in development mode.
 * They share a CURSOR_SECRET (the environment's, else a random one made for this run), from which
 * each derives its own cursor key.
 */
const root = join(__dirname, '..');
const GATEWAY_ENTRY = 'gateway/main.ts';
/** Every subgraph of the supergraph config that lives in this repository (new ones included). */
const LOCAL_SUBGRAPHS = readSupergraphConfig(process.env.SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG, {}).filter((subgraph) =>
  existsSync(join(root, `subgraphs/${subgraph.name}/main.ts`)),
);
/** The subgraphs, then the gateway. */
const SERVICES = [...LOCAL_SUBGRAPHS.map((subgraph) => `subgraphs/${subgraph.name}/main.ts`), GATEWAY_ENTRY];
/** Their ports (PORT_BASE moves them all), given to both environments below. */
const PORTS = startPorts(LOCAL_SUBGRAPHS, process.env);

const log = createLog('start');
const children: ChildProcess[] = [];
let stopping = false;

/** The gateway's environment, and the subgraphs': the private key and AUTH_SECRET go to the gateway only. */
const gatewayEnv: NodeJS.ProcessEnv = { ...process.env, ...PORTS.env };
const subgraphEnv: NodeJS.ProcessEnv = subgraphEnvironment({ ...process.env, ...PORTS.env });
if (setting(process.env, TRUST_VARIABLE) !== 'unsigned') {
  let source: KeySource;
  const keyFile = setting(process.env, SIGNING_KEY_FILE_VARIABLE);
  const key = setting(process.env, SIGNING_KEY_VARIABLE);
  if (keyFile) source = keyFileSource(keyFile);
  else if (key) source = keyMaterialSource(key, SIGNING_KEY_VARIABLE);
  else {
    gatewayEnv[SIGNING_KEY_VARIABLE] = generateGatewayKeyPem();
    source = keyMaterialSource(gatewayEnv[SIGNING_KEY_VARIABLE], 'a key pair made for this run');
  }
  // Written to GATEWAY_JWKS_FILE now when that is where the subgraphs look: they start before the gateway writes it.
  const keys = new GatewaySigningKeys(source, setting(process.env, JWKS_FILE_VARIABLE));
  if (![JWKS_URL_VARIABLE, JWKS_FILE_VARIABLE, JWKS_VARIABLE].some((name) => setting(process.env, name))) subgraphEnv[JWKS_VARIABLE] = JSON.stringify(keys.jwks());
  log.info(`the gateway signs with key ${keys.signing.kid} of ${source.description}; the subgraphs hold only its public key set`);
}
if (!setting(process.env, CURSOR_SECRET_VARIABLE)) {
  // Each service derives its own cursor key from it; cursors last as long as this run.
  gatewayEnv[CURSOR_SECRET_VARIABLE] = subgraphEnv[CURSOR_SECRET_VARIABLE] = randomBytes(32).toString('base64url');
  log.info(`made a random ${CURSOR_SECRET_VARIABLE} for this run's list cursors`);
}

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3_000).unref();
  void Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() => process.exit(code));
}

async function startAll(): Promise<void> {
  const taken = await takenPortProblem(PORTS, setting(process.env, 'HOST'));
  if (taken) {
    log.error(taken);
    process.exit(1);
  }
  for (const entry of SERVICES) {
    const env = entry === GATEWAY_ENTRY ? gatewayEnv : subgraphEnv;
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry)], { cwd: root, stdio: 'inherit', env });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log.error(`${entry} exited (${signal ?? `code ${code}`}); stopping the others`);
      stopAll(1);
    });
    children.push(child);
    // SIGHUP reaches the gateway, which reads its signing key file again (key rotation).
    if (entry === GATEWAY_ENTRY) process.on('SIGHUP', () => child.kill('SIGHUP'));
  }
  log.info(`started ${SERVICES.length} processes; the graph will be at http://localhost:${PORTS.gateway.port}/graphql (Ctrl-C stops all)`);
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
startAll().catch((error: unknown) => {
  log.error(error instanceof Error ? error.message : String(error));
  stopAll(1);
});
