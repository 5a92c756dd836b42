import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { composeSupergraph, fetchSubgraphSdl, MAX_SCHEMA_ANSWER_BYTES, waitForSubgraphSdls } from '../../gateway/compose';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { createLog } from '../../shared/server/log';
import { TEST_SIGNER, useTestSecrets } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { recordingProxy, RecordingProxy } from '../support/recording-proxy';
import { SubgraphFleet } from '../support/subgraph-fleet';

/**
 * One association's subgraph cannot fill the gateway's memory: an answer longer than
 * SUBGRAPH_MAX_RESPONSE_BYTES is cut off as it arrives, its fields fail with SUBGRAPH_UNAVAILABLE
 * saying why, and the other registries' fields are answered. A proxy in front of labs pads its
 * answers (a subgraph gone wrong, or an operator's hostile one).
 */

const KEYS: DemoRegistryKey[] = ['labs', 'auditors', 'engineering', 'guilds'];
const MAX_BYTES = 256 * 1024;
const QUERY = '{ labsMembers(first: 1) { totalCount } auditorsMembers(first: 1) { totalCount } }';

describe('a subgraph answer larger than the gateway reads', () => {
  const fleet = new SubgraphFleet();
  const proxies: RecordingProxy[] = [];
  let folder: string;
  let gateway: RunningGateway;
  let apolloExecutor: RunningGateway;
  /** How many bytes of padding the labs proxy adds to every GraphQL answer of labs (not to its schema). */
  let padding = 0;

  const padded = (text: string): string => {
    if (padding === 0 || text.includes('_service')) return text;
    const body = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify({ ...body, extensions: { padding: 'x'.repeat(padding) } });
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    await fleet.startAll();
    const urls = {} as Record<DemoRegistryKey, string>;
    for (const key of KEYS) {
      const proxy = await recordingProxy(fleet.url(key), key === 'labs' ? { answer: padded } : {});
      proxies.push(proxy);
      urls[key] = proxy.url;
    }
    folder = mkdtempSync(join(tmpdir(), 'answer-size-'));
    const supergraphFile = join(folder, 'supergraph.graphql');
    const endpoints = KEYS.map((key) => ({ name: key, url: urls[key] }));
    writeFileSync(supergraphFile, composeSupergraph(endpoints, await waitForSubgraphSdls(endpoints, createLog('test'), 10_000, TEST_SIGNER)).supergraphSdl);
    const settings = { port: 0, host: '127.0.0.1', subgraphs: [], startupTimeoutMs: 10_000, pollIntervalMs: 0, supergraphFile, subgraphMaxResponseBytes: MAX_BYTES };
    gateway = await startGateway(settings, { executor: 'plan' });
    apolloExecutor = await startGateway(settings, { executor: 'apollo' });
  });
  afterAll(async () => {
    await gateway?.stop();
    await apolloExecutor?.stop();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await fleet.stopAll();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('reads an answer within the limit as it is', async () => {
    padding = MAX_BYTES / 2;
    const { data, errors } = await postGraphQL<{ labsMembers: { totalCount: number } }>(gateway.url, QUERY);
    expect(errors).toBeUndefined();
    expect(data!.labsMembers.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ['plan executor', () => gateway],
    ["Apollo Gateway's executor", () => apolloExecutor],
  ])("cuts off a longer one (%s): labs's fields fail with SUBGRAPH_UNAVAILABLE saying why, the others are answered", async (_, which) => {
    padding = MAX_BYTES * 4;
    const { data, errors } = await postGraphQL<{ labsMembers: unknown; auditorsMembers: { totalCount: number } }>(which().url, QUERY);
    expect(data!.labsMembers).toBeNull();
    expect(data!.auditorsMembers.totalCount).toBeGreaterThan(0);
    expect(errors).toEqual([
      expect.objectContaining({
        message: `The labs subgraph answered with more than ${MAX_BYTES} bytes, more than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES)`,
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'labs' }),
      }),
    ]);
    padding = 0;
    const again = await postGraphQL<{ labsMembers: { totalCount: number } }>(which().url, QUERY);
    expect(again.errors).toBeUndefined();
  });

  it('refuses a schema answer longer than it reads, without reading the rest', async () => {
    let sent = 0;
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      const write = () => {
        // A subgraph that would go on for ever: it stops once the gateway has hung up, or after 64 MiB.
        while (sent < 64 * 1024 * 1024 && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', write);
        }
        response.end();
      };
      response.write('{"data":{"_service":{"sdl":"');
      write();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      await expect(fetchSubgraphSdl(url)).rejects.toThrow(`its answer is longer than ${MAX_SCHEMA_ANSWER_BYTES} bytes`);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
