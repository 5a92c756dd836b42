import { connect, Socket } from 'node:net';
import { RunningGateway } from '../../gateway/gateway';
import { limitSettingsFromEnvironment } from '../../gateway/limits/settings';
import { gatewayOver, postGraphQL, startTestGraph, TestGraph } from '../support/graph';

/**
 * What an outsider can do to the HTTP servers (the gateway's and every subgraph's) before any
 * GraphQL is read: a request target that is no path (`//`) is answered 400 and the server goes on;
 * a client that sends its request slowly is cut off with 408 after the request time; connections
 * past the most allowed are closed as they arrive, and the others are served.
 */

/** Sends raw bytes to 127.0.0.1:`port` and gives what came back once the server closed the connection (or `waitMs` passed). */
function rawExchange(port: number, bytes: string, waitMs = 5_000): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.once('error', reject);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    socket.write(bytes);
  });
}

const portOf = (url: string) => Number(new URL(url).port);

describe('the HTTP servers, before any GraphQL', () => {
  let graph: TestGraph;
  let strict: RunningGateway;

  beforeAll(async () => {
    graph = await startTestGraph();
    // A gateway with one second to send a request and three connections at most.
    strict = await gatewayOver(graph, { limits: { ...limitSettingsFromEnvironment({}), requestSeconds: 1, connections: 3 } });
  });
  afterAll(async () => {
    await strict?.stop();
    await graph?.stop();
  });

  it.each(['//', '//:', '//a:99999', '//%zz'])('answers the target %s with 400, at the gateway and at a subgraph, and goes on serving', async (target) => {
    for (const url of [graph.gatewayUrl, graph.subgraphUrls.labs]) {
      const { answer } = await rawExchange(portOf(url), `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('"code":"BAD_REQUEST"');
    }
    expect((await graph.query('{ registries { key } }')).errors).toBeUndefined();
  });

  it('reads a JSON body whatever the case of its media type (media types are not case-sensitive)', async () => {
    const answer = await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'APPLICATION/JSON' }, body: JSON.stringify({ query: '{ registries { key } }' }) });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
  });

  it('cuts off a request whose body does not come, with 408, after the request time', async () => {
    const { answer, closedAfterMs } = await rawExchange(
      portOf(strict.url),
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":',
      10_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('closes connections past the most allowed as they arrive, and serves the others', async () => {
    const idle: Socket[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const socket = connect(portOf(strict.url), '127.0.0.1');
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        idle.push(socket);
      }
      const { answer, closedAfterMs } = await rawExchange(portOf(strict.url), 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n', 5_000);
      expect(answer).toBe('');
      expect(closedAfterMs).toBeLessThan(2_000);
    } finally {
      for (const socket of idle) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await postGraphQL(strict.url, '{ registries { key } }')).errors).toBeUndefined();
  });
});
