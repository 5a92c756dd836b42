import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { composeSupergraph, waitForSubgraphSdls } from '../../gateway/compose';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { CALLER_HEADER } from '../../shared/auth/subgraph-trust';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { createLog } from '../../shared/server/log';
import { startTracing, Tracing } from '../../shared/server/tracing';
import { testToken, TEST_SIGNER, useTestSecrets } from '../support/auth';
import { recordingProxy, RecordedRequest, RecordingProxy } from '../support/recording-proxy';
import { SubgraphFleet } from '../support/subgraph-fleet';
import { isCodeListRead } from '../../gateway/directory/registry-helpers';

/**
 * Issue #14 item 2: every call the gateway makes to a registry subgraph goes through one transport,
 * whichever part of the gateway makes it (the plan executor, Apollo Gateway's executor through the
 * data sources, the directory's `sharedMembers`): each carries the client request's id, the trace
 * of the client's request and a caller assertion, is counted in the gateway's metrics, and goes to
 * where the supergraph being served routes the subgraph. Recording proxies in front of the
 * registries see what arrives.
 */

const KEYS: DemoRegistryKey[] = ['labs', 'auditors', 'engineering', 'guilds'];
const TAJIK = SEED_PEOPLE.saeedTajik.nationalCode;
const PERSON = `query Person($code: String!) { person(nationalCode: $code) { labs { fullName } auditors { fullName } } }`;
const SHARED = `query Shared { sharedMembers(registries: [LABS, AUDITORS], first: 3) { nodes { nationalCode } } }`;

let traceCounter = 0;
/** A W3C trace context for one client request: a trace id of its own. */
function newTrace(): { traceId: string; traceparent: string } {
  traceCounter += 1;
  const traceId = `${'0'.repeat(24)}${traceCounter.toString(16).padStart(8, '0')}`;
  return { traceId, traceparent: `00-${traceId}-${'1'.repeat(16)}-01` };
}

