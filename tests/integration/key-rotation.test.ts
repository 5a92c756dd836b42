import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { GATEWAY_JWKS_PATH } from '../../shared/auth/caller-assertion';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { runSubgraph } from '../../shared/server/run';
import { RunningSubgraph } from '../../shared/server/subgraph';
import { MemoryStore } from '../../shared/store/memory-store';
import { useTestSecrets } from '../support/auth';
import { ALL_SUBGRAPHS, GraphQLResponse, postGraphQL } from '../support/graph';
import { freePort } from '../support/mongo-global-setup';

/**
 * Key rotation with no downtime, as the README tells an operator to do it, while clients keep
 * asking: the gateway signs from a key file and re-reads it (what SIGHUP does); the subgraphs fetch
 * its key set from its URL (through a loopback proxy that notes, per subgraph, each set fetched).
 * 1. publish the next key beside the current one; wait until every subgraph has fetched the set;
 * 2. sign with the next key (the old one still published); 3. retire the old key.
 */

const QUERY =
  '{ labsMembers(first: 1) { totalCount } auditorsMembers(first: 1) { totalCount } engineeringMembers(first: 1) { totalCount } guildsMembers(first: 1) { totalCount } }';
const kidOf = (pem: string) => new GatewaySigningKeys(keyMaterialSource(pem, 'a test key')).signing.kid;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(25);
  }
}

describe("rotating the gateway's signing key while requests flow", () => {
  const saved = { ...process.env };
  let dir: string;
  let keyServer: Server | undefined;
  const subgraphs: RunningSubgraph[] = [];
  let gateway: RunningGateway | undefined;

  afterAll(async () => {
    await gateway?.stop(0);
    await Promise.all(subgraphs.map((s) => s.stop()));
    if (keyServer) await new Promise<void>((resolve) => keyServer!.close(() => resolve()));
    for (const name of ['GATEWAY_JWKS', 'GATEWAY_JWKS_URL', 'GATEWAY_JWKS_CACHE_SECONDS']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request: publish the next key, sign with it, retire the old one', async () => {
    useTestSecrets();
    process.env.LOG_LEVEL ??= 'silent';
    dir = mkdtempSync(join(tmpdir(), 'key-rotation-'));
    const keyFile = join(dir, 'gateway-key.pem');
    const [current, next] = [generateSigningKeyPem(), generateSigningKeyPem()];
    writeFileSync(keyFile, current);
    const gatewayPort = await freePort();

    // The gateway's key set, fetched by each subgraph through /<subgraph>/jwks: each fetch noted with the keys it gave.
    const fetches: { subgraph: string; at: number; kids: string[] }[] = [];
    keyServer = createServer((request, response) => {
      const subgraph = (request.url ?? '').split('/')[1]!;
      void fetch(`http://127.0.0.1:${gatewayPort}${GATEWAY_JWKS_PATH}`).then(async (answer) => {
        const text = await answer.text();
        fetches.push({ subgraph, at: Date.now(), kids: (JSON.parse(text) as { keys: { kid: string }[] }).keys.map((k) => k.kid) });
        response.writeHead(answer.status, { 'content-type': 'application/jwk-set+json' });
        response.end(text);
      });
    });
    await new Promise<void>((resolve) => keyServer!.listen(0, '127.0.0.1', resolve));
    const keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;

    delete process.env.GATEWAY_JWKS;
    process.env.GATEWAY_JWKS_CACHE_SECONDS = '1';
    const urls = {} as Record<DemoRegistryKey, string>;
    for (const definition of ALL_SUBGRAPHS) {
      process.env.GATEWAY_JWKS_URL = `${keyServerUrl}/${definition.key}/jwks`;
      const subgraph = await runSubgraph(definition, { port: 0, host: '127.0.0.1', databaseName: definition.key, seedDemoData: true }, new MemoryStore());
      await subgraph.prepared;
      subgraphs.push(subgraph);
      urls[definition.key] = subgraph.url;
    }
    gateway = await startGateway({
      port: gatewayPort,
      host: '127.0.0.1',
      startupTimeoutMs: 10_000,
      subgraphs: ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: urls[d.key] })),
      callerSigning: { trust: 'signed', keyFile, lifetimeSeconds: 10 },
    });

    // Four clients asking all the while, each answer kept.
    const answers: GraphQLResponse<unknown>[] = [];
    let flowing = true;
    const clients = [0, 1, 2, 3].map(async () => {
      while (flowing) answers.push(await postGraphQL(gateway!.url, QUERY));
    });
    const answeredMore = (count: number) => {
      const target = answers.length + count;
      return until(`${count} more answers`, () => answers.length >= target);
    };
    const everySubgraphFetched = (since: number, kids: string[]) =>
      until(`every subgraph to fetch the key set [${kids.join(', ')}]`, () =>
        ALL_SUBGRAPHS.every((d) => fetches.some((f) => f.subgraph === d.key && f.at >= since && f.kids.join() === kids.join())),
      );

    try {
      await answeredMore(20);
      const [currentKid, nextKid] = [kidOf(current), kidOf(next)];
      expect(fetches.map((f) => f.kids)).toContainEqual([currentKid]);

      // 1. The next key published (second in the file: it does not sign yet).
      writeFileSync(keyFile, `${current}${next}`);
      let since = Date.now();
      gateway.reloadSigningKeys();
      await everySubgraphFetched(since, [currentKid, nextKid]);
      await answeredMore(20);

      // 2. The next key signs (first in the file); the old one stays published for the assertions in flight.
      writeFileSync(keyFile, `${next}${current}`);
      gateway.reloadSigningKeys();
      await answeredMore(40);

      // 3. The old key retired: once every subgraph holds only the new one, requests still pass, so the new key signs them.
      writeFileSync(keyFile, next);
      since = Date.now();
      gateway.reloadSigningKeys();
      await everySubgraphFetched(since, [nextKid]);
      await answeredMore(40);
    } finally {
      flowing = false;
      await Promise.all(clients);
    }
    const failed = answers.filter((answer) => answer.status !== 200 || answer.errors !== undefined);
    expect(failed).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(120);
  });
});
