import { BaseContext } from '@apollo/server';
import { LOOPBACK, readAll, readConfiguration, SCALE_SIZE_ACCEPTS, scaleSizeOf, subgraphOwnVariables, subgraphServerVariables, subgraphTrustVariables } from '../config';
import type { ReplayGuard } from '../auth/replay-guard';
import { SubgraphLimitSettings, subgraphLimitSettingsFromEnvironment } from '../limits';
import { RegistryKey } from '../registry/keys';
import { WebhookSettings, webhookSettingsFromEnvironment } from '../outbox/settings';
import type { WebhookWorker, WebhookWorkerOptions } from '../outbox/worker';
import { createStore } from '../store/create-store';
import { Store } from '../store/port';
import { createLog, Log } from './log';
import { storeProblemForReadiness } from './readiness-words';
import { runService } from './run-service';
import { Readiness, RunningSubgraph, startSubgraph, SubgraphModule } from './subgraph';

/** What each association's subgraph exports (shared/registry/define.ts builds it): how to build it on a store, and its starting data. */
export interface RegistrySubgraph<C extends BaseContext = BaseContext, K extends RegistryKey = RegistryKey> {
  key: K;
  defaultPort: number;
  create(store: Store): RegistryInstance<C>;
}

export interface RegistryInstance<C extends BaseContext> {
  module: SubgraphModule<C>;
  /** Creates every index the repository's lookups and sorts need (idempotent). */
  ensureIndexes(): Promise<void>;
  /**
   * Loads the demo data (idempotent upserts); without `force` only into an empty registry or one
   * whose earlier load did not finish. Returns whether it loaded.
   */
  loadDemoData(options?: { force?: boolean }): Promise<boolean>;
  /**
   * Loads the generated scale data of this size (`subgraphs/<key>/scale-data.ts`) batch by batch,
   * whatever the registry holds already; loading it again leaves the same documents (see
   * `loadBatches`). Returns how many documents the scale data has.
   */
  loadScaleData(size: number): Promise<{ documents: number }>;
  /**
   * The registry's webhook delivery worker on this store (shared/outbox/worker.ts): its date scans,
   * fan-out and deliveries. `options` are for tests (a clock, a sender).
   */
  webhookWorker?(settings: WebhookSettings, options?: Pick<WebhookWorkerOptions, 'clock' | 'random' | 'send' | 'onError'>): WebhookWorker;
}

/** What preparing a store did: loaded the demo data, or the scale data (how much, how long), or neither. */
export interface PreparedStore {
  seeded: boolean;
  scale?: { size: number; documents: number; milliseconds: number };
}

/**
 * What a subgraph does to its store before it is ready: indexes, then the scale data of
 * `scaleSize` when given (instead of the demo data), else the demo data if asked.
 */
export async function prepareStore(instance: RegistryInstance<BaseContext>, options: { seedDemoData: boolean; scaleSize?: number | undefined }): Promise<PreparedStore> {
  await instance.ensureIndexes();
  if (options.scaleSize !== undefined) {
    const started = performance.now();
    const { documents } = await instance.loadScaleData(options.scaleSize);
    return { seeded: false, scale: { size: options.scaleSize, documents, milliseconds: Math.round(performance.now() - started) } };
  }
  return { seeded: options.seedDemoData ? await instance.loadDemoData() : false };
}

export interface SubgraphSettings {
  port: number;
  host?: string;
  mongoUri?: string;
  databaseName: string;
  seedDemoData: boolean;
  /** `SCALE_SIZE`: load the generated scale data of this size instead of the demo data. */
  scaleSize?: number | undefined;
  /** Where the caller assertions accepted are remembered (one shared by the replicas closes replays between them); this process's memory when absent. */
  replayGuard?: ReplayGuard;
  /** The subgraph's own request limits; `SUBGRAPH_LIMIT_*` from the environment when absent. */
  limits?: SubgraphLimitSettings;
  /** Runs the webhook delivery worker with these settings once the store is prepared; none when absent or null (`WEBHOOKS=off`). */
  webhooks?: WebhookSettings | null;
}

export interface RunningRegistrySubgraph extends RunningSubgraph {
  /** Resolves once indexes exist and demo data is loaded (at once on a reachable database). */
  prepared: Promise<void>;
}

/**
 * Reads `<KEY>_PORT`, `MONGODB_URI`, `<KEY>_DB`, `SEED_DEMO_DATA` (default: seed an empty store),
 * `SCALE_SIZE` (default: none), the `SUBGRAPH_LIMIT_*` request limits and the webhook worker's
 * `WEBHOOK_*` (shared/config); the trust variables are checked too. Every variable refused is
 * named in one error.
 */
export function settingsFromEnvironment(definition: RegistrySubgraph, env: NodeJS.ProcessEnv = process.env): SubgraphSettings {
  const own = subgraphOwnVariables(definition.key, definition.defaultPort);
  const [ownValues, server, limits, webhooks, trust] = readAll(
    () => readConfiguration(own.variables, env),
    () => readConfiguration(subgraphServerVariables, env),
    () => subgraphLimitSettingsFromEnvironment(env),
    () => webhookSettingsFromEnvironment(env),
    () => readConfiguration(subgraphTrustVariables, env),
  );
  return {
    port: Number(ownValues[own.port]),
    ...(server.HOST ? { host: server.HOST } : trust.SUBGRAPH_TRUST === 'unsigned' ? { host: LOOPBACK } : {}),
    ...(server.MONGODB_URI ? { mongoUri: server.MONGODB_URI } : {}),
    databaseName: String(ownValues[own.database]),
    seedDemoData: server.SEED_DEMO_DATA,
    scaleSize: server.SCALE_SIZE,
    limits,
    webhooks,
  };
}

