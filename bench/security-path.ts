import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildASTSchema, DocumentNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { authorizationPlugin, createAuthenticator, guardedFields, tokenSettingsFromEnvironment } from '../gateway/auth';
import { VerifiedTokenCache } from '../gateway/auth/verified-tokens';
import { startGatewayFromSdl } from '../gateway/from-sdl';
import { supergraphForApolloGateway } from '../gateway/supergraph-source';
import { CallerSigner, GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../gateway/trust';
import { Caller } from '../shared/auth/caller';
import { composeBenchSupergraph } from './federation-subgraphs/compose';
import { BENCH_SUBGRAPHS } from './federation-subgraphs/index';
import { heavyQuery } from './federation-subgraphs/oracle';
import { serveBenchSubgraph } from './federation-subgraphs/serve';
import { benchTokenSettings, signedBearer } from './lib/bearer-tokens';

/**
 * The gateway's security path per heavy query, in CPU microseconds, and as a share of the gateway's
 * CPU per request (issue #17 item 3): the bearer token check (new token: full verification; a token
 * seen before: the verified-token cache), the field-scope check (the authorization plugin), and the
 * caller assertions (one signed per subgraph request, over the real subgraph request bodies of the
 * heavy query, recorded from one query through the product's gateway in its production configuration).
 *
 *   node --import tsx --import ./bench/lib/source-maps-off.ts bench/security-path.ts \
 *     [--iterations 2000] [--rounds 5] [--subgraph-port 14501] [--bench-result bench/results/latest.json | --cpu-ms-per-request 5.4]
 *
 * The share needs the gateway's CPU per request from a benchmark run (the mean of its
 * `product-production` rows, or the number given). Results: bench/results/security-path-<time>.json and .md.
 */

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    'subgraph-port': { type: 'string', default: '14501' },
    'bench-result': { type: 'string' },
    'cpu-ms-per-request': { type: 'string' },
  },
});
const ITERATIONS = Number(values.iterations);
const ROUNDS = Number(values.rounds);

/** Median over the rounds of CPU microseconds (user + system) per call. */
async function cpuMicros(run: (i: number) => unknown): Promise<number> {
  let i = 0;
  for (let w = 0; w < Math.min(500, ITERATIONS); w += 1) await run(i++);
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.cpuUsage();
    for (let n = 0; n < ITERATIONS; n += 1) await run(i++);
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / ITERATIONS);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
}

