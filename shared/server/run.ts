import { BaseContext } from '@apollo/server';
import { RegistryKey } from '../registry';
import { createStore } from '../store/create-store';
import { Store } from '../store/port';
import { createLog } from './log';
import { RunningSubgraph, startSubgraph, SubgraphModule } from './subgraph';

/** What each association's subgraph exports: how to build it on a store, and its starting data. */
export interface RegistrySubgraph<C extends BaseContext = BaseContext> {
  key: RegistryKey;
  defaultPort: number;
  create(store: Store): RegistryInstance<C>;
}

export interface RegistryInstance<C extends BaseContext> {
  module: SubgraphModule<C>;
  /** Creates indexes (idempotent) and loads demo data into an empty store. */
  prepare(options: { seedDemoData: boolean }): Promise<{ seeded: boolean }>;
}

export interface SubgraphSettings {
  port: number;
  host?: string;
  mongoUri?: string;
  databaseName: string;
  seedDemoData: boolean;
}

/** Reads `<KEY>_PORT`, `MONGODB_URI`, `<KEY>_DB` and `SEED_DEMO_DATA` (default: seed an empty store). */
export function settingsFromEnvironment(definition: RegistrySubgraph, env = process.env): SubgraphSettings {
  const upper = definition.key.toUpperCase();
  const port = Number(env[`${upper}_PORT`] ?? definition.defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${upper}_PORT must be a port number; got "${env[`${upper}_PORT`]}"`);
  }
  return {
    port,
    ...(env.HOST ? { host: env.HOST } : {}),
    ...(env.MONGODB_URI ? { mongoUri: env.MONGODB_URI } : {}),
    databaseName: env[`${upper}_DB`] ?? `registry_${definition.key}`,
    seedDemoData: env.SEED_DEMO_DATA !== 'false',
  };
}

/** Builds, prepares and serves one subgraph; the caller owns the returned handle. */
export async function runSubgraph<C extends BaseContext>(
  definition: RegistrySubgraph<C>,
  settings: SubgraphSettings,
  store?: Store,
): Promise<RunningSubgraph> {
  const log = createLog(definition.key);
  const activeStore = store ?? (await createStore({ ...settings }));
  const instance = definition.create(activeStore);
  const { seeded } = await instance.prepare({ seedDemoData: settings.seedDemoData });
  const where = activeStore.kind === 'mongodb' ? `MongoDB database ${settings.databaseName}` : 'the embedded store';
  log.info(`${seeded ? 'loaded demo data into' : 'using'} ${where}`);
  const running = await startSubgraph(instance.module, activeStore, settings.port, settings.host);
  log.info(`subgraph ${definition.key} ready at ${running.url}`);
  return running;
}

/** Entry point of `npm run start:<registry>`: runs one subgraph alone until SIGINT/SIGTERM. */
export function main(definition: RegistrySubgraph): void {
  const log = createLog(definition.key);
  runSubgraph(definition, settingsFromEnvironment(definition))
    .then((running) => {
      const stop = () => {
        log.info('stopping');
        running.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      log.error('could not start', error);
      process.exit(1);
    });
}
