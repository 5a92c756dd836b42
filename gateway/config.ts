import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export interface GatewaySettings {
  port: number;
  host?: string;
  subgraphs: SubgraphEndpoint[];
  /** How long the gateway waits for the subgraphs before it gives up, in milliseconds. */
  startupTimeoutMs: number;
}

export const DEFAULT_SUPERGRAPH_CONFIG = join(__dirname, 'supergraph.yaml');

interface SupergraphConfigFile {
  subgraphs?: Record<string, { routing_url?: string }>;
}

/** Reads the supergraph config; `<NAME>_URL` in the environment overrides a subgraph's URL. */
export function readSupergraphConfig(file: string, env: NodeJS.ProcessEnv = process.env): SubgraphEndpoint[] {
  const config = parse(readFileSync(file, 'utf8')) as SupergraphConfigFile;
  const entries = Object.entries(config.subgraphs ?? {});
  if (entries.length === 0) throw new Error(`${file} lists no subgraphs`);
  return entries.map(([name, entry]) => {
    const url = env[`${name.toUpperCase()}_URL`] ?? entry.routing_url;
    if (!url) throw new Error(`${file}: subgraph ${name} has no routing_url and ${name.toUpperCase()}_URL is not set`);
    return { name, url };
  });
}

export function gatewaySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): GatewaySettings {
  const port = Number(env.GATEWAY_PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`GATEWAY_PORT must be a port number; got "${env.GATEWAY_PORT}"`);
  return {
    port,
    ...(env.HOST ? { host: env.HOST } : {}),
    subgraphs: readSupergraphConfig(env.SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG, env),
    startupTimeoutMs: Number(env.GATEWAY_STARTUP_TIMEOUT_MS ?? 120_000),
  };
}
