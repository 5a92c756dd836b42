import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scalePerson } from '../../shared/demo/scale';
import { ferretDbBinaryPath, freePort, serverInfo, startFerretDb } from '../../tests/support/mongo-global-setup';
import { dropDatabases } from '../../tests/support/stores';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { guildsScaleCounts } from '../../subgraphs/guilds/scale-data';
import { Agent } from 'undici';
import { LoadOptions, LoadSummary, Operation, runLoad, runOperation } from './closed-loop';
import { REGISTRY_KEYS, startFleet } from './fleet';
import { benchToken, checkOperation, gatewayOperation, requestBody } from './operations';
import { PERSON_LOOKUP, UNION_LICENCES } from './queries';
import { Quiet, waitForQuiet } from './quiet';

/**
 * Item 6: data scale. For each store and guilds size, the four subgraphs (processes) and the
 * gateway: guilds with the generated data of that many guild units, the other three with a fixed
 * 10,000 generated members each (so that the person looked up is in all four registries), then
 * the latency through the gateway of a filtered page (one union's valid licences, 20 a page) and
 * of a person lookup with fields from all four. The MongoDB path is FerretDB 1.24 (SQLite backend)
 * from the cache (`tests/support/mongo-global-setup.ts`), fresh for each size, or the server at
 * `mongoUri` when given (its databases for each size created fresh and dropped afterwards).
 */

export type StoreKind = 'embedded' | 'mongodb';

/** The other registries' size: enough for the person looked up, the same whatever the guilds size. */
export const OTHER_REGISTRIES_SIZE = 10_000;
/** Guild owner 1006 is in slot 6 of 20: a member of all four registries (shared/demo/scale.ts), and owns unit 1006. */
const PERSON_INDEX = 1006;
const UNION_ID = 'guilds:fars-scale-union-0001';

export interface ScaleRow {
  store: StoreKind;
  /** What served the store: the embedded store, or the MongoDB-compatible server and its version. */
  server: string;
  guildUnits: number;
  unions: number;
  /** Wall time from starting the subgraphs to the gateway answering (data generated and loaded meanwhile). */
  startSeconds: number;
  filteredPage: LoadSummary & { quiet: Quiet; totalCount: number; subgraphTime: SubgraphTime };
  personLookup: LoadSummary & { quiet: Quiet; registries: string[]; subgraphTime: SubgraphTime };
}

/** Where one request's time went: per subgraph, its requests and their summed duration (ms), from the subgraphs' request logs. */
export type SubgraphTime = Partial<Record<DemoRegistryKey, { requests: number; ms: number }>>;

/**
 * Reads the subgraphs' `graphql request` log lines of operations whose name starts with
 * `operation` (the gateway names its subgraph operations `<operation>__<subgraph>__<n>`), and
 * divides by `runs`: each subgraph's requests and time per client request.
 */
function subgraphTime(logFiles: Record<DemoRegistryKey, string>, operation: string, runs: number, skipLines: Record<string, number>): SubgraphTime {
  const time: SubgraphTime = {};
  for (const [key, file] of Object.entries(logFiles) as [DemoRegistryKey, string][]) {
    let requests = 0;
    let ms = 0;
    for (const line of readFileSync(file, 'utf8')
      .split('\n')
      .slice(skipLines[key] ?? 0)) {
      if (!line.includes('"graphql request"') || !line.includes(`"operationName":"${operation}`)) continue;
      requests += 1;
      ms += Number((JSON.parse(line) as { durationMs?: number }).durationMs ?? 0);
    }
    if (requests > 0) time[key] = { requests: requests / runs, ms: Math.round((ms / runs) * 10) / 10 };
  }
  return time;
}

const lineCounts = (logFiles: Record<DemoRegistryKey, string>) =>
  Object.fromEntries(Object.entries(logFiles).map(([key, file]) => [key, readFileSync(file, 'utf8').split('\n').length - 1]));