/** A scale size as typed: a whole number from 1 up, `160000` or `160_000`; `what` names it in the error. */
export function parseScaleSize(value: string, what: string): number {
  const size = scaleSizeOf(value);
  if (size === undefined) throw new Error(`${what} must be ${SCALE_SIZE_ACCEPTS}; got "${value}"`);
  return size;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Prepares the store (indexes, demo data), retrying with exponential backoff while the database
 * cannot be reached, and saying so each time. Resolves when prepared or when stopped.
 */
async function prepareWithRetry(prepare: () => Promise<PreparedStore>, state: { prepared: boolean; problem: string }, where: string, log: Log, signal: AbortSignal): Promise<void> {
  for (let attempt = 1, delay = RETRY_FIRST_MS; !signal.aborted; attempt += 1, delay = Math.min(delay * 2, RETRY_MAX_MS)) {
    try {
      const { seeded, scale } = await prepare();
      state.prepared = true;
      const what = scale
        ? `loaded scale data of size ${scale.size} (${scale.documents} documents in ${(scale.milliseconds / 1000).toFixed(1)} s) into`
        : seeded
          ? 'loaded demo data into'
          : 'using';
      log.info(`${what} ${where}${attempt > 1 ? ` (reached on attempt ${attempt})` : ''}`);
      return;
    } catch (error) {
      // The log keeps the store's words; /ready, open to anyone, says the problem in words of its own.
      state.problem = storeProblemForReadiness(error, 'preparing');
      const words = error instanceof Error ? error.message : String(error);
      log.warn(`${where} is not reachable (attempt ${attempt}: ${words}); retrying in ${delay / 1000} s. Until then /ready answers 503 and queries fail with DATABASE_UNAVAILABLE`);
      await sleep(delay, signal);
    }
  }
}

/**
 * Serves one subgraph: the HTTP server (schema, /health) comes up first, so the gateway can compose
 * even while the database is down; the store is prepared behind it. Returns once the first attempt
 * to prepare has finished, whatever its outcome.
 */
export async function runSubgraph<C extends BaseContext>(definition: RegistrySubgraph<C>, settings: SubgraphSettings, store?: Store): Promise<RunningRegistrySubgraph> {
  const log = createLog(definition.key);
  const activeStore = store ?? createStore({ ...settings });
  const instance = definition.create(activeStore);
  const where = activeStore.kind === 'mongodb' ? `MongoDB database ${settings.databaseName}` : 'the embedded store';
  const state = { prepared: false, problem: 'the store has not been prepared yet' };
  /** The last ping failure logged, so that a store that stays away is logged once, not at every probe. */
  let pingFailure = '';

  const readiness = async (): Promise<Readiness> => {
    if (!state.prepared) return { ready: false, reason: state.problem };
    try {
      await activeStore.ping();
      pingFailure = '';
      return { ready: true };
    } catch (error) {
      // Logged once for each new failure (probes ask every few seconds); /ready says it in words of its own.
      const words = error instanceof Error ? error.message : String(error);
      if (words !== pingFailure) log.warn(`${where} does not answer /ready's ping: ${words}`);
      pingFailure = words;
      return { ready: false, reason: storeProblemForReadiness(error, 'answering') };
    }
  };
  const running = await startSubgraph(instance.module, readiness, {
    port: settings.port,
    host: settings.host,
    replays: settings.replayGuard,
    limits: settings.limits ?? subgraphLimitSettingsFromEnvironment(),
  });
  log.info(`subgraph ${definition.key} serving at ${running.url} (store: ${where})`);

  const stopping = new AbortController();
  let firstAttemptDone!: () => void;
  const firstAttempt = new Promise<void>((resolve) => (firstAttemptDone = resolve));
  const prepare = async () => {
    try {
      // Writes of several documents that a stopped process or database left unfinished are rolled back first.
      const recovered = await activeStore.recoverWrites();
      if (recovered > 0) log.warn(`rolled back ${recovered} unfinished writes of several documents in ${where}`);
      return await prepareStore(instance, { seedDemoData: settings.seedDemoData, scaleSize: settings.scaleSize });
    } finally {
      firstAttemptDone();
    }
  };
  const prepared = prepareWithRetry(prepare, state, where, log, stopping.signal);
  // Events reach their subscribers from once the store is prepared (README, "Reminders (webhooks)").
  const worker = settings.webhooks ? instance.webhookWorker?.(settings.webhooks, { onError: reportingOnce(log) }) : undefined;
  const workerStarted = prepared.then(() => {
    if (worker && state.prepared && !stopping.signal.aborted) worker.start();
  });
  await firstAttempt;
  return {
    ...running,
    prepared,
    stop: async () => {
      stopping.abort();
      await workerStarted;
      await worker?.stop();
      await running.stop();
      await activeStore.close();
    },
  };
}

/** The webhook worker's problems in the log, each once until a pass succeeds again (a database away fails every pass). */
function reportingOnce(log: Log): (error: unknown) => void {
  let last = '';
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (message === last) return;
    last = message;
    log.warn(`webhook delivery worker: ${message}; it tries again at its next pass`);
  };
}

/** Entry point of `npm run start:<registry>`: runs one subgraph alone until SIGINT/SIGTERM. */
export function main(definition: RegistrySubgraph): void {
  runService(
    definition.key,
    () => settingsFromEnvironment(definition),
    (settings) => runSubgraph(definition, settings),
  );
}
