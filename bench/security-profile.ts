import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKeyPem } from '../gateway/trust';
import { CodePart, CpuProfile, profileShares } from './lib/cpu-profile-shares';
import { LoadResult } from './lib/load';

/**
 * The security path's share of the gateway's CPU, from a CPU profile of the gateway process under
 * load (issue #17 item 3): `bench/run.ts` runs the production row (`product-production`: bearer
 * tokens verified, a caller assertion signed per subgraph request, limits, metrics and request logs
 * on) on the heavy query with `--cpu-prof`; the profile, cut to the measured window, is attributed
 * to the bearer-token check, the field-scope check and the caller assertions (each with all it
 * calls), against all the gateway's busy time.
 *
 *   node --import tsx bench/security-profile.ts [--duration 15] [--warmup 5] [--callers 0,50] [--interval 100] [--key-algorithm x25519|ed25519|p256] [--label text]
 *
 * `--callers 0`: a new bearer token per request (the benchmark's load, every request a new caller);
 * `--callers 50`: 50 callers each sending its one token (the verified-token cache answers).
 * `--key-algorithm x25519` (the default): the gateway holds an Ed25519 and an X25519 key (as
 * product-production.ts makes them), so its assertions to the bench subgraphs, which publish X25519
 * keys, are HS256 (pairwise MAC keys); `ed25519` / `p256`: a signing key only, every assertion signed.
 * Results: bench/results/security-profile-<time>.md and .json.
 */

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    callers: { type: 'string', default: '0,50' },
    interval: { type: 'string', default: '100' },
    connections: { type: 'string', default: '20' },
    label: { type: 'string', default: '' },
    // x25519 (the keys bench/gateways/product-production.ts makes), ed25519 or p256 (a signing key alone given as GATEWAY_SIGNING_KEY).
    'key-algorithm': { type: 'string', default: 'x25519' },
  },
});

export const SECURITY_PARTS: CodePart[] = [
  {
    name: 'bearer token (HS256 verification, claims, verified-token cache)',
    files: ['gateway/auth/tokens.', 'gateway/auth/verified-tokens.', 'gateway/auth/hs256-verifier.', 'node_modules/jose/', 'internal/crypto/webcrypto', 'internal/crypto/mac'],
  },
  { name: 'field scopes (authorization plugin)', files: ['gateway/auth/operation-check.'] },
  {
    name: 'caller assertions (claims, SHA-256 of the body, signature or MAC)',
    files: ['gateway/trust/caller-signer.', 'shared/auth/caller-assertion.', 'shared/auth/pairwise-mac.', 'shared/auth/mac-key.', 'gateway/trust/subgraph-keys.'],
  },
];

const KEY_DESCRIPTIONS: Record<string, string> = {
  x25519: 'Ed25519 + X25519 (HS256 to the subgraphs)',
  ed25519: 'Ed25519 (EdDSA)',
  p256: 'P-256 (ES256)',
};

interface Run {
  callers: number;
  keyAlgorithm: string;
  load: LoadResult;
  busySamples: number;
  garbageCollectionSamples: number;
  parts: { name: string; samples: number; share: number; microsPerRequest: number; topLeaves: { function: string; share: number }[] }[];
  securityShare: number;
  securityMicrosPerRequest: number;
}

