import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditMarkdown, AuditResult, GatewayAudit, parseTapLog } from './report';

/**
 * Runs the Guild's federation-gateway-audit (github.com/graphql-hive/federation-gateway-audit) against
 * stock Apollo Gateway and this product's gateway, and writes the scores per case.
 *
 *   node --import tsx bench/federation-audit/run.ts --audit <fetched copy> [--gateways apollo-stock,product,product-apollo-executor]
 *        [--suites a,b] [--work <dir>] [--out bench/results]
 *
 * `<fetched copy>` is the audit repository as fetched (a git directory, or a work tree). It is
 * exported to `<work>/<commit>` (the system's temporary folder by default) and its runtime
 * dependencies installed there with npm (never into this repository; nothing of it is committed). It
 * cannot run in CI: fetching the audit and installing its dependencies need the network.
 *
 * Node 20 lacks `Promise.withResolvers`, which the audit's CLI calls: `with-resolvers.mjs` adds it
 * (NODE_OPTIONS=--import). The audit's CLI serves its test subgraphs and, for each test suite, starts
 * the gateway under test through an adapter folder (`gateways/registries-<id>/`: `gateway.json` and
 * `run.sh`, written here), which fetches the suite's supergraph and starts the gateway on it. Every
 * port (subgraphs, gateway, stock Apollo's health) is a free loopback port chosen for the run.
 */

type GatewayId = 'apollo-stock' | 'product' | 'product-apollo-executor';

/** Each gateway the audit can run: its entry (in this folder), whether it serves `/health` on a port of its own, its environment. */
const GATEWAYS: Record<GatewayId, { label: string; entry: string; separateHealth: boolean; env?: Record<string, string> }> = {
  'apollo-stock': { label: 'Apollo Gateway 2.14.4, stock', entry: 'apollo-stock.ts', separateHealth: true },
  product: { label: 'this product (plan executor)', entry: 'product.ts', separateHealth: false },
  'product-apollo-executor': { label: "this product (Apollo Gateway's executor)", entry: 'product.ts', separateHealth: false, env: { AUDIT_EXECUTOR: 'apollo' } },
};

interface Options {
  audit: string;
  work: string;
  out: string;
  gateways: GatewayId[];
  suites: string[] | undefined;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const audit = value('audit');
  if (!audit) {
    console.error(
      'usage: run.ts --audit <fetched federation-gateway-audit (git directory or work tree)> [--gateways apollo-stock,product,product-apollo-executor] [--suites a,b] [--work dir] [--out dir]',
    );
    process.exit(2);
  }
  const gateways = (value('gateways') ?? 'apollo-stock,product,product-apollo-executor').split(',').map((g) => g.trim());
  for (const gateway of gateways) if (!(gateway in GATEWAYS)) throw new Error(`unknown gateway ${gateway}; known: ${Object.keys(GATEWAYS).join(', ')}`);
  const suites = value('suites')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    audit: resolve(audit),
    work: resolve(value('work') ?? join(tmpdir(), 'federation-gateway-audit')),
    out: resolve(value('out') ?? join(__dirname, '..', 'results')),
    gateways: gateways as GatewayId[],
    suites,
  };
}

const run = (command: string, args: string[], cwd: string): string => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

/** The audit's files at `<work>/<commit>` with their runtime dependencies installed (once per commit). */
function preparedCopy(auditPath: string, workRoot: string): { dir: string; commit: string; repository: string } {
  const isGitDirectory = existsSync(join(auditPath, 'HEAD')) && existsSync(join(auditPath, 'objects'));
  const isWorkTree = existsSync(join(auditPath, 'src', 'cli.ts'));
  if (!isGitDirectory && !isWorkTree) throw new Error(`${auditPath} is neither a git directory nor a work tree of the federation-gateway-audit`);
  const gitArgs = isGitDirectory ? [`--git-dir=${auditPath}`] : ['-C', auditPath];
  let commit = 'work-tree';
  try {
    commit = run('git', [...gitArgs, 'rev-parse', 'HEAD'], process.cwd()).trim();
  } catch {
    if (isGitDirectory) throw new Error(`cannot read HEAD of ${auditPath}`);
  }
  const dir = join(workRoot, commit.slice(0, 12));
  const marker = join(dir, '.prepared');
  if (existsSync(marker) && commit !== 'work-tree') return { dir, commit, repository: auditPath };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`exporting the audit (${commit}) to ${dir}`);
  if (isGitDirectory) {
    const archive = `${dir}.tar`;
    run('git', [...gitArgs, 'archive', '--format=tar', '-o', archive, 'HEAD'], dir);
    run('tar', ['-xf', archive, '-C', dir], dir);
    rmSync(archive);
  } else {
    execFileSync('sh', ['-c', `tar --exclude=node_modules --exclude=.git -cf - -C "$0" . | tar -xf - -C "$1"`, auditPath, dir]);
  }
  console.log('installing its runtime dependencies (npm ci --omit=dev)');
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  // graphql is only a peer and a dev dependency of the audit: install the version its lock file pins.
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const graphqlVersion = lock.packages['node_modules/graphql']?.version;
  if (!graphqlVersion) throw new Error("the audit's lock file pins no graphql version");
  if (!existsSync(join(dir, 'node_modules', 'graphql', 'package.json'))) {
    const tarball = run('npm', ['pack', `graphql@${graphqlVersion}`, '--pack-destination', dir, '--silent'], dir)
      .trim()
      .split('\n')
      .pop()!;
    mkdirSync(join(dir, 'node_modules', 'graphql'), { recursive: true });
    run('tar', ['-xzf', join(dir, tarball), '-C', join(dir, 'node_modules', 'graphql'), '--strip-components=1'], dir);
    rmSync(join(dir, tarball));
  }
  writeFileSync(marker, `${commit}\n`);
  return { dir, commit, repository: auditPath };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

