import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { composeBenchSupergraph, SUPERGRAPH_FILE } from './federation-subgraphs/compose';
import { BENCH_SUBGRAPHS, DEFAULT_SUBGRAPH_BASE_PORT } from './federation-subgraphs/index';
import { expectedHeavyResponse, HEAVY_QUERY_FILE, heavyQuery } from './federation-subgraphs/oracle';
import { CompiledGateways, compileGateways, GatewayEntry } from './lib/compiled-gateways';
import { LoadConfig, LoadResult } from './lib/load';
import { hiveGatewayBin, peerPackageDir } from './lib/peers';
import { hasTaskset, machineInfo } from './lib/proc';
import { killAllStarted, portIsFree, startProcess, Started, stopProcess, tail, track, waitUntil } from './lib/processes';
import { readSubgraphStats, resetSubgraphStats, totalRequests } from './lib/subgraph-stats';
import { BenchReport, GatewayRun, markdownReport, ratiosFor } from './lib/report';
// Issue #17: real bearer tokens for every gateway, the product's production row, Cosmo Router as a peer.
import { benchTokenSettings, signedBearer } from './lib/bearer-tokens';
import { launchCosmo, PeerLaunch } from './peers/cosmo/peer';

/**
 * `npm run bench`: the standard heavy-query comparison of (a) the stock Apollo Gateway, (b) this
 * product's gateway and (c) Hive Gateway, one after another, on the same subgraphs, CPU budget,
 * Node flags and load. See bench/README.md.
 */

const ROOT = join(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'max-requests': { type: 'string', default: '2000000' },
    gateways: { type: 'string', default: 'apollo-stock,product,hive' },
    rounds: { type: 'string', default: '2' },
    // 0: a new bearer token per request (every request a new caller); N: N callers, each reusing its token.
    callers: { type: 'string', default: '0' },
    'gateway-port': { type: 'string', default: '4200' },
    'subgraph-port': { type: 'string', default: String(DEFAULT_SUBGRAPH_BASE_PORT) },
    'no-pin': { type: 'boolean', default: false },
    out: { type: 'string', default: RESULTS_DIR },
  },
});

function positive(name: string, text: string | undefined, { integer = true, allowZero = false } = {}): number {
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`--${name} must be a ${integer ? 'whole ' : ''}number${allowZero ? '' : ' above 0'}; got "${text}"`);
  }
  return value;
}

const durationSeconds = positive('duration', options.duration);
const warmupSeconds = positive('warmup', options.warmup, { allowZero: true });
const connections = positive('connections', options.connections);
const maxRequests = positive('max-requests', options['max-requests']);
const gatewayPort = positive('gateway-port', options['gateway-port']);
const subgraphBasePort = positive('subgraph-port', options['subgraph-port']);
const rounds = positive('rounds', options.rounds);
const callers = positive('callers', options.callers, { allowZero: true });
if (durationSeconds > 300 || warmupSeconds > 60 || rounds > 5) throw new Error('--duration is capped at 300 s, --warmup at 60 s and --rounds at 5');

/**
 * The Node gateways under test run compiled (bench/lib/compiled-gateways.ts) with no flags at all, the
 * same for each; `BENCH_GATEWAY_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` adds node flags to them (for profiling).
 */