function runBench(callers: number, out: string, profileDir: string): Promise<void> {
  const args = ['--import', 'tsx', join(__dirname, 'run.ts'), '--gateways', 'product-production', '--rounds', '1', '--duration', values.duration, '--warmup', values.warmup];
  args.push('--connections', values.connections, '--callers', String(callers), '--out', out);
  const flags = `--cpu-prof --cpu-prof-dir=${profileDir} --cpu-prof-interval=${values.interval}`;
  const env = { ...process.env, BENCH_GATEWAY_NODE_FLAGS: flags, ...signingKeyOf(values['key-algorithm']) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: join(__dirname, '..'), stdio: ['ignore', 'inherit', 'inherit'], env });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/run.ts exited with ${code}`))));
  });
}

/** The gateway's key material for `--key-algorithm`: none given (product-production.ts makes Ed25519 and X25519 keys), or a signing key alone. */
function signingKeyOf(algorithm: string): { GATEWAY_SIGNING_KEY?: string } {
  if (algorithm === 'p256') return { GATEWAY_SIGNING_KEY: p256KeyPem() };
  if (algorithm === 'ed25519') return { GATEWAY_SIGNING_KEY: generateSigningKeyPem() };
  if (algorithm === 'x25519') return {};
  throw new Error(`--key-algorithm must be x25519, ed25519 or p256, not ${algorithm}`);
}

const p256KeyPem = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

async function measure(callers: number): Promise<Run> {
  const work = mkdtempSync(join(tmpdir(), 'security-profile-'));
  try {
    const profileDir = join(work, 'profiles');
    await runBench(callers, work, profileDir);
    const report = JSON.parse(readFileSync(join(work, 'latest.json'), 'utf8')) as { gateways: { status: string; result?: LoadResult }[] };
    const load = report.gateways[0]?.result;
    if (!load) throw new Error('the production row did not complete');
    // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: the main thread is thread 0 (tsx's module loader thread writes one too).
    const files = readdirSync(profileDir).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f));
    if (files.length !== 1) throw new Error(`expected one main-thread gateway profile, found ${files.length} (${readdirSync(profileDir).join(', ')})`);
    const profile = JSON.parse(readFileSync(join(profileDir, files[0]!), 'utf8')) as CpuProfile;
    const shares = profileShares(profile, SECURITY_PARTS, load.windowMonotonicMicros);
    // The part's share of the profile's busy samples, of the CPU per request /proc measured.
    const perRequest = (share: number) => share * load.gatewayCpuPerRequestMs * 1000;
    const parts = shares.parts.map((p) => ({
      name: p.name,
      samples: p.samples,
      share: p.samples / shares.busySamples,
      microsPerRequest: perRequest(p.samples / shares.busySamples),
      topLeaves: p.leaves.slice(0, 6).map((l) => ({ function: l.function, share: l.samples / shares.busySamples })),
    }));
    const securityShare = parts.reduce((sum, p) => sum + p.share, 0);
    return {
      callers,
      keyAlgorithm: KEY_DESCRIPTIONS[values['key-algorithm']] ?? values['key-algorithm'],
      load,
      busySamples: shares.busySamples,
      garbageCollectionSamples: shares.garbageCollectionSamples,
      parts,
      securityShare,
      securityMicrosPerRequest: perRequest(securityShare),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function markdown(runs: Run[], startedAt: Date): string {
  const lines = [
    `# Security path, from a CPU profile of the gateway under load (${startedAt.toISOString()})${values.label ? `: ${values.label}` : ''}`,
    '',
    `Node ${process.version}; \`bench/run.ts --gateways product-production\` (heavy query, ${values.connections} connections, ${values.warmup} s warm-up, ${values.duration} s measured), ` +
      `the gateway under \`--cpu-prof --cpu-prof-interval=${values.interval}\` (µs), the profile cut to the measured window. Share = the part's samples (with all it calls) / the gateway's busy samples ` +
      '(idle left out; GC and (program) kept, unattributed); µs per request = share x the CPU per request /proc measured over the window (the profiler running).',
    '',
    '| signing key | bearer tokens | load avg before | req/s | subgraph req per query | gateway CPU ms/req | busy samples | bearer token | field scopes | caller assertions | **security path** | GC share |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of runs) {
    const subgraphRequests = run.load.subgraphStats.reduce((sum, s) => sum + s.requests, 0) / run.load.requests;
    lines.push(
      `| ${run.keyAlgorithm} | ${run.callers === 0 ? 'new per request' : `${run.callers} callers reusing theirs`} | ${run.load.loadAverageBefore} | ${run.load.requestsPerSecond} | ` +
        `${subgraphRequests.toFixed(1)} | ${run.load.gatewayCpuPerRequestMs.toFixed(2)} | ${run.busySamples} | ` +
        `${run.parts.map((p) => `${pct(p.share)} (${p.microsPerRequest.toFixed(0)} µs)`).join(' | ')} | **${pct(run.securityShare)} (${run.securityMicrosPerRequest.toFixed(0)} µs)** | ` +
        `${pct(run.garbageCollectionSamples / run.busySamples)} |`,
    );
  }
  for (const run of runs) {
    lines.push('', `Where each part's samples end (self time, share of all busy samples), ${run.callers === 0 ? 'a new token per request' : `${run.callers} callers`}:`, '');
    for (const part of run.parts) lines.push(`- ${part.name}: ${part.topLeaves.map((l) => `${l.function} ${pct(l.share)}`).join('; ')}`);
  }
  lines.push(
    '',
    `Load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const runs: Run[] = [];
  for (const callers of values.callers.split(',').map(Number)) runs.push(await measure(callers));
  const text = markdown(runs, startedAt);
  console.log(text);
  const stamp = startedAt
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `security-profile-${stamp}.md`), text);
  writeFileSync(
    join(dir, `security-profile-${stamp}.json`),
    `${JSON.stringify({ startedAt, label: values.label, settings: values, runs: runs.map(({ load, ...run }) => ({ ...run, load: { requests: load.requests, requestsPerSecond: load.requestsPerSecond, gatewayCpuPerRequestMs: load.gatewayCpuPerRequestMs, loadAverageBefore: load.loadAverageBefore, errors: load.errors, non2xx: load.non2xx, mismatches: load.mismatches } })) }, null, 2)}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('security-profile failed:', error);
    process.exit(1);
  });
}
