import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SUBGRAPHS } from '../../federation-subgraphs/index';
import { benchSubgraphSdl } from '../../federation-subgraphs/subgraph';

/**
 * Cosmo Router (wundergraph/cosmo, router@0.341.0, Go) as a benchmark peer: the binary built by
 * bench/peers/cosmo/build.sh, its execution config composed by `wgc router compose` (the npm package
 * `wgc`, installed in bench/peers/cosmo) from the benchmark subgraphs' SDL, and a router config with
 * what every gateway here does (pass the client's `authorization` on to each subgraph request) and
 * the rest as the router ships: info logs with an access log line per request, Prometheus metrics
 * (on a port of their own), no OpenTelemetry export (it would go to Cosmo's cloud by default).
 */

const ROOT = join(__dirname, '..', '..', '..');
export const COSMO_ROUTER_BINARY = join(ROOT, '.cache', 'cosmo-router', 'router');
const WGC = join(__dirname, 'node_modules', 'wgc', 'dist', 'src', 'index.js');

export interface PeerLaunch {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** Writes the subgraphs' SDL, composes the execution config with wgc and writes the router's config; how to start it. */
export function launchCosmo(subgraphBasePort: number, port: number, workDir: string): PeerLaunch {
  if (!existsSync(COSMO_ROUTER_BINARY)) throw new Error(`no Cosmo Router at ${COSMO_ROUTER_BINARY}: build it with bench/peers/cosmo/build.sh (see bench/README.md)`);
  if (!existsSync(WGC)) throw new Error(`wgc is not installed: run npm ci --prefix bench/peers/cosmo (see bench/README.md)`);
  const dir = join(workDir, 'cosmo');
  mkdirSync(dir, { recursive: true });
  const input = [
    'version: 1',
    'subgraphs:',
    ...BENCH_SUBGRAPHS.flatMap((subgraph, i) => {
      const file = join(dir, `${subgraph.name}.graphql`);
      writeFileSync(file, benchSubgraphSdl(subgraph));
      return [`  - name: ${subgraph.name}`, `    routing_url: http://127.0.0.1:${subgraphBasePort + i}/graphql`, '    schema:', `      file: ${file}`];
    }),
  ].join('\n');
  const inputFile = join(dir, 'graph.yaml');
  const executionConfig = join(dir, 'execution-config.json');
  writeFileSync(inputFile, `${input}\n`);
  execFileSync(process.execPath, [WGC, 'router', 'compose', '--input', inputFile, '--out', executionConfig], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DISABLE_UPDATE_CHECK: 'true' } });
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    [
      "version: '1'",
      `listen_addr: '127.0.0.1:${port}'`,
      "graphql_path: '/graphql'",
      "health_check_path: '/health'",
      'dev_mode: false',
      "log_level: 'info'",
      'json_log: true',
      'execution_config:',
      '  file:',
      `    path: '${executionConfig}'`,
      'headers:',
      '  all:',
      '    request:',
      "      - op: 'propagate'",
      "        named: 'Authorization'",
      'telemetry:',
      '  tracing:',
      '    enabled: false',
      '  metrics:',
      '    otlp:',
      '      enabled: false',
      '    prometheus:',
      '      enabled: true',
      `      listen_addr: '127.0.0.1:${port + 50}'`,
      'graphql_metrics:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
  return { file: COSMO_ROUTER_BINARY, args: ['-config', configFile], env: { CONFIG_PATH: configFile } };
}
