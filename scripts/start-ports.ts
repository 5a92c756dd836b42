import { createServer } from 'node:net';
import { SubgraphEndpoint } from '../gateway/config';

/** The one variable that moves every port of `npm start`: the gateway on it, the subgraphs on the next ones. */
export const PORT_BASE_VARIABLE = 'PORT_BASE';

/** Where one service of `npm start` listens, and the variable that sets it. */
export interface ServicePort {
  service: string;
  variable: string;
  port: number;
}

export interface StartPorts {
  gateway: ServicePort;
  subgraphs: ServicePort[];
  /** `<NAME>_PORT` for the subgraphs, `GATEWAY_PORT` and `<NAME>_URL` for the gateway, as chosen. */
  env: Record<string, string>;
}

function portNumber(variable: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${variable} must be a port number (1 to 65535); got "${text}"`);
  return port;
}

/**
 * The ports of `npm start`: each service's own variable (`GATEWAY_PORT`, `<NAME>_PORT`) when set;
 * else, with PORT_BASE, the gateway on PORT_BASE and the subgraphs on the ports after it, in the
 * supergraph config's order; else the gateway on 4000 and each subgraph on its routing URL's port.
 */
export function startPorts(subgraphs: readonly SubgraphEndpoint[], env: NodeJS.ProcessEnv): StartPorts {
  const base = env[PORT_BASE_VARIABLE]?.trim() ? portNumber(PORT_BASE_VARIABLE, env[PORT_BASE_VARIABLE].trim()) : undefined;
  if (base !== undefined && base + subgraphs.length > 65535) throw new Error(`${PORT_BASE_VARIABLE}=${base} leaves no room for ${subgraphs.length} subgraph ports after it`);
  const choose = (service: string, variable: string, offset: number, fallback: number): ServicePort => {
    const own = env[variable]?.trim();
    return { service, variable, port: own ? portNumber(variable, own) : base !== undefined ? base + offset : fallback };
  };
  const gateway = choose('the gateway', 'GATEWAY_PORT', 0, 4000);
  const chosen = subgraphs.map((subgraph, i) => ({
    subgraph,
    port: choose(`subgraph ${subgraph.name}`, `${subgraph.name.toUpperCase()}_PORT`, i + 1, Number(new URL(subgraph.url).port)),
  }));
  const variables: Record<string, string> = { GATEWAY_PORT: String(gateway.port) };
  for (const { subgraph, port } of chosen) {
    variables[port.variable] = String(port.port);
    const url = new URL(subgraph.url);
    url.port = String(port.port);
    const urlVariable = `${subgraph.name.toUpperCase()}_URL`;
    variables[urlVariable] = env[urlVariable]?.trim() || url.toString();
  }
  return { gateway, subgraphs: chosen.map(({ port }) => port), env: variables };
}

/** Whether something already listens on `port` (at `host`, or on every interface as the services do without HOST). */
function portIsTaken(port: number, host: string | undefined): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(true) : reject(error)));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/** A message naming the first taken port, its service and the variables that move it; undefined when all are free. */
export async function takenPortProblem(ports: StartPorts, host: string | undefined): Promise<string | undefined> {
  for (const service of [ports.gateway, ...ports.subgraphs]) {
    if (await portIsTaken(service.port, host)) {
      const next = ports.gateway.port + 1000 <= 65535 - ports.subgraphs.length ? ports.gateway.port + 1000 : 5000;
      return (
        `port ${service.port} (${service.service}, ${service.variable}) is taken on this machine; nothing was started. ` +
        `Set ${PORT_BASE_VARIABLE} to move every port: ${PORT_BASE_VARIABLE}=${next} npm start puts the gateway on ${next} and the subgraphs on ` +
        `${next + 1} to ${next + ports.subgraphs.length} (or set ${service.variable} alone)`
      );
    }
  }
  return undefined;
}