interface Ports {
  subgraphs: number;
  gateway: number;
  health: number;
}

/** Writes `gateways/registries-<id>/` (gateway.json, run.sh) in the audit copy; returns the folder. */
function writeAdapter(copy: string, id: GatewayId, ports: Ports): { folder: string; graphql: string; health: string } {
  const gateway = GATEWAYS[id];
  const folder = join(copy, 'gateways', `registries-${id}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const graphql = `http://127.0.0.1:${ports.gateway}/graphql`;
  const health = `http://127.0.0.1:${gateway.separateHealth ? ports.health : ports.gateway}/health`;
  writeFileSync(join(folder, 'gateway.json'), `${JSON.stringify({ name: gateway.label, graphql, health }, null, 2)}\n`);
  const entry = join(__dirname, gateway.entry);
  const script = [
    '#!/bin/sh',
    'set -e',
    // The audit registers its suites' routes a moment after it starts listening: ask until they are there.
    `curl -sSf --retry 30 --retry-delay 1 --retry-all-errors "http://127.0.0.1:${ports.subgraphs}/$1/supergraph" -o supergraph.graphql`,
    // exec: the audit's SIGTERM to this script reaches the gateway itself.
    `${Object.entries(gateway.env ?? {})
      .map(([name, value]) => `${name}=${value} `)
      .join('')}exec "${process.execPath}" "${entry}" supergraph.graphql ${ports.gateway}${gateway.separateHealth ? ` ${ports.health}` : ''}`,
    '',
  ].join('\n');
  writeFileSync(join(folder, 'run.sh'), script);
  chmodSync(join(folder, 'run.sh'), 0o755);
  return { folder, graphql, health };
}

function runCli(copy: string, args: string[]): Promise<number> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const polyfill = pathToFileURL(join(__dirname, 'with-resolvers.mjs')).href;
  return new Promise((resolveExit, reject) => {
    const child = spawn(process.execPath, [join('src', 'cli.ts'), ...args], {
      cwd: copy,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_OPTIONS: `--import ${polyfill} --import ${tsx}`,
        // Stock Apollo Gateway otherwise reports anonymous usage to Apollo; the run stays on loopback.
        APOLLO_TELEMETRY_DISABLED: '1',
        // How long the audit waits for /health after starting a gateway (its default, 5 s, is short for two busy cores).
        GATEWAY_TIMEOUT: process.env.GATEWAY_TIMEOUT ?? '60000',
      },
    });
    child.once('error', reject);
    child.once('exit', (code) => resolveExit(code ?? 1));
  });
}

async function auditGateway(copy: string, id: GatewayId, suites: string[] | undefined): Promise<GatewayAudit> {
  const ports = { subgraphs: await freePort(), gateway: await freePort(), health: await freePort() };
  const adapter = writeAdapter(copy, id, ports);
  rmSync(join(adapter.folder, 'logs'), { recursive: true, force: true });
  const common = ['--cwd', adapter.folder, '--run-script', './run.sh', '--graphql', adapter.graphql, '--healthcheck', adapter.health, '--port', String(ports.subgraphs)];
  const started = Date.now();
  if (suites) {
    for (const suite of suites) await runCli(copy, ['test-suite', '--test', suite, ...common, '--reporter', 'dot']);
  } else {
    await runCli(copy, ['test', ...common, '--reporter', 'dot', '--write', 'results.txt']);
  }
  const logs = join(adapter.folder, 'logs');
  const suiteIds = (
    suites ??
    readdirSync(logs)
      .filter((f) => f.endsWith('-tests.log'))
      .map((f) => f.slice(0, -'-tests.log'.length))
  ).sort();
  const suiteResults = suiteIds.map((suite) => {
    const file = join(logs, `${suite}-tests.log`);
    return parseTapLog(suite, existsSync(file) ? readFileSync(file, 'utf8') : '');
  });
  return { id, label: GATEWAYS[id].label, seconds: Math.round((Date.now() - started) / 1000), suites: suiteResults };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(options.work, { recursive: true });
  const copy = preparedCopy(options.audit, options.work);
  const startedAt = new Date().toISOString();
  const gateways: GatewayAudit[] = [];
  for (const id of options.gateways) {
    console.log(`\n=== ${GATEWAYS[id].label}`);
    gateways.push(await auditGateway(copy.dir, id, options.suites));
  }
  const repository = join(__dirname, '..', '..');
  const result: AuditResult = {
    startedAt,
    audit: { repository: 'github.com/graphql-hive/federation-gateway-audit', fetchedFrom: copy.repository, commit: copy.commit },
    product: {
      commit: run('git', ['rev-parse', '--short', 'HEAD'], repository).trim(),
      dirty: run('git', ['status', '--porcelain', '--', 'gateway', 'shared'], repository).trim() !== '',
    },
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
    partial: options.suites !== undefined,
    gateways,
  };
  mkdirSync(options.out, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const markdown = auditMarkdown(result);
  for (const name of [`federation-audit-${stamp}`, ...(options.suites ? [] : ['federation-audit-latest'])]) {
    writeFileSync(join(options.out, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(options.out, `${name}.md`), markdown);
  }
  console.log(`\n${markdown}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
