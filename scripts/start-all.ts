import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNING_SECRET_VARIABLE, TRUST_VARIABLE } from '../shared/auth/subgraph-trust';
import { CURSOR_SECRET_VARIABLE } from '../shared/graphql/cursor-keys';
import { createLog } from '../shared/server/log';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfig } from '../gateway/config';

/**
 * `npm start`: the association subgraphs (those of gateway/supergraph.yaml), each in its own process on the embedded store with
 * demo data (as each association would run its own), then the gateway, which waits for them. The
 * processes share a SUBGRAPH_SIGNING_SECRET: the one in the environment, else a random one made for
 * this run, so the subgraphs answer this gateway only, and a CURSOR_SECRET (the same way).
 */
const root = join(__dirname, '..');
/** Every subgraph of the supergraph config that lives in this repository (new ones included), then the gateway. */
const SERVICES = [
  ...readSupergraphConfig(process.env.SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG, {})
    .map((subgraph) => `subgraphs/${subgraph.name}/main.ts`)
    .filter((entry) => existsSync(join(root, entry))),
  'gateway/main.ts',
];

const log = createLog('start');
const children: ChildProcess[] = [];
let stopping = false;

const env: NodeJS.ProcessEnv = { ...process.env };
if (!env[SIGNING_SECRET_VARIABLE]?.trim() && env[TRUST_VARIABLE] !== 'unsigned') {
  env[SIGNING_SECRET_VARIABLE] = randomBytes(32).toString('base64url');
  log.info(`made a random ${SIGNING_SECRET_VARIABLE} for this run's gateway and subgraphs`);
}
if (!env[CURSOR_SECRET_VARIABLE]?.trim()) {
  // Each service derives its own cursor key from it; cursors last as long as this run.
  env[CURSOR_SECRET_VARIABLE] = randomBytes(32).toString('base64url');
  log.info(`made a random ${CURSOR_SECRET_VARIABLE} for this run's list cursors`);
}

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3_000).unref();
  Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() => process.exit(code));
}

for (const entry of SERVICES) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry)], { cwd: root, stdio: 'inherit', env });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    log.error(`${entry} exited (${signal ?? `code ${code}`}); stopping the others`);
    stopAll(1);
  });
  children.push(child);
}

log.info(`started ${SERVICES.length} processes; the graph will be at http://localhost:${process.env.GATEWAY_PORT ?? 4000}/graphql (Ctrl-C stops all)`);
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));
