import { isIP, Socket } from 'node:net';
import { startTestGraph } from '../support/graph';

/**
 * The graph, started as its operators start it, opens connections to loopback only: Apollo
 * Gateway's usage reports to Apollo (hourly, and when it stops) and its probes of the cloud providers'
 * metadata addresses stay off unless the operator sets APOLLO_TELEMETRY (gateway/observability/apollo-telemetry.ts).
 * Every connection this process opens is recorded; one to anywhere else is refused before a packet
 * leaves (the recorder destroys the socket instead of connecting it).
 */

delete process.env.APOLLO_TELEMETRY_DISABLED;
delete process.env.APOLLO_TELEMETRY;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const elsewhere: string[] = [];
// Kept to be called with a socket as `this`, and put back after.
// eslint-disable-next-line @typescript-eslint/unbound-method
const originalConnect = Socket.prototype.connect as (this: Socket, ...args: unknown[]) => Socket;

/** Where a `socket.connect(...)` call goes, from its options or its arguments (undefined for a pipe). */
function destinationOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    // An HTTP request's options come whole, its `path` the URL's: a host named wins over a pipe's path.
    const options = first as { host?: unknown; path?: unknown };
    if (typeof options.host === 'string') return options.host;
    return typeof options.path === 'string' ? undefined : 'localhost';
  }
  if (typeof first === 'number') return typeof second === 'string' ? second : 'localhost';
  return undefined;
}

beforeAll(() => {
  Socket.prototype.connect = function recordingConnect(this: Socket, ...args: unknown[]) {
    const host = destinationOf(args);
    if (host !== undefined && !LOOPBACK.has(host) && !(isIP(host) === 4 && host.startsWith('127.'))) {
      elsewhere.push(host);
      process.nextTick(() => this.destroy(new Error(`the test refused a connection to ${host}`)));
      return this;
    }
    return originalConnect.apply(this, args);
  };
});
afterAll(() => {
  Socket.prototype.connect = originalConnect;
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** Starts the graph, asks it one query, stops it: the hosts it reached for off this machine, all its life. */
async function hostsReachedByAGraphsLife(): Promise<string[]> {
  elsewhere.length = 0;
  const graph = await startTestGraph();
  try {
    const answer = await graph.query('{ registries { key } }');
    expect(answer.errors).toBeUndefined();
    await settle();
  } finally {
    await graph.stop();
  }
  return [...elsewhere];
}

it('would see them: with APOLLO_TELEMETRY=true, Apollo Gateway reports to Apollo when it stops', async () => {
  process.env.APOLLO_TELEMETRY = 'true';
  try {
    expect(await hostsReachedByAGraphsLife()).toContain('usage-reporting.api.apollographql.com');
  } finally {
    delete process.env.APOLLO_TELEMETRY;
  }
});

it('the whole graph, started, asked and stopped, connects to nothing but loopback', async () => {
  expect(await hostsReachedByAGraphsLife()).toEqual([]);
  expect(process.env.APOLLO_TELEMETRY_DISABLED).toBeUndefined();
});

it('serves no page, gateway or subgraph, that loads scripts from Apollo or any other host into a browser', async () => {
  const graph = await startTestGraph();
  try {
    for (const url of [`${graph.gatewayUrl}`, ...Object.values(graph.subgraphUrls)]) {
      const page = await fetch(url, { headers: { accept: 'text/html' } });
      const body = await page.text();
      expect({ url, external: body.match(/https?:\/\/(?!127\.0\.0\.1|localhost)[^\s"'<>]+/g) ?? [] }).toEqual({ url, external: [] });
    }
  } finally {
    await graph.stop();
  }
});
