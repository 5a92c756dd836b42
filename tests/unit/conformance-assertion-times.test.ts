import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CLAUSES, CheckContext } from '../../scripts/conformance/clauses';
import { Probe } from '../../scripts/conformance/probe';
import { CallerSigner, GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { StaticKeySet } from '../../shared/auth/gateway-key-set';
import { MemoryReplayGuard } from '../../shared/auth/replay-guard';
import { AssertionRefused, SignedTrust, verifyCallerAssertion } from '../../shared/auth/subgraph-trust';

const KEY = 'nurses';
const TRUST_3 = CLAUSES.find((clause) => clause.id === 'TRUST-3')!;

/** The moment an assertion says it was issued, in milliseconds: a subgraph that reads its clock from it checks no time at all. */
const issuedAt = (token: string): number => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number }).iat * 1000;

/**
 * A subgraph of another association checking the kit's assertions: key, audience, body and replays
 * always; the times only when `checksTimes` (one that does not takes a captured assertion again after
 * a restart, or at another replica, for ever).
 */
async function subgraph(keys: GatewaySigningKeys, checksTimes: boolean): Promise<{ server: Server; url: string }> {
  const trust: SignedTrust = { mode: 'signed', keys: new StaticKeySet(keys.jwks()), replays: new MemoryReplayGuard(), maxLifetimeSeconds: 30 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const token = String(request.headers[CALLER_HEADER] ?? '');
      verifyCallerAssertion(trust, KEY, token, Buffer.concat(chunks), checksTimes ? Date.now() : issuedAt(token)).then(
        () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"__typename":"Query"}}'),
        (error: unknown) =>
          response
            .writeHead(error instanceof AssertionRefused ? 401 : 500, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: String(error), extensions: { code: 'UNAUTHENTICATED' } }] })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

describe('the conformance kit on caller assertions (TRUST-3)', () => {
  const keys = new GatewaySigningKeys(keyMaterialSource(generateSigningKeyPem(), 'a key made for the test'));
  const context = (url: string): CheckContext => ({ probe: new Probe(url, KEY, new CallerSigner(keys)), key: KEY, prefix: 'Nurses', today: '2026-12-07', bodyLimitBytes: 1 });

  it('finds a subgraph that takes an expired assertion, or one issued in the future, not to meet the clause', async () => {
    const { server, url } = await subgraph(keys, false);
    try {
      const outcome = await TRUST_3.check(context(url));
      expect(outcome).toEqual({ status: 'not met', reason: expect.stringContaining('an assertion that expired 110 s ago: HTTP 200') });
      expect(outcome).toEqual({ status: 'not met', reason: expect.stringContaining('an assertion issued 120 s from now: HTTP 200') });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('finds a subgraph that checks every assertion it is sent to meet it', async () => {
    const { server, url } = await subgraph(keys, true);
    try {
      expect(await TRUST_3.check(context(url))).toEqual({ status: 'met', detail: expect.stringContaining('expired and issued in the future') });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
