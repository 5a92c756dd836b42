import { ChildProcess, spawn } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { startTracingFromEnvironment } from '../../shared/server/tracing';

/** A span as OTLP/HTTP JSON carries it. */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

interface OtlpExport {
  resourceSpans: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { scope?: { name: string }; spans: OtlpSpan[] }[] }[];
}

/** A loopback OTLP/HTTP receiver: keeps every span posted to /v1/traces, with the request's headers. */
async function startReceiver(): Promise<{ url: string; spans: (OtlpSpan & { service?: string })[]; requests: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const spans: (OtlpSpan & { service?: string })[] = [];
  const requests: IncomingHttpHeaders[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(request.headers);
      if (request.url === '/v1/traces' && (request.headers['content-type'] ?? '').includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resource of body.resourceSpans) {
          const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
          for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, ...(service ? { service } : {}) });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The graph runs in a child process (observability-tracing.child.ts) with OTEL_EXPORTER_OTLP_ENDPOINT
 * set, as a deployed service would, exporting with the real OTLP/HTTP exporter to a receiver here.
 * (Jest's module system cannot run the exporter in-process: it loads Node's http with a dynamic import.)
 */
const UNSAMPLED_TRACE = '5bf92f3577b34da6a3ce929d0e0e4737';

describe('OpenTelemetry tracing, when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let child: ChildProcess | undefined;
  let gatewayUrl: string;
  let stderr = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'observability-tracing.child.ts')], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'registries-traced-graph', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    gatewayUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith('{"url"'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child!.once('exit', (code) => reject(new Error(`the traced graph exited (${code}) before it was ready: ${stderr}`)));
    });
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await receiver?.close();
  });

  it('is off without an endpoint, and refuses an endpoint that is not an http(s) URL', () => {
    expect(startTracingFromEnvironment('gateway', {})).toBeUndefined();
    expect(() => startTracingFromEnvironment('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
  });

  it('records a caller\'s request that says "not sampled", and passes on none of its tracestate or baggage', async () => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${UNSAMPLED_TRACE}-00f067aa0ba902b8-00`,
        tracestate: 'vendor=opaque',
        baggage: 'user.id=0061234508',
      },
      body: JSON.stringify({ query: '{ labsMembers(first: 1) { nodes { fullName } } }' }),
    });
    expect(response.status).toBe(200);
  });

  it("exports spans of the gateway request, its plan and fetches, and the subgraphs' requests, in the caller's trace", async () => {
    // The client's own trace: the gateway continues it.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${clientSpan}-01` },
      body: JSON.stringify({ query: `query Traced { labsMembers(search: "${SEED_PEOPLE.saeedTajik.fullName}") { nodes { fullName labs { fullName } } } }` }),
    });
    expect(response.status).toBe(200);
    // Stopping the service flushes its spans (they are otherwise exported in batches, every second).
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(receiver.requests.some((headers) => headers['content-type'] === 'application/json')).toBe(true);
    expect(new Set(receiver.spans.map((s) => s.service))).toEqual(new Set(['registries-traced-graph']));

    // The unsampled caller's request of the test before: its spans were recorded, the subgraphs' among them, with no tracestate.
    const unsampled = receiver.spans.filter((s) => s.traceId === UNSAMPLED_TRACE);
    expect(unsampled.filter((s) => s.name === 'POST /graphql').length).toBeGreaterThanOrEqual(2);
    expect(unsampled.filter((s) => s.traceState)).toEqual([]);

    const trace = receiver.spans.filter((s) => s.traceId === traceId);
    const names = trace.map((s) => s.name);
    for (const name of ['POST /graphql', 'gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']) expect(names).toContain(name);

    // The gateway's server span hangs under the client's span; Apollo Gateway's spans under it.
    const servers = trace.filter((s) => s.name === 'POST /graphql');
    const gatewayServer = servers.find((s) => s.parentSpanId === clientSpan);
    expect(gatewayServer).toBeDefined();
    const request = trace.find((s) => s.name === 'gateway.request')!;
    expect(request.parentSpanId).toBe(gatewayServer!.spanId);

    // Each registry fetch carried the traceparent: the labs subgraph's server span is a child of a gateway.fetch span.
    const fetches = new Map(trace.filter((s) => s.name === 'gateway.fetch').map((s) => [s.spanId, s]));
    const subgraphServers = servers.filter((s) => s !== gatewayServer);
    expect(subgraphServers.length).toBeGreaterThanOrEqual(1);
    for (const span of subgraphServers) expect(fetches.has(span.parentSpanId ?? '')).toBe(true);
    const fetchedServices = [...fetches.values()].map((s) => s.attributes?.find((a) => a.key === 'service')?.value.stringValue);
    expect(fetchedServices).toEqual(expect.arrayContaining(['labs', 'directory']));
  });
});