const GATEWAY_NODE_FLAGS = (process.env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
// Apollo Gateway's usage reports and cloud metadata probes off for every peer built on it: a benchmark sends traffic to loopback only.
const GATEWAY_ENV = { NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true' };
/** The subgraphs and the load generator (not measured) start from TypeScript: tsx, then source-mapped stack traces off again (bench/lib/source-maps-off.ts). */
const SUBGRAPH_NODE_FLAGS = ['--import', 'tsx', '--import', './bench/lib/source-maps-off.ts'];

interface GatewayDefinition {
  id: string;
  label: string;
  description: string;
  /** the bench/peers package it runs from, when it is not the product's own (checked before anything starts) */
  peerPackage?: string;
  /** node arguments after the flags, given the supergraph file, the port and where the compiled entry points are */
  args(supergraphFile: string, port: number, entry: GatewayEntry): string[];
  /** Environment besides GATEWAY_ENV (documented settings only, shown in the command). */
  env?: Record<string, string>;
  /** Cores for this gateway's processes (taskset list, e.g. `0,1`) instead of the one gateway core. */
  cores?: string;
  /** A peer that is not a Node entry point (bench/peers): how to start it instead of `args`. */
  launch?(subgraphBasePort: number, port: number, workDir: string): PeerLaunch;
}

/** Issue #17: every client request carries its own signed bearer token (HS256, this run's secret); the gateways that verify tokens get the secret as AUTH_SECRET. */
const BEARER_TOKENS = benchTokenSettings();

/** The production configuration's entry point, for its rows. */
const productionArgs: GatewayDefinition['args'] = (file, port, entry) => [entry('product-production'), file, String(port)];

const GATEWAYS: GatewayDefinition[] = [
  {
    id: 'apollo-stock',
    label: '(a) Apollo Gateway, stock',
    description: '`ApolloServer` + `ApolloGateway({ supergraphSdl })` with defaults and `startStandaloneServer` (bench/gateways/apollo-stock.ts).',
    args: (file, port, entry) => [entry('apollo-stock'), file, String(port)],
  },
  {
    id: 'product',
    label: '(b) this product',
    description:
      "The product's gateway (`startGatewayFromSdl`, gateway/from-sdl.ts: its HTTP layer, limits, authorization, metrics and logs) with Apollo's query planner and the product's plan executor (gateway/execution) on the same supergraph; anonymous callers, `LIMIT_COST` raised for the heavy query; no response cache, no request deduplication (bench/gateways/product.ts).",
    args: (file, port, entry) => [entry('product'), file, String(port)],
  },
  {
    id: 'product-production',
    label: '(b) this product, production configuration',
    description:
      "The product's gateway as the README tells operators to run it (bench/gateways/product-production.ts): bearer tokens verified (AUTH_SECRET), a caller assertion signed per subgraph request (SUBGRAPH_TRUST=signed, GATEWAY_SIGNING_KEY), limits on with only LIMIT_COST raised through its variable, metrics and request logs on; the client's `authorization` also passed on, as by every gateway here.",
    args: productionArgs,
    env: { LIMIT_COST: '200000' },
  },
  {
    id: 'product-production-unsigned',
    label: '(b) this product, production configuration without caller assertions (measurement only)',
    description:
      'As the production row, with `SUBGRAPH_TRUST=unsigned` (through BENCH_SUBGRAPH_TRUST, since the production row clears SUBGRAPH_TRUST): no caller assertion signed, everything else the same. Not a configuration to run (subgraphs in production refuse requests without assertions); beside the production row, the difference in CPU per request is what the assertions cost.',
    args: productionArgs,
    env: { LIMIT_COST: '200000', BENCH_SUBGRAPH_TRUST: 'unsigned' },
  },
  {
    id: 'product-production-2p',
    label: '(b) this product, production configuration, two processes',
    description:
      'As the production row, run as two gateway processes behind one port (`GATEWAY_PROCESSES=2`, node:cluster) on both cores, which the load generator and the subgraphs share: how far throughput grows from one process to two on this two-core machine.',
    args: productionArgs,
    env: { LIMIT_COST: '200000', GATEWAY_PROCESSES: '2' },
    cores: '0,1',
  },
  {
    id: 'cosmo',
    label: '(d) Cosmo Router',
    description:
      'Cosmo Router router@0.341.0 (Go) built from source by bench/peers/cosmo/build.sh, execution config from `wgc router compose`, `authorization` propagated, access logs and Prometheus metrics on (bench/peers/cosmo/peer.ts).',
    args: () => [],
    launch: launchCosmo,
  },
  {
    id: 'hive',
    label: '(c) Hive Gateway --jit',
    description: '`hive-gateway supergraph <file> --jit` from npm, one process (`--fork 1`), config bench/gateways/hive.config.ts.',
    peerPackage: '@graphql-hive/gateway',
    args: (file, port, entry) => [
      hiveGatewayBin(),
      'supergraph',
      file,
      '--jit',
      '--fork',
      '1',
      '--config-path',
      entry('hive.config'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
  },
];

const log = (message: string) => console.log(`[bench] ${message}`);

async function graphqlPost(url: string, body: string, authorization: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

interface CheckPassed {
  ok: true;
  text: string;
  subgraphRequestsPerRequest: number;
}

/**
 * Sends the heavy query three times, one after another, each with its own authorization. Each
 * answer must be 200, equal (parsed) to the expected response and byte for byte to the others,
 * and every subgraph request must have carried the client's authorization header.
 */
async function checkGateway(url: string, body: string, expected: unknown, subgraphBaseUrls: string[]): Promise<CheckPassed | { ok: false; reason: string }> {
  const rounds = 3;
  await resetSubgraphStats(subgraphBaseUrls);
  let first: string | undefined;
  for (let i = 1; i <= rounds; i += 1) {
    const { status, text } = await graphqlPost(url, body, signedBearer(BEARER_TOKENS, `check-${i}`));
    if (status !== 200) return { ok: false, reason: `HTTP ${status}: ${text.slice(0, 300)}` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, reason: `answer is not JSON: ${text.slice(0, 300)}` };
    }
    if (!isDeepStrictEqual(parsed, expected)) {
      const errors = (parsed as { errors?: unknown }).errors;
      return { ok: false, reason: `answer differs from the expected response${errors ? `; errors: ${JSON.stringify(errors).slice(0, 300)}` : ''}` };
    }
    if (first === undefined) first = text;
    else if (text !== first) return { ok: false, reason: 'two answers to the same query differ byte for byte' };
  }
  const stats = await readSubgraphStats(subgraphBaseUrls);
  const missing = stats.filter((s) => s.withoutAuthorization > 0 || s.distinctAuthorization !== (s.requests > 0 ? rounds : 0));
  if (missing.length) {
    return {
      ok: false,
      reason: `the client's authorization header did not reach every subgraph request: ${missing
        .map((s) => `${s.subgraph} ${s.requests} requests, ${s.withoutAuthorization} without, ${s.distinctAuthorization} distinct values`)
        .join('; ')}`,
    };
  }
  return { ok: true, text: first!, subgraphRequestsPerRequest: Math.round((totalRequests(stats) / rounds) * 10) / 10 };
}

function runLoadProcess(config: LoadConfig, workDir: string, core: number | undefined): Promise<LoadResult> {
  const configFile = join(workDir, `${config.label}-load.json`);
  const resultFile = join(workDir, `${config.label}-result.json`);
  writeFileSync(configFile, JSON.stringify(config));
  const args = [...SUBGRAPH_NODE_FLAGS, join(__dirname, 'lib', 'load.ts'), configFile, resultFile];
  const [file, argv] = core === undefined ? [process.execPath, args] : ['taskset', ['-c', String(core), process.execPath, ...args]];
  const limitMs = (config.warmupSeconds + config.durationSeconds + 90) * 1000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    track(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as LoadResult);
      else reject(new Error(`load generator exited (${signal ?? `code ${code}`})`));
    });
  });
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
}