/** Runs the operation `runs` times, one after another (warm by now), and reads what the subgraphs logged for it. */
async function timeInSubgraphs(operation: Operation, logFiles: Record<DemoRegistryKey, string>, name: string, runs: number): Promise<SubgraphTime> {
  const before = lineCounts(logFiles);
  const agent = new Agent({ connections: 1 });
  try {
    for (let i = 0; i < runs; i += 1) {
      const { problem } = await runOperation(agent, operation);
      if (problem) throw new Error(problem);
    }
  } finally {
    await agent.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  return subgraphTime(logFiles, name, runs, before);
}

export interface ScaleSkip {
  store: StoreKind;
  guildUnits: number;
  reason: string;
}

export async function measureScale(options: {
  sizes: number[];
  stores: StoreKind[];
  mongoSizes: number[];
  /** A MongoDB-compatible server to use instead of starting FerretDB 1.24. */
  mongoUri?: string;
  basePort: number;
  workDir: string;
  load: LoadOptions;
  log: (line: string) => void;
}): Promise<{ rows: ScaleRow[]; skipped: ScaleSkip[] }> {
  const { log } = options;
  const rows: ScaleRow[] = [];
  const skipped: ScaleSkip[] = [];
  const token = await benchToken();
  const nationalCode = scalePerson('guilds', PERSON_INDEX).nationalCode;
  for (const store of options.stores) {
    for (const size of options.sizes) {
      if (store === 'mongodb' && !options.mongoSizes.includes(size)) {
        skipped.push({ store, guildUnits: size, reason: 'not in --mongodb-sizes (FerretDB load time; see bench/README.md)' });
        continue;
      }
      let ferret: { stop(): Promise<void>; dir: string } | undefined;
      let mongoUri = store === 'mongodb' ? options.mongoUri : undefined;
      if (store === 'mongodb' && mongoUri === undefined) {
        const dir = mkdtempSync(join(tmpdir(), 'product-bench-ferretdb-'));
        const port = await freePort();
        const started = await startFerretDb(ferretDbBinaryPath(), dir, port);
        if (typeof started === 'string') {
          rmSync(dir, { recursive: true, force: true });
          skipped.push({ store, guildUnits: size, reason: `FerretDB did not start: ${started}` });
          continue;
        }
        ferret = { stop: started.stop, dir };
        mongoUri = `mongodb://127.0.0.1:${port}/`;
      }
      const databasePrefix = `scale_${store}_${size}_${Date.now().toString(36)}`;
      try {
        const server = mongoUri === undefined ? 'embedded store' : await describeServer(mongoUri);
        const startedAt = performance.now();
        log(`scale: ${store}, ${size} guild units: starting and loading`);
        const fleet = await startFleet({
          subgraphs: REGISTRY_KEYS.map((key) => ({ key, scaleSize: key === 'guilds' ? size : OTHER_REGISTRIES_SIZE })),
          basePort: options.basePort,
          ...(mongoUri ? { mongoUri } : {}),
          databasePrefix,
          workDir: options.workDir,
          readyTimeoutMs: 15 * 60_000,
          // Every subgraph request logged with its duration (where the time goes), and room for slow scans.
          subgraphLogLevel: 'info',
          subgraphTimeoutMs: 300_000,
        });
        const startSeconds = Math.round((performance.now() - startedAt) / 100) / 10;
        log(`scale: ${store}, ${size} guild units: ready in ${startSeconds} s`);
        try {
          const page = await checkOperation(gatewayOperation(fleet.gatewayUrl, requestBody(UNION_LICENCES, { unionId: UNION_ID }), token));
          const pageData = (page.answers[0]![0] as { data: { guildUnitLicences: { totalCount: number; nodes: unknown[] } } }).data.guildUnitLicences;
          if (pageData.nodes.length !== 20) throw new Error(`the filtered page has ${pageData.nodes.length} units, not 20`);
          const person = await checkOperation(gatewayOperation(fleet.gatewayUrl, requestBody(PERSON_LOOKUP, { nationalCode }), token));
          const personData = (person.answers[0]![0] as { data: { person: { registries: string[] } } }).data.person;
          if (personData.registries.length !== 4) throw new Error(`person ${nationalCode} is in ${personData.registries.join(', ')}, not all four registries`);
          // FerretDB scans: one run each there (a request may take many seconds), three on the embedded store.
          const runs = store === 'mongodb' ? 1 : 3;
          const pageTime = await timeInSubgraphs(page.operation, fleet.subgraphLogFiles, 'UnionLicences', runs);
          const personTime = await timeInSubgraphs(person.operation, fleet.subgraphLogFiles, 'PersonLookup', runs);
          const load: LoadOptions = store === 'mongodb' ? { ...options.load, warmupSeconds: 0 } : options.load;
          log(`scale: ${store}, ${size}: subgraph time per request: page ${JSON.stringify(pageTime)}, person ${JSON.stringify(personTime)}`);

          const quietPage = await waitForQuiet(log);
          const pageLoad = await runLoad(page.operation, load);
          log(
            `scale: ${store}, ${size}: filtered page p50 ${pageLoad.latencyMs.p50} ms, p95 ${pageLoad.latencyMs.p95} ms (${pageLoad.operations} requests, failures ${pageLoad.failures})`,
          );
          const quietPerson = await waitForQuiet(log);
          const personLoad = await runLoad(person.operation, load);
          log(
            `scale: ${store}, ${size}: person lookup p50 ${personLoad.latencyMs.p50} ms, p95 ${personLoad.latencyMs.p95} ms (${personLoad.operations} requests, failures ${personLoad.failures})`,
          );
          rows.push({
            store,
            server,
            guildUnits: size,
            unions: guildsScaleCounts(size).unions,
            startSeconds,
            filteredPage: { ...pageLoad, quiet: quietPage, totalCount: pageData.totalCount, subgraphTime: pageTime },
            personLookup: { ...personLoad, quiet: quietPerson, registries: personData.registries, subgraphTime: personTime },
          });
        } finally {
          await fleet.stop();
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`scale: ${store}, ${size}: FAILED, ${reason}`);
        skipped.push({ store, guildUnits: size, reason: `failed: ${reason}` });
      } finally {
        if (ferret) {
          await ferret.stop();
          rmSync(ferret.dir, { recursive: true, force: true });
        } else if (mongoUri !== undefined) {
          // The databases this size's fleet created on a server the benchmark did not start.
          await dropDatabases(
            mongoUri,
            REGISTRY_KEYS.map((key) => `${databasePrefix}_${key}`),
          ).catch((error: unknown) => log(`scale: could not drop the ${databasePrefix}_* databases: ${String(error)}`));
        }
      }
    }
  }
  return { rows, skipped };
}

async function describeServer(uri: string): Promise<string> {
  const info = await serverInfo(uri, 10_000);
  return info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion.replace(/^v/, '')} (MongoDB ${info.version} wire protocol)` : `MongoDB ${info.version}`;
}
