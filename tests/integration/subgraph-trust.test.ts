import { SignJWT } from 'jose';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { CallerSigner, GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { Caller, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { ALL_SCOPES, TEST_SIGNER, TEST_SIGNING_KEYS, testToken } from '../support/auth';
import { delayingProxy, DelayingProxy } from '../support/delaying-proxy';
import { ALL_SUBGRAPHS, postBody, postGraphQL, startTestGraph, TestGraph } from '../support/graph';

/**
 * What a dishonest association, or anyone who captured the gateway's traffic to a subgraph, can do
 * with a caller assertion: nothing. Assertions are captured from the gateway's real requests to
 * labs (through a recording proxy) and replayed, re-addressed or re-bodied; others are forged with
 * keys the gateway does not hold, or with the gateway's own key but bad times.
 */

const ADMIN: Caller = { authenticated: true, subject: 'intruder', scopes: ALL_SCOPES };
const UPSERT = JSON.stringify({ query: 'mutation { upsertLabsMember(input: { nationalCode: "0019876505", fullName: "نفوذی" }) { fullName } }' });
const NATIONAL_CODES = JSON.stringify({ query: '{ labsMembers(first: 100) { nodes { nationalCode } } }' });

describe('a subgraph refuses a captured or forged caller assertion', () => {
  let graph: TestGraph;
  let proxy: DelayingProxy;
  let gateway: RunningGateway;
  const labsUrl = () => graph.subgraphUrls.labs;
  const send = (url: string, body: string, assertion: string) => postBody(url, body, { [CALLER_HEADER]: assertion });

  /** Runs `query` through the gateway with a token of `scopes`; returns the assertion and body of its last request to labs. */
  async function capture(query: string, scopes: string[]): Promise<{ assertion: string; body: string }> {
    const seen = proxy.callerHeaders.length;
    const answer = await postGraphQL(gateway.url, query, undefined, { authorization: `Bearer ${await testToken(scopes, { subject: 'admin' })}` });
    expect(answer.errors).toBeUndefined();
    expect(proxy.callerHeaders.length).toBeGreaterThan(seen);
    return { assertion: proxy.callerHeaders.at(-1)!, body: proxy.bodies.at(-1)! };
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    proxy = await delayingProxy(labsUrl);
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      startupTimeoutMs: 10_000,
      subgraphs: ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: d.key === 'labs' ? proxy.url : graph.subgraphUrls[d.key] })),
    });
  });
  afterAll(async () => {
    await gateway?.stop(0);
    await proxy?.close();
    await graph?.stop();
  });

  it("replayed to the same subgraph with the same body: the gateway's request was answered, the replay is refused", async () => {
    const { assertion, body } = await capture('{ labsMembers(first: 2) { nodes { fullName } } }', ALL_SCOPES);
    const replay = await send(labsUrl(), body, assertion);
    expect(replay.status).toBe(401);
    expect(replay.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/has been used before: each assertion is good for one request/),
      extensions: { code: 'UNAUTHENTICATED', subgraph: 'labs' },
    });
  });

  it("with another body: an admin's assertion from a harmless query writes nothing, the gateway's own schema request reads nothing", async () => {
    const before = graph.stores.labs.totalWrites;
    const { assertion } = await capture('{ labsMembers(first: 1) { totalCount } }', ALL_SCOPES);
    const write = await send(labsUrl(), UPSERT, assertion);
    expect(write.status).toBe(401);
    expect(write.errors?.[0]?.message).toMatch(/was signed for another request body/);
    expect(graph.stores.labs.totalWrites).toBe(before);

    // The gateway's anonymous schema request, captured at its start.
    const schemaRequest = proxy.bodies.findIndex((body) => body.includes('_service'));
    expect(proxy.callerHeaders[schemaRequest]).toBeDefined();
    const read = await send(labsUrl(), NATIONAL_CODES, proxy.callerHeaders[schemaRequest]!);
    expect(read.status).toBe(401);
    expect(read.data).toBeUndefined();
    expect(read.errors?.[0]?.message).toMatch(/was signed for another request body/);
  });

  it('sent to another subgraph: refused, it is addressed to labs', async () => {
    const { assertion, body } = await capture('{ labsMembers(first: 1) { totalCount } }', [PERSONAL_READ_SCOPE]);
    const elsewhere = await send(graph.subgraphUrls.auditors, body, assertion);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/is addressed to the "labs" subgraph, not this one \(auditors\)/),
      extensions: { subgraph: 'auditors' },
    });
  });

  it("signed with any key not in the gateway's set (an association's own, or one posing as the gateway's key): refused, nothing written", async () => {
    const before = graph.stores.labs.totalWrites;
    const association = new GatewaySigningKeys(keyMaterialSource(generateSigningKeyPem(), "an association's own key"));
    const ownKid = new CallerSigner(association).sign(ADMIN, 'labs', UPSERT);
    const posing = new CallerSigner({ signing: { ...association.signing, kid: TEST_SIGNING_KEYS.signing.kid } }).sign(ADMIN, 'labs', UPSERT);
    // The gateway's public key (which every association holds) used as an HMAC secret: alg confusion.
    const publicJwk = TEST_SIGNING_KEYS.jwks().keys[0]!;
    const hmac = await new SignJWT({ authenticated: true, scope: ALL_SCOPES.join(' '), jti: 'confused', body_sha256: 'x' })
      .setProtectedHeader({ alg: 'HS256', typ: 'registry-caller+jwt', kid: TEST_SIGNING_KEYS.signing.kid })
      .setIssuer('registries-gateway')
      .setAudience('labs')
      .setIssuedAt()
      .setExpirationTime('10s')
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    const cases: [string, string, RegExp][] = [
      ['its own key', ownKid, /is signed with key "[\w-]+", which is not in the gateway's key set/],
      ["its key under the gateway's kid", posing, /signature does not match the gateway's key/],
      // HS256 is taken only under a kid naming an X25519 key pair (pairwise MAC keys, tests/unit/pairwise-mac.test.ts), never the signing key's.
      ["HS256 keyed with the gateway's public key", hmac, /says alg "HS256", but its kid "[\w-]+" does not name a gateway X25519 key and this subgraph's/],
      ['not a JWS', 'let me in', /is not a caller assertion signed by the gateway/],
    ];
    for (const [what, assertion, reason] of cases) {
      const answer = await send(labsUrl(), UPSERT, assertion);
      expect({ what, status: answer.status, code: answer.errors?.[0]?.extensions?.code }).toEqual({ what, status: 401, code: 'UNAUTHENTICATED' });
      expect(answer.errors![0]!.message).toMatch(reason);
    }
    expect(graph.stores.labs.totalWrites).toBe(before);
  });

  it("signed with the gateway's key but expired, good for too long, or issued in the future: refused", async () => {
    const before = graph.stores.labs.totalWrites;
    const tenYears = new CallerSigner(TEST_SIGNING_KEYS, 10 * 365 * 24 * 3600);
    const cases: [string, string, RegExp][] = [
      ['expired', TEST_SIGNER.sign(ADMIN, 'labs', UPSERT, Date.now() - 60_000), /has expired \(\d+ s ago\)/],
      ['ten years long', tenYears.sign(ADMIN, 'labs', UPSERT), /is good for 315360000 s; this subgraph accepts at most 30 s \(CALLER_ASSERTION_MAX_SECONDS\)/],
      ['a minute long', new CallerSigner(TEST_SIGNING_KEYS, 60).sign(ADMIN, 'labs', UPSERT), /is good for 60 s; this subgraph accepts at most 30 s/],
      ['from the future', TEST_SIGNER.sign(ADMIN, 'labs', UPSERT, Date.now() + 60_000), /was issued \d+ s in the future/],
    ];
    for (const [what, assertion, reason] of cases) {
      const answer = await send(labsUrl(), UPSERT, assertion);
      expect({ what, status: answer.status }).toEqual({ what, status: 401 });
      expect(answer.errors![0]!.message).toMatch(reason);
    }
    expect(graph.stores.labs.totalWrites).toBe(before);
    // The same request, signed as the gateway signs it, is answered: the refusals were the assertions'.
    const signed = await send(labsUrl(), UPSERT, TEST_SIGNER.sign(ADMIN, 'labs', UPSERT));
    expect(signed.errors).toBeUndefined();
    expect(graph.stores.labs.totalWrites).toBeGreaterThan(before);
  });

  it('answers the schema query to anyone, and nothing more with it', async () => {
    for (const query of ['{ _service { sdl } }', 'query SubgraphIntrospectQuery {\n  _service {\n    sdl\n  }\n}']) {
      const schema = await postGraphQL<{ _service: { sdl: string } }>(labsUrl(), query);
      expect({ query, status: schema.status }).toEqual({ query, status: 200 });
      expect(schema.data?._service.sdl).toContain('type LabsMember');
    }
    for (const query of ['{ _service { sdl } labsMembers(first: 1) { nodes { nationalCode } } }', '{ sdl: _service { sdl } }', 'query ($x: Int) { _service { sdl } }']) {
      const more = await postGraphQL(labsUrl(), query);
      expect({ query, status: more.status }).toEqual({ query, status: 401 });
    }
  });
});