function pinSelf(core: number): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
  } catch {
    log(`could not pin the runner to core ${core}; going on unpinned`);
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const wallStart = Date.now();
  const machine = machineInfo(ROOT);
  const pin = !options['no-pin'] && hasTaskset() && machine.cores >= 2;
  const gatewayCore = pin ? 0 : undefined;
  const loadCore = pin ? 1 : undefined;
  if (pin) pinSelf(1);
  const selected = options.gateways.split(',').map((id) => {
    const gateway = GATEWAYS.find((g) => g.id === id.trim());
    if (!gateway) throw new Error(`unknown gateway "${id}"; choose from ${GATEWAYS.map((g) => g.id).join(', ')}`);
    return gateway;
  });
  for (const gateway of selected) if (gateway.peerPackage) peerPackageDir(gateway.peerPackage);

  const workDir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  let compiled: CompiledGateways | undefined;
  const entry: GatewayEntry = (name) => {
    if (!compiled) log('compiling the product and the Node gateways to JavaScript (bench/tsconfig.gateways.json)');
    return (compiled ??= compileGateways()).entry(name);
  };
  let supergraphFile = SUPERGRAPH_FILE;
  const supergraphSdl = composeBenchSupergraph(subgraphBasePort);
  if (subgraphBasePort !== DEFAULT_SUBGRAPH_BASE_PORT || readFileSync(SUPERGRAPH_FILE, 'utf8') !== supergraphSdl) {
    supergraphFile = join(workDir, 'supergraph.graphql');
    writeFileSync(supergraphFile, supergraphSdl);
    log(`composed the supergraph for subgraph ports ${subgraphBasePort}+ into ${supergraphFile}`);
  }

  const subgraphPorts = BENCH_SUBGRAPHS.map((_, i) => subgraphBasePort + i);
  for (const port of [...subgraphPorts, gatewayPort]) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} on 127.0.0.1 is in use; pick others with --subgraph-port / --gateway-port`);
  }

  const query = heavyQuery();
  const body = JSON.stringify({ query, operationName: 'TestQuery' });
  const expected = expectedHeavyResponse();
  const expectedBytes = JSON.stringify(expected).length;

  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}; pinning ${pin ? 'on' : 'off'}`);
  const subgraphs: Started[] = [];
  const gateways: GatewayRun[] = [];
  try {
    BENCH_SUBGRAPHS.forEach((subgraph, i) => {
      subgraphs.push(
        startProcess(process.execPath, [...SUBGRAPH_NODE_FLAGS, join(__dirname, 'federation-subgraphs', 'serve.ts'), subgraph.name, String(subgraphPorts[i])], {
          core: loadCore,
          logFile: join(workDir, `subgraph-${subgraph.name}.log`),
          cwd: ROOT,
        }),
      );
    });
    await Promise.all(
      subgraphs.map((s, i) => waitUntil(`subgraph ${BENCH_SUBGRAPHS[i]!.name}`, async () => (await fetch(`http://127.0.0.1:${subgraphPorts[i]}/health`)).ok, 60_000, s)),
    );
    log(`subgraphs up on 127.0.0.1:${subgraphPorts.join(', ')}`);

    // Rounds interleave the gateways (a b c a b c ...), so that a slow spell of the machine does not fall on one gateway only.
    for (const [round, definition] of Array.from({ length: rounds }, (_, r) => selected.map((d) => [r + 1, d] as const)).flat()) {
      const launch: PeerLaunch = definition.launch
        ? definition.launch(subgraphBasePort, gatewayPort, workDir)
        : { file: process.execPath, args: [...GATEWAY_NODE_FLAGS, ...definition.args(supergraphFile, gatewayPort, entry)], env: definition.env ?? {} };
      const shown = (a: string) => relative(ROOT, a) || a;
      const command = [
        ...Object.entries(definition.env ?? {}).map(([k, v]) => `${k}=${v}`),
        launch.file === process.execPath ? 'node' : shown(launch.file),
        ...launch.args.map(shown),
      ].join(' ');
      const label = rounds > 1 ? `${definition.label}, round ${round}` : definition.label;
      const run: GatewayRun = { id: definition.id, round, label, description: definition.description, command, status: 'aborted' };
      gateways.push(run);
      log(`${label}: starting`);
      const gateway = startProcess(launch.file, launch.args, {
        core: pin && definition.cores ? definition.cores : gatewayCore,
        logFile: join(workDir, `gateway-${definition.id}.log`),
        env: { ...process.env, ...GATEWAY_ENV, ...launch.env, AUTH_SECRET: BEARER_TOKENS.secret },
        cwd: ROOT,
      });
      const url = `http://127.0.0.1:${gatewayPort}/graphql`;
      const subgraphBaseUrls = subgraphPorts.map((port) => `http://127.0.0.1:${port}`);
      try {
        await waitUntil(label, async () => (await graphqlPost(url, JSON.stringify({ query: '{ __typename }' }), 'Bearer ready')).status === 200, 90_000, gateway);
        const check = await checkGateway(url, body, expected, subgraphBaseUrls);
        if (!check.ok) {
          run.reason = check.reason;
          log(`${label}: ABORTED, ${check.reason}`);
          continue;
        }
        run.responseBytes = Buffer.byteLength(check.text);
        run.subgraphRequestsPerRequest = check.subgraphRequestsPerRequest;
        log(
          `${label}: answer checked (${run.responseBytes} bytes, ${check.subgraphRequestsPerRequest} subgraph requests per query, ` +
            `authorization passed on); ${warmupSeconds} s warm-up, ${durationSeconds} s measured`,
        );
        const result = await runLoadProcess(
          {
            label: definition.id,
            url,
            body,
            expectedBody: check.text,
            connections,
            warmupSeconds,
            durationSeconds,
            maxRequests,
            timeoutSeconds: 10,
            gatewayPid: gateway.pid,
            gatewayCore: definition.cores ? null : (gatewayCore ?? null),
            subgraphBaseUrls,
            bearerTokens: BEARER_TOKENS,
            callers,
          },
          workDir,
          loadCore,
        );
        if (gateway.child.exitCode !== null || gateway.child.signalCode !== null) {
          run.reason = `the gateway exited during the run; its log ends:\n${tail(gateway.logFile)}`;
          continue;
        }
        run.status = 'ok';
        run.result = result;
        log(
          `${label}: ${result.requestsPerSecond} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
            `errors ${result.errors}, non-2xx ${result.non2xx}, wrong bodies ${result.mismatches}, CPU ${result.gatewayCpuSeconds} s, peak RSS ${result.gatewayPeakRssMiB} MiB`,
        );
      } catch (error) {
        run.reason = error instanceof Error ? error.message : String(error);
        log(`${label}: ABORTED, ${run.reason}`);
      } finally {
        await stopProcess(gateway);
        await waitUntil(`port ${gatewayPort} to be released`, () => portIsFree(gatewayPort), 15_000);
      }
    }
  } finally {
    await Promise.all(subgraphs.map((s) => stopProcess(s)));
    compiled?.remove();
  }

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    wallSeconds: Math.round((Date.now() - wallStart) / 100) / 10,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine,
    settings: {
      connections,
      warmupSeconds,
      durationSeconds,
      maxRequests,
      rounds,
      callers,
      gatewayCore: gatewayCore ?? null,
      loadAndSubgraphCore: loadCore ?? null,
      gatewayNodeFlags: GATEWAY_NODE_FLAGS,
      gatewayEnv: GATEWAY_ENV,
      subgraphMemo: process.env.BENCH_SUBGRAPH_MEMO !== '0',
    },
    scenario: { name: 'standard heavy query', queryFile: relative(ROOT, HEAVY_QUERY_FILE), expectedResponseBytes: expectedBytes },
    gateways,
    ratios: ratiosFor(gateways),
  };
  const markdown = markdownReport(report);
  mkdirSync(options.out, { recursive: true });
  const stamp = timestamp(startedAt);
  writeFileSync(join(options.out, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.out, `${stamp}.md`), markdown);
  writeFileSync(join(options.out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.out, 'latest.md'), markdown);
  rmSync(workDir, { recursive: true, force: true });
  console.log(`\n${markdown}`);
  log(`wrote ${relative(ROOT, join(options.out, `${stamp}.json`))}, ${stamp}.md and latest.md in ${Math.round(report.wallSeconds)} s`);
  if (gateways.some((g) => g.status !== 'ok')) process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping every process the benchmark started`);
    killAllStarted();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
