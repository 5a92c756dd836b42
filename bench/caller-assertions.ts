import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { CallerSigner, GatewaySigningKeys, generateGatewayKeyPem, generateSigningKeyPem, keyMaterialSource } from '../gateway/trust';
import { agreementKeysOf, generateAgreementKeyPem } from '../shared/auth/pairwise-mac';
import { SubgraphAgreementKeys } from '../shared/auth/subgraph-agreement-keys';
import { Caller } from '../shared/auth/caller';
import { StaticKeySet } from '../shared/auth/gateway-key-set';
import { MemoryReplayGuard } from '../shared/auth/replay-guard';
import { SignedTrust, verifyCallerAssertion } from '../shared/auth/subgraph-trust';

/**
 * What a caller assertion costs per subgraph request: the gateway signing one (SHA-256 of the body,
 * claims, signature) and the subgraph verifying one (signature, claims, body digest, replay guard),
 * for Ed25519 and P-256 keys and HS256 (pairwise MAC keys: the gateway and the subgraph each hold an
 * X25519 key, the key derived once) and three body sizes; beside jose doing the same through WebCrypto,
 * and the HS256 header the gateway signed before (once per client request and subgraph, no body).
 *
 *   node --import tsx bench/caller-assertions.ts [--iterations 20000] [--rounds 5]
 *
 * Each figure is CPU microseconds per operation (process.cpuUsage, user + system, one thread),
 * the median of the rounds. Results go to bench/results/caller-assertions-<time>.json and .md.
 */

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' } } });
const ITERATIONS = Number(values.iterations);
const ROUNDS = Number(values.rounds);

const CALLER: Caller = { authenticated: true, subject: 'analyst', scopes: ['personal:read'] };
const representations = (count: number) =>
  JSON.stringify({
    query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Person{labs{fullName contact{phone email}}}}}',
    variables: { representations: Array.from({ length: count }, (_, i) => ({ __typename: 'Person', nationalCode: String(1_000_000_000 + i) })) },
  });
const BODIES: Record<string, string> = {
  'root query': JSON.stringify({ query: '{ labsMembers(first: 20) { nodes { fullName } } }', variables: {} }),
  'entity fetch, 50 people': representations(50),
  'entity fetch, 500 people': representations(500),
};

function cpuMicrosPerOp(run: () => void): number {
  for (let i = 0; i < Math.min(2_000, ITERATIONS); i += 1) run();
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i += 1) run();
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / ITERATIONS);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
}

async function cpuMicrosPerOpAsync(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(2_000, ITERATIONS); i += 1) await run();
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i += 1) await run();
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / ITERATIONS);
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
}

interface Row {
  key: string;
  body: string;
  bodyBytes: number;
  signMicros: number;
  verifyMicros: number;
}

/** `own`: the subgraph's X25519 keys, for HS256 assertions (the gateway's `pem` then holds an X25519 key too). */
async function measureProduct(keyName: string, pem: string, own?: SubgraphAgreementKeys): Promise<Row[]> {
  const keys = new GatewaySigningKeys(keyMaterialSource(pem, keyName));
  const published = own ? { kid: own.keys[0]!.kid, publicKey: own.keys[0]!.publicKey } : undefined;
  const signer = new CallerSigner(keys, 10, { keyFor: () => published });
  const rows: Row[] = [];
  for (const [name, body] of Object.entries(BODIES)) {
    const bytes = Buffer.from(body);
    const signMicros = cpuMicrosPerOp(() => void signer.sign(CALLER, 'labs', body));
    // Fresh assertions to verify (each is accepted once), signed before the clock starts.
    const total = ITERATIONS * (ROUNDS + 1);
    const signedAt = Date.now();
    const assertions = Array.from({ length: total }, () => signer.sign(CALLER, 'labs', body, signedAt));
    const trust: SignedTrust = { mode: 'signed', keys: new StaticKeySet(keys.jwks()), replays: new MemoryReplayGuard(), maxLifetimeSeconds: 30, ...(own ? { own } : {}) };
    let next = 0;
    const verifyMicros = await cpuMicrosPerOpAsync(() => verifyCallerAssertion(trust, 'labs', assertions[next++ % total]!, bytes, signedAt));
    rows.push({ key: keyName, body: name, bodyBytes: bytes.length, signMicros, verifyMicros });
  }
  return rows;
}

async function measureJose(): Promise<{ signMicros: number; verifyMicros: number; hs256SignMicros: number }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const body = BODIES['entity fetch, 50 people']!;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k', alg: 'EdDSA' };
  const set = createLocalJWKSet({ keys: [jwk] });
  const sign = () =>
    new SignJWT({ authenticated: true, scope: 'personal:read', body_sha256: createHash('sha256').update(body).digest('base64url') })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'registry-caller+jwt', kid: 'k' })
      .setIssuer('registries-gateway')
      .setAudience('labs')
      .setIssuedAt()
      .setExpirationTime('10s')
      .setJti(randomUUID())
      .sign(privateKey);
  const signMicros = await cpuMicrosPerOpAsync(sign);
  const signedAt = new Date();
  const token = await sign();
  const verifyMicros = await cpuMicrosPerOpAsync(() =>
    jwtVerify(token, set, { issuer: 'registries-gateway', audience: 'labs', typ: 'registry-caller+jwt', currentDate: signedAt }),
  );
  const secret = new TextEncoder().encode('a-secret-of-more-than-thirty-two-bytes-for-hs256');
  const hs256SignMicros = await cpuMicrosPerOpAsync(() =>
    new SignJWT({ authenticated: true, scope: 'personal:read' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('registries-gateway')
      .setAudience('labs')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(secret),
  );
  return { signMicros, verifyMicros, hs256SignMicros };
}

async function main(): Promise<void> {
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const own = new SubgraphAgreementKeys(agreementKeysOf(generateAgreementKeyPem(), 'a subgraph key'), 'a subgraph key');
  const rows = [
    ...(await measureProduct('Ed25519 (EdDSA)', generateSigningKeyPem())),
    ...(await measureProduct('P-256 (ES256)', p256)),
    ...(await measureProduct('X25519 pair (HS256)', generateGatewayKeyPem(), own)),
  ];
  const jose = await measureJose();
  const round = (value: number) => Math.round(value * 10) / 10;
  const lines = [
    `# Caller assertions: CPU per subgraph request (${new Date().toISOString()})`,
    '',
    `Node ${process.version}, OpenSSL ${process.versions.openssl}; ${ITERATIONS} operations x ${ROUNDS} rounds, median; load average ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    '',
    '| key | body | bytes | gateway signs (µs) | subgraph verifies (µs) |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.key} | ${row.body} | ${row.bodyBytes} | ${round(row.signMicros)} | ${round(row.verifyMicros)} |`),
    '',
    `For comparison, through jose (WebCrypto), Ed25519, entity fetch of 50 people: sign ${round(jose.signMicros)} µs, verify ${round(jose.verifyMicros)} µs;`,
    `the former HS256 header (jose, no body digest, signed once per client request and subgraph): ${round(jose.hs256SignMicros)} µs.`,
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
  writeFileSync(join(dir, `caller-assertions-${stamp}.md`), text);
  writeFileSync(join(dir, `caller-assertions-${stamp}.json`), `${JSON.stringify({ iterations: ITERATIONS, rounds: ROUNDS, node: process.version, rows, jose }, null, 2)}\n`);
}

void main();