describe('one transport to the subgraphs', () => {
  const fleet = new SubgraphFleet();
  const proxies = {} as Record<DemoRegistryKey, RecordingProxy>;
  let movedLabs: RecordingProxy;
  let folder: string;
  let supergraphFile: string;
  let tracing: Tracing;
  let plan: RunningGateway;
  let apollo: RunningGateway;
  let token: string;

  /** The supergraph of the four registries and the directory, routing each registry to `urls`. */
  async function writeSupergraph(urls: Record<DemoRegistryKey, string>): Promise<void> {
    const endpoints = KEYS.map((key) => ({ name: key, url: urls[key] }));
    const sdls = await waitForSubgraphSdls(endpoints, createLog('test'), 10_000, TEST_SIGNER);
    writeFileSync(supergraphFile, composeSupergraph(endpoints, sdls).supergraphSdl);
  }

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    await fleet.startAll();
    for (const key of KEYS) proxies[key] = await recordingProxy(fleet.url(key));
    movedLabs = await recordingProxy(fleet.url('labs'));
    folder = mkdtempSync(join(tmpdir(), 'one-transport-'));
    supergraphFile = join(folder, 'supergraph.graphql');
    await writeSupergraph(Object.fromEntries(KEYS.map((key) => [key, proxies[key].url])) as Record<DemoRegistryKey, string>);
    tracing = startTracing('one-transport-test', new InMemorySpanExporter());
    const settings = { port: 0, host: '127.0.0.1', subgraphs: [], startupTimeoutMs: 10_000, pollIntervalMs: 100, supergraphFile };
    plan = await startGateway(settings, { executor: 'plan' });
    apollo = await startGateway(settings, { executor: 'apollo' });
    token = await testToken([PERSONAL_READ_SCOPE]);
  });
  afterAll(async () => {
    await plan?.stop();
    await apollo?.stop();
    await tracing?.shutdown();
    await Promise.all([...Object.values(proxies), movedLabs].map((proxy) => proxy?.close()));
    await fleet.stopAll();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Sends an operation with a request id and trace context of its own; returns them. */
  async function send(gateway: RunningGateway, query: string, variables: Record<string, unknown> = {}) {
    const trace = newTrace();
    const requestId = `transport-${traceCounter}`;
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId, traceparent: trace.traceparent },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return { requestId, traceId: trace.traceId, body };
  }

  /** The requests a proxy passed on for the client request `requestId`. */
  const requestsOf = (proxy: RecordingProxy, requestId: string): RecordedRequest[] => proxy.requests.filter((r) => r.headers['x-request-id'] === requestId);

  /** The subgraph fetches the gateway's /metrics counts for `subgraph`. */
  async function countedFetches(gateway: RunningGateway, subgraph: string): Promise<number> {
    const text = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('graphql_subgraph_fetch_duration_seconds_count{') && line.includes(`subgraph="${subgraph}"`))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  /** The gateway's own calls for its membership lists (gateway/membership): a registry's count or codes. */
  const isMembershipCheck = (request: RecordedRequest) => isCodeListRead(request.body);

  /** Until `watched` have passed on nothing new for 200 ms (at most 40 looks, 100 ms apart). */
  async function quiet(watched: RecordingProxy[]): Promise<void> {
    let seen = -1;
    for (let looks = 0, still = 0; looks < 40 && still < 2; looks++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = watched.reduce((sum, proxy) => sum + proxy.requests.length, 0);
      still = now === seen ? still + 1 : 0;
      seen = now;
    }
  }

  /**
   * Every request of `requestId` that reached `subgraphs` carries its id, its trace and a caller
   * assertion, and was counted; so were the gateway's membership checks made meanwhile, which serve
   * every request and so carry none's id. Returns those checks, by subgraph.
   */
  async function expectCarriedAndCounted(
    gateway: RunningGateway,
    subgraphs: DemoRegistryKey[],
    run: () => Promise<{ requestId: string; traceId: string }>,
    through = proxies,
    options: { requestCalls: boolean } = { requestCalls: true },
  ): Promise<Partial<Record<DemoRegistryKey, RecordedRequest[]>>> {
    // The checks a gateway makes on its own (its lists read at start) done first: one the proxy saw but the gateway had not yet counted would be off by one.
    await quiet(subgraphs.map((key) => through[key]));
    const before = await Promise.all(subgraphs.map((key) => countedFetches(gateway, key)));
    const from = subgraphs.map((key) => through[key].requests.length);
    const { requestId, traceId } = await run();
    const checks: Partial<Record<DemoRegistryKey, RecordedRequest[]>> = {};
    for (const [i, key] of subgraphs.entries()) {
      const requests = requestsOf(through[key], requestId);
      expect([key, requests.length > 0]).toEqual([key, options.requestCalls]);
      for (const request of requests) {
        expect(request.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
        expect(request.headers[CALLER_HEADER]).toEqual(expect.any(String));
      }
      checks[key] = through[key].requests.slice(from[i]).filter((request) => isMembershipCheck(request) && request.headers['x-request-id'] === undefined);
      for (const check of checks[key]) expect(check.headers[CALLER_HEADER]).toEqual(expect.any(String));
      expect([key, (await countedFetches(gateway, key)) - before[i]!]).toEqual([key, requests.length + checks[key].length]);
    }
    return checks;
  }

  it("the plan executor's fetches", async () => {
    await expectCarriedAndCounted(plan, ['labs', 'auditors'], () => send(plan, PERSON, { code: TAJIK }));
  });

  it("Apollo Gateway's executor's fetches, through its data sources", async () => {
    await expectCarriedAndCounted(apollo, ['labs', 'auditors'], () => send(apollo, PERSON, { code: TAJIK }));
  });

  it("sharedMembers' calls from the directory: the membership counts it asks, outside the client's request", async () => {
    const checks = await expectCarriedAndCounted(plan, ['labs', 'auditors'], () => send(plan, SHARED), proxies, { requestCalls: false });
    expect(checks.labs!.map((r) => r.body).join()).toMatch(/_memberCount/);
    expect(checks.auditors!.map((r) => r.body).join()).toMatch(/_memberCount/);
  });

  it('sharedMembers follows a URL change in the supergraph being served', async () => {
    await writeSupergraph({ ...(Object.fromEntries(KEYS.map((key) => [key, proxies[key].url])) as Record<DemoRegistryKey, string>), labs: movedLabs.url });
    // The gateway looks at the file every 100 ms; the test waits until it serves the change.
    for (const gateway of [plan, apollo])
      while (gateway.supergraph.routes.find((route) => route.name === 'labs')?.url !== movedLabs.url) await new Promise((resolve) => setTimeout(resolve, 50));
    // Each gateway reads the registries' member lists again once it serves the change: done before the counting starts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const labsBefore = proxies.labs.requests.length;
    const checks = await expectCarriedAndCounted(plan, ['labs'], () => send(plan, SHARED), { ...proxies, labs: movedLabs }, { requestCalls: false });
    expect(checks.labs!.map((r) => r.body).join()).toMatch(/_memberCount/);
    expect(proxies.labs.requests.slice(labsBefore)).toEqual([]);
  });
});