/** The subgraph request bodies of one heavy query, as the product's gateway sends them (captured at the signer). */
async function recordSubgraphBodies(basePort: number): Promise<{ audience: string; body: string }[]> {
  const subgraphs = await Promise.all(BENCH_SUBGRAPHS.map((s, i) => serveBenchSubgraph(s.name, basePort + i)));
  const recorded: { audience: string; body: string }[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with .call(this), on the signer the patched method runs for
  const original = CallerSigner.prototype.headers;
  CallerSigner.prototype.headers = function (this: CallerSigner, caller, audience, body) {
    recorded.push({ audience, body: typeof body === 'string' ? body : Buffer.from(body).toString() });
    return original.call(this, caller, audience, body);
  };
  const tokens = benchTokenSettings();
  process.env.AUTH_SECRET = tokens.secret;
  process.env.GATEWAY_SIGNING_KEY = generateSigningKeyPem();
  process.env.LIMIT_COST = '200000';
  process.env.LOG_LEVEL = 'warn';
  process.env.CURSOR_SECRET ??= 'a-cursor-secret-for-the-security-path-measurement';
  const gateway = await startGatewayFromSdl({ supergraphSdl: composeBenchSupergraph(basePort), port: basePort + 10, host: '127.0.0.1', executor: 'plan' });
  try {
    const response = await fetch(`http://127.0.0.1:${basePort + 10}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signedBearer(tokens, 'record') },
      body: JSON.stringify({ query: heavyQuery(), operationName: 'TestQuery' }),
    });
    if (response.status !== 200) throw new Error(`the heavy query answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer();
  } finally {
    CallerSigner.prototype.headers = original;
    await gateway.stop(0);
    await Promise.all(subgraphs.map((s) => s.close()));
  }
  return recorded.filter((r) => BENCH_SUBGRAPHS.some((s) => s.name === r.audience));
}

function gatewayCpuMsPerRequest(): { value: number; source: string } | undefined {
  if (values['cpu-ms-per-request']) return { value: Number(values['cpu-ms-per-request']), source: '--cpu-ms-per-request' };
  const file = values['bench-result'] ?? join(__dirname, 'results', 'latest.json');
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { startedAt: string; gateways: { id: string; status: string; result?: { gatewayCpuPerRequestMs: number } }[] };
    const rows = report.gateways.filter((g) => g.id === 'product-production' && g.status === 'ok' && g.result);
    if (rows.length === 0) return undefined;
    return {
      value: rows.reduce((sum, g) => sum + g.result!.gatewayCpuPerRequestMs, 0) / rows.length,
      source: `${file} (run ${report.startedAt}, mean of ${rows.length} product-production row(s))`,
    };
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const basePort = Number(values['subgraph-port']);
  const bodies = await recordSubgraphBodies(basePort);
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

  // Token check: every request a new token (as the benchmark's load sends), and one token used again (the cache).
  const tokens = benchTokenSettings();
  process.env.AUTH_SECRET = tokens.secret;
  const settings = tokenSettingsFromEnvironment();
  const fresh = createAuthenticator(settings, silent, new VerifiedTokenCache(1_000));
  const newTokens = Array.from({ length: ITERATIONS * (ROUNDS + 1) + 500 }, (_, i) => signedBearer(tokens, `caller-${i}`));
  const tokenNewMicros = await cpuMicros((i) => fresh(newTokens[i]));
  const reused = createAuthenticator(settings, silent);
  const oneToken = signedBearer(tokens, 'analyst');
  const tokenCachedMicros = await cpuMicros(() => reused(oneToken));

  // Field scopes: the authorization plugin's didResolveOperation on the heavy query (the operation node kept, as Apollo's document cache keeps it).
  const supergraphSdl = composeBenchSupergraph(basePort);
  const schema = buildASTSchema(parse(supergraphForApolloGateway(supergraphSdl)), { assumeValidSDL: true });
  const document: DocumentNode = parse(heavyQuery());
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const hooks = await authorizationPlugin(guardedFields(() => supergraphSdl)).requestDidStart!({} as never);
  const caller: Caller = { authenticated: true, subject: 'analyst', scopes: [] };
  const didResolve = (hooks as { didResolveOperation: (context: unknown) => Promise<void> }).didResolveOperation;
  const fieldScopeMicros = await cpuMicros(() => didResolve({ operation, document, schema, contextValue: { caller } }));

  // Caller assertions: one per subgraph request of the heavy query, over its real body.
  const signer = new CallerSigner(new GatewaySigningKeys(keyMaterialSource(generateSigningKeyPem(), 'a key for the measurement')));
  const assertionMicros = await cpuMicros(() => {
    for (const { audience, body } of bodies) signer.headers(caller, audience, body);
  });

  const perRequestNew = tokenNewMicros + fieldScopeMicros + assertionMicros;
  const perRequestCached = tokenCachedMicros + fieldScopeMicros + assertionMicros;
  const cpu = gatewayCpuMsPerRequest();
  const share = (micros: number) => (cpu ? `${((micros / (cpu.value * 1000)) * 100).toFixed(1)}%` : 'n/a (no CPU per request given)');
  const r = (x: number) => x.toFixed(1);
  const lines = [
    `# Security path per heavy query (${new Date().toISOString()})`,
    '',
    `Node ${process.version}; ${ITERATIONS} calls x ${ROUNDS} rounds, median, CPU (user + system) of this process; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    `Heavy query: ${bodies.length} subgraph requests (${bodies.map((b) => b.body.length).reduce((a, b) => a + b, 0)} bytes of bodies), recorded through the product's gateway in its production configuration.`,
    `Gateway CPU per request: ${cpu ? `${cpu.value.toFixed(2)} ms, from ${cpu.source}` : 'not given'}.`,
    '',
    '| part | CPU µs per request | share of gateway CPU per request |',
    '| --- | ---: | ---: |',
    `| bearer token, new (full HS256 verification) | ${r(tokenNewMicros)} | ${share(tokenNewMicros)} |`,
    `| bearer token, seen before (verified-token cache) | ${r(tokenCachedMicros)} | ${share(tokenCachedMicros)} |`,
    `| field scopes (authorization plugin) | ${r(fieldScopeMicros)} | ${share(fieldScopeMicros)} |`,
    `| caller assertions (${bodies.length} signed, Ed25519 + SHA-256 of each body) | ${r(assertionMicros)} | ${share(assertionMicros)} |`,
    `| **whole path, new token per request** | ${r(perRequestNew)} | ${share(perRequestNew)} |`,
    `| **whole path, token seen before** | ${r(perRequestCached)} | ${share(perRequestCached)} |`,
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  const stamp = new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d+Z$/, 'Z');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `security-path-${stamp}.md`), text);
  writeFileSync(
    join(dir, `security-path-${stamp}.json`),
    `${JSON.stringify({ iterations: ITERATIONS, rounds: ROUNDS, node: process.version, loadAverage: loadavg(), subgraphRequests: bodies.length, micros: { tokenNew: tokenNewMicros, tokenCached: tokenCachedMicros, fieldScopes: fieldScopeMicros, callerAssertions: assertionMicros, wholeNew: perRequestNew, wholeCached: perRequestCached }, gatewayCpuMsPerRequest: cpu ?? null }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('security-path failed:', error);
    process.exit(1);
  },
);
