import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { Caller } from '../../shared/auth/caller';
import { CALLER_HEADER } from '../../shared/auth/subgraph-trust';
import { DemoRegistryKey } from '../../shared/demo/scale';

/**
 * What the gateway sends the subgraphs for one client request, recorded by a loopback proxy in
 * front of each subgraph: every subgraph request (its body, the caller it carried, when it started
 * and ended), so that the same requests can be sent to the subgraphs directly, in the same order.
 */

export interface RecordedCall {
  subgraph: DemoRegistryKey;
  body: string;
  caller: Caller;
  startedMs: number;
  endedMs: number;
  status: number;
}

export interface RecordingProxies {
  /** The proxies' URLs, to give the gateway instead of the subgraphs'. */
  urls: Record<DemoRegistryKey, string>;
  /** Forgets what was recorded so far. */
  clear(): void;
  calls(): RecordedCall[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function callerOf(header: string | string[] | undefined): Caller {
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) return { authenticated: false, scopes: [] };
  const payload = decodeJwt(token);
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  return { authenticated: payload.authenticated === true, ...(payload.sub ? { subject: payload.sub } : {}), scopes };
}

/** Starts one recording proxy per subgraph on a free loopback port. */
export async function startRecordingProxies(subgraphUrls: Record<DemoRegistryKey, string>): Promise<RecordingProxies> {
  let recorded: RecordedCall[] = [];
  const servers: Server[] = [];
  const urls = {} as Record<DemoRegistryKey, string>;
  for (const [key, target] of Object.entries(subgraphUrls) as [DemoRegistryKey, string][]) {
    const server = createServer((request, response) => {
      void (async () => {
        const startedMs = performance.now();
        const body = await readBody(request);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (value === undefined || ['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) continue;
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const path = new URL(request.url ?? '/', target).pathname;
        const forwarded = await fetch(new URL(path, target), { method: request.method ?? 'POST', headers, ...(request.method === 'GET' ? {} : { body }) });
        const text = await forwarded.text();
        if (request.method === 'POST') {
          recorded.push({ subgraph: key, body, caller: callerOf(request.headers[CALLER_HEADER]), startedMs, endedMs: performance.now(), status: forwarded.status });
        }
        response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' });
        response.end(text);
      })().catch((error: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[key] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return {
    urls,
    clear: () => {
      recorded = [];
    },
    calls: () => [...recorded].sort((a, b) => a.startedMs - b.startedMs),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

/**
 * Groups recorded calls into stages that must run one after another: a call joins the current
 * stage when it started before any call of that stage had ended (so it cannot have needed an
 * answer of it); otherwise it starts the next stage. Calls of one stage run in parallel.
 */
export function stagesOf(calls: RecordedCall[]): RecordedCall[][] {
  const stages: RecordedCall[][] = [];
  let current: RecordedCall[] = [];
  let firstEnd = Infinity;
  for (const call of [...calls].sort((a, b) => a.startedMs - b.startedMs)) {
    if (current.length > 0 && call.startedMs >= firstEnd) {
      stages.push(current);
      current = [];
      firstEnd = Infinity;
    }
    current.push(call);
    firstEnd = Math.min(firstEnd, call.endedMs);
  }
  if (current.length) stages.push(current);
  return stages;
}
