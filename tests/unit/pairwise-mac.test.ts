import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { CallerSigner, GatewaySigningKeys, gatewayKeyMaterialOf, generateGatewayKeyPem, generateSigningKeyPem, keyMaterialSource, SubgraphKeys } from '../../gateway/trust';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { publicKeysOf } from '../../shared/auth/gateway-keys';
import { StaticKeySet } from '../../shared/auth/gateway-key-set';
import { MacKey } from '../../shared/auth/mac-key';
import { agreementKeysOf, derivePairwiseKey, generateAgreementKeyPem, OwnAgreementKey, pairKid, SUBGRAPH_JWKS_PATH } from '../../shared/auth/pairwise-mac';
import { MemoryReplayGuard } from '../../shared/auth/replay-guard';
import { SubgraphAgreementKeys } from '../../shared/auth/subgraph-agreement-keys';
import { SubgraphTransport } from '../../gateway/transport';
import { AssertionRefused, SignedTrust, subgraphTrustFromEnvironment, verifyCallerAssertion } from '../../shared/auth/subgraph-trust';

/**
 * Pairwise MAC keys (docs/security.md): the gateway and a subgraph that publishes an X25519 key
 * derive the same HMAC key, and the gateway's assertions to it are HS256; to a subgraph without one
 * they stay Ed25519. Every way of passing off an HS256 assertion that the gateway did not make for
 * this subgraph, this body and this moment is refused.
 */

const READER: Caller = { authenticated: true, subject: 'reader', scopes: ['personal:read', 'labs:admin'] };
const BODY = '{"query":"{ labsMembers { totalCount } }"}';
const bytes = (text: string) => Buffer.from(text, 'utf8');
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const headerOf = (assertion: string) => JSON.parse(Buffer.from(assertion.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

const subgraphKeys = (pem = generateAgreementKeyPem()) => new SubgraphAgreementKeys(agreementKeysOf(pem, 'a test X25519 key'), 'a test X25519 key');
const publicHalf = (key: OwnAgreementKey) => ({ kid: key.kid, publicKey: key.publicKey });

/** The gateway's X25519 key material, its signer, and what a subgraph holds to check it. */
function setUp() {
  const gateway = new GatewaySigningKeys(keyMaterialSource(generateGatewayKeyPem(), 'test keys'));
  const labs = subgraphKeys();
  const auditors = subgraphKeys();
  const published: Record<string, OwnAgreementKey | undefined> = { labs: labs.keys[0], auditors: auditors.keys[0] };
  const signer = new CallerSigner(gateway, 10, { keyFor: (subgraph) => (published[subgraph] ? publicHalf(published[subgraph]) : undefined) });
  const trust = (own: SubgraphAgreementKeys | undefined, maxLifetimeSeconds = 30): SignedTrust => ({
    mode: 'signed',
    keys: new StaticKeySet(gateway.jwks()),
    replays: new MemoryReplayGuard(),
    maxLifetimeSeconds,
    ...(own ? { own } : {}),
  });
  return { gateway, labs, auditors, published, signer, trust };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof AssertionRefused ? error.message : `threw ${String(error)}`),
  );

/** An assertion with `header` over the payload of `genuine`, its signature the HMAC-SHA256 under `key`. */
function forged(genuine: string, header: Record<string, unknown>, key: Buffer | string): string {
  const input = `${encode(header)}.${genuine.split('.')[1]}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

describe('pairwise MAC keys', () => {
  it('are the same derived from either end, and differ for another subgraph name or another pair of keys', () => {
    const gateway = generateKeyPairSync('x25519');
    const subgraph = generateKeyPairSync('x25519');
    const other = generateKeyPairSync('x25519');
    const atGateway = derivePairwiseKey(gateway.privateKey, subgraph.publicKey, 'g', 's', 'labs');
    expect(atGateway).toHaveLength(32);
    expect(derivePairwiseKey(subgraph.privateKey, gateway.publicKey, 'g', 's', 'labs').equals(atGateway)).toBe(true);
    expect(derivePairwiseKey(subgraph.privateKey, gateway.publicKey, 'g', 's', 'auditors').equals(atGateway)).toBe(false);
    expect(derivePairwiseKey(subgraph.privateKey, gateway.publicKey, 'g2', 's', 'labs').equals(atGateway)).toBe(false);
    expect(derivePairwiseKey(other.privateKey, gateway.publicKey, 'g', 's', 'labs').equals(atGateway)).toBe(false);
  });

  it("MAC as node:crypto's HMAC-SHA256 does, for any key and any input, one key after another input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.array(fc.string({ unit: 'binary', maxLength: 3000 }), { minLength: 1, maxLength: 4 }), (key, inputs) => {
        const macKey = new MacKey(key);
        for (const input of inputs) expect(macKey.mac(input).toString('hex')).toBe(createHmac('sha256', key).update(input).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('make the assertions to a subgraph that publishes an X25519 key HS256, under a kid naming both keys; others stay EdDSA', async () => {
    const { gateway, labs, signer, trust } = setUp();
    const assertion = signer.sign(READER, 'labs', BODY);
    expect(headerOf(assertion)).toEqual({ alg: 'HS256', typ: 'registry-caller+jwt', kid: pairKid(gateway.agreement!.kid, labs.keys[0]!.kid) });
    await expect(verifyCallerAssertion(trust(labs), 'labs', assertion, bytes(BODY))).resolves.toEqual(READER);
    await expect(verifyCallerAssertion(trust(labs), 'labs', signer.sign(ANONYMOUS, 'labs', BODY), bytes(BODY))).resolves.toEqual(ANONYMOUS);

    const toEngineering = signer.sign(READER, 'engineering', BODY);
    expect(headerOf(toEngineering)).toEqual({ alg: 'EdDSA', typ: 'registry-caller+jwt', kid: gateway.signing.kid });
    // labs:admin is labs' alone: engineering is told the caller without it.
    await expect(verifyCallerAssertion(trust(undefined), 'engineering', toEngineering, bytes(BODY))).resolves.toEqual({ ...READER, scopes: ['personal:read'] });
    // A gateway without an X25519 key signs every assertion, even to a subgraph that publishes one.
    const signingOnly = new CallerSigner(new GatewaySigningKeys(keyMaterialSource(generateSigningKeyPem(), 'an Ed25519 key')), 10, {
      keyFor: () => publicHalf(labs.keys[0]!),
    });
    expect(headerOf(signingOnly.sign(READER, 'labs', BODY)).alg).toBe('EdDSA');
  });

  it('are refused replayed, for another body, expired, or issued for longer than the subgraph allows', async () => {
    const { labs, signer, trust } = setUp();
    const checked = trust(labs);
    const assertion = signer.sign(READER, 'labs', BODY);
    await expect(verifyCallerAssertion(checked, 'labs', assertion, bytes(BODY))).resolves.toEqual(READER);
    expect(await refusal(verifyCallerAssertion(checked, 'labs', assertion, bytes(BODY)))).toMatch(/has been used before/);
    expect(await refusal(verifyCallerAssertion(checked, 'labs', signer.sign(READER, 'labs', BODY), bytes(`${BODY} `)))).toMatch(/signed for another request body/);
    expect(await refusal(verifyCallerAssertion(checked, 'labs', signer.sign(READER, 'labs', BODY, Date.now() - 20_000), bytes(BODY)))).toMatch(/has expired/);
    expect(await refusal(verifyCallerAssertion(trust(labs, 5), 'labs', signer.sign(READER, 'labs', BODY), bytes(BODY)))).toMatch(
      /good for 10 s; this subgraph accepts at most 5 s/,
    );
  });

  it('are refused by another subgraph: its pairwise key differs, even one holding the same X25519 key', async () => {
    const { labs, auditors, signer, trust } = setUp();
    const forLabs = signer.sign(READER, 'labs', BODY);
    expect(await refusal(verifyCallerAssertion(trust(auditors), 'auditors', forLabs, bytes(BODY)))).toMatch(/names X25519 key ".+", which is not this subgraph's/);
    // Two subgraphs given one key by mistake still derive different keys: each is bound to its name.
    expect(await refusal(verifyCallerAssertion(trust(labs), 'auditors', forLabs, bytes(BODY)))).toMatch(/MAC does not match the key this subgraph shares with the gateway/);
    await expect(verifyCallerAssertion(trust(auditors), 'auditors', signer.sign(READER, 'auditors', BODY), bytes(BODY))).resolves.toEqual({ ...READER, scopes: ['personal:read'] });
  });

  it("are refused forged with public key bytes, with alg none, or with an algorithm that does not match the kid's key", async () => {
    const { gateway, labs, signer, trust } = setUp();
    const checked = trust(labs);
    const genuine = signer.sign(ANONYMOUS, 'labs', BODY);
    const promoted = `${genuine.split('.')[0]}.${encode({ ...JSON.parse(Buffer.from(genuine.split('.')[1]!, 'base64url').toString()), authenticated: true, scope: 'labs:admin' })}.${genuine.split('.')[2]}`;
    expect(await refusal(verifyCallerAssertion(checked, 'labs', promoted, bytes(BODY)))).toMatch(/MAC does not match/);

    const pair = pairKid(gateway.agreement!.kid, labs.keys[0]!.kid);
    const typ = 'registry-caller+jwt';
    const ed25519Public = createPublicKey(gateway.signing.privateKey).export({ format: 'der', type: 'spki' });
    const ed25519Pem = createPublicKey(gateway.signing.privateKey).export({ format: 'pem', type: 'spki' }).toString();
    const x25519Public = Buffer.from(String(gateway.agreement!.publicKey.export({ format: 'jwk' }).x), 'base64url');
    const labsPublic = Buffer.from(String(labs.keys[0]!.publicKey.export({ format: 'jwk' }).x), 'base64url');
    // HS256 keyed with the gateway's published signing key, under its kid (the classic alg confusion).
    for (const key of [ed25519Public, ed25519Pem]) {
      expect(await refusal(verifyCallerAssertion(checked, 'labs', forged(genuine, { alg: 'HS256', typ, kid: gateway.signing.kid }, key), bytes(BODY)))).toMatch(
        /says alg "HS256", but its kid ".+" does not name a gateway X25519 key and this subgraph's/,
      );
    }
    // HS256 under the genuine pair of kids, keyed with either side's public X25519 bytes.
    for (const key of [x25519Public, labsPublic]) {
      expect(await refusal(verifyCallerAssertion(checked, 'labs', forged(genuine, { alg: 'HS256', typ, kid: pair }, key), bytes(BODY)))).toMatch(/MAC does not match/);
    }
    // alg none, under either kind of kid; EdDSA under the pair's kid; HS256 to a subgraph that holds no X25519 key.
    const payload = genuine.split('.')[1];
    expect(await refusal(verifyCallerAssertion(checked, 'labs', `${encode({ alg: 'none', typ, kid: pair })}.${payload}.`, bytes(BODY)))).toMatch(/not in the gateway's key set/);
    expect(await refusal(verifyCallerAssertion(checked, 'labs', `${encode({ alg: 'none', typ, kid: gateway.signing.kid })}.${payload}.`, bytes(BODY)))).toMatch(/says alg "none"/);
    expect(await refusal(verifyCallerAssertion(checked, 'labs', `${encode({ alg: 'EdDSA', typ, kid: pair })}.${genuine.split('.').slice(1).join('.')}`, bytes(BODY)))).toMatch(
      /not in the gateway's key set/,
    );
    expect(await refusal(verifyCallerAssertion(trust(undefined), 'labs', signer.sign(READER, 'labs', BODY), bytes(BODY)))).toMatch(/publishes no X25519 key/);
  });

  it("are refused under a kid naming a key not the subgraph's, one outside the gateway's set, or a MAC made with an outsider's key", async () => {
    const { gateway, labs, signer, trust } = setUp();
    const checked = trust(labs);
    const genuine = signer.sign(READER, 'labs', BODY);
    const typ = 'registry-caller+jwt';
    const [gatewayKid, labsKid] = [gateway.agreement!.kid, labs.keys[0]!.kid];
    for (const kid of [`${gatewayKid}:unknown`, `${gatewayKid}:${labsKid}:x`, `${gatewayKid}`, `:${labsKid}`]) {
      expect(await refusal(verifyCallerAssertion(checked, 'labs', forged(genuine, { alg: 'HS256', typ, kid }, 'x'), bytes(BODY)))).toMatch(/not this subgraph's|does not name/);
    }
    // An outsider with its own X25519 key derives a key with the subgraph's public key: its kid is not the gateway's, and posing under the gateway's kid fails the MAC.
    const outsider = agreementKeysOf(generateAgreementKeyPem(), 'an outsider')[0]!;
    const outsiders = derivePairwiseKey(outsider.privateKey, labs.keys[0]!.publicKey, outsider.kid, labsKid, 'labs');
    expect(await refusal(verifyCallerAssertion(checked, 'labs', forged(genuine, { alg: 'HS256', typ, kid: pairKid(outsider.kid, labsKid) }, outsiders), bytes(BODY)))).toMatch(
      /names X25519 key ".+", which is not in the gateway's key set/,
    );
    const posing = derivePairwiseKey(outsider.privateKey, labs.keys[0]!.publicKey, gatewayKid, labsKid, 'labs');
    expect(await refusal(verifyCallerAssertion(checked, 'labs', forged(genuine, { alg: 'HS256', typ, kid: pairKid(gatewayKid, labsKid) }, posing), bytes(BODY)))).toMatch(
      /MAC does not match/,
    );
  });

  it("rotate on either side: the subgraph accepts its previous key, the gateway's set carries its next key before it is used", async () => {
    const [current, next] = [generateAgreementKeyPem(), generateAgreementKeyPem()];
    const gatewayPem = generateSigningKeyPem();
    const [gatewayCurrent, gatewayNext] = [generateAgreementKeyPem(), generateAgreementKeyPem()];
    // The subgraph has switched to its next key; the gateway still derives with the one it fetched before.
    const labs = subgraphKeys(`${next}${current}`);
    const previous = subgraphKeys(current).keys[0]!;
    let material = `${gatewayPem}${gatewayCurrent}${gatewayNext}`;
    const gateway = new GatewaySigningKeys({ description: 'rotating', reloadable: true, read: () => gatewayKeyMaterialOf(material, 'rotating') });
    const signer = new CallerSigner(gateway, 10, { keyFor: () => publicHalf(previous) });
    const beforeSwitch = new StaticKeySet(gateway.jwks());
    const trust: SignedTrust = { mode: 'signed', keys: beforeSwitch, replays: new MemoryReplayGuard(), maxLifetimeSeconds: 30, own: labs };
    expect(headerOf(signer.sign(READER, 'labs', BODY)).kid).toBe(pairKid(gateway.agreement!.kid, previous.kid));
    await expect(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', BODY), bytes(BODY))).resolves.toEqual(READER);
    // The gateway switches to its next X25519 key, which its set already published: the subgraph's copy of the set from before the switch accepts it.
    material = `${gatewayPem}${gatewayNext}${gatewayCurrent}`;
    gateway.reload();
    const switched = signer.sign(READER, 'labs', BODY);
    expect(headerOf(switched).kid).toBe(pairKid(agreementKeysOf(gatewayNext, 'next')[0]!.kid, previous.kid));
    await expect(verifyCallerAssertion(trust, 'labs', switched, bytes(BODY))).resolves.toEqual(READER);
  });
});

describe('X25519 keys in the key sets', () => {
  it("are published by the gateway beside its signing keys, public halves only, and left aside by a subgraph's signing key lookup", () => {
    const gateway = new GatewaySigningKeys(keyMaterialSource(generateGatewayKeyPem(), 'test keys'));
    const [signing, agreement] = gateway.jwks().keys;
    expect(signing).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: gateway.signing.kid });
    expect(agreement).toEqual({ kty: 'OKP', crv: 'X25519', x: expect.any(String), use: 'enc', kid: gateway.agreement!.kid });
    expect([...publicKeysOf(gateway.jwks(), 'the set').keys()]).toEqual([gateway.signing.kid]);
    expect(new StaticKeySet(gateway.jwks()).agreementKeyFor(gateway.agreement!.kid)?.kid).toBe(gateway.agreement!.kid);
    const withPrivate = { keys: [{ ...createPrivateKey(generateAgreementKeyPem()).export({ format: 'jwk' }), kid: 'leaked' }] };
    expect(() => new StaticKeySet(withPrivate)).toThrow(/key "leaked" is a private key/);
    expect(() => agreementKeysOf(JSON.stringify({ ...createPrivateKey(generateAgreementKeyPem()).export({ format: 'jwk' }), kid: 'a:b' }), 'SUBGRAPH_X25519_KEY')).toThrow(
      /X25519 key id "a:b" holds ":"/,
    );
    expect(() => agreementKeysOf(generateSigningKeyPem(), 'SUBGRAPH_X25519_KEY')).toThrow(/an X25519 key was expected; this one is ed25519/);
  });

  it('are read by a subgraph from SUBGRAPH_X25519_KEY (or none), else made for the run', () => {
    const jwks = JSON.stringify(new GatewaySigningKeys(keyMaterialSource(generateGatewayKeyPem(), 'test keys')).jwks());
    const pem = generateAgreementKeyPem();
    const configured = subgraphTrustFromEnvironment({ GATEWAY_JWKS: jwks, SUBGRAPH_X25519_KEY: pem });
    expect(configured.mode === 'signed' && configured.own?.keys.map((key) => key.kid)).toEqual([agreementKeysOf(pem, 'pem')[0]!.kid]);
    expect(configured.mode === 'signed' && configured.own?.generated).toBe(false);
    const none = subgraphTrustFromEnvironment({ GATEWAY_JWKS: jwks, SUBGRAPH_X25519_KEY: 'none' });
    expect(none.mode === 'signed' ? none.own : 'not signed').toBeUndefined();
    const generated = subgraphTrustFromEnvironment({ GATEWAY_JWKS: jwks });
    expect(generated.mode === 'signed' && generated.own?.generated).toBe(true);
    expect(() => subgraphTrustFromEnvironment({ GATEWAY_JWKS: jwks, SUBGRAPH_X25519_KEY: pem, SUBGRAPH_X25519_KEY_FILE: '/x' })).toThrow(/not both/);
  });
});

describe("the gateway's copy of the subgraphs' X25519 keys", () => {
  let server: Server;
  let published: { status: number; body: string };
  let url: string;
  let fetches = 0;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === SUBGRAPH_JWKS_PATH) fetches += 1;
      response.writeHead(request.url === SUBGRAPH_JWKS_PATH ? published.status : 404, { 'content-type': 'application/json' });
      response.end(request.url === SUBGRAPH_JWKS_PATH ? published.body : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('are fetched beside the GraphQL endpoint: the first X25519 key, none for a 404, kept when a fetch fails, fetched again once forgotten', async () => {
    const [first, second] = [subgraphKeys(), subgraphKeys()];
    const keys = new SubgraphKeys(() => [{ name: 'labs', url }], log);
    published = { status: 404, body: '' };
    await keys.refreshAll();
    expect(keys.keyFor('labs')).toBeUndefined();
    published = { status: 200, body: JSON.stringify({ keys: [...first.jwks().keys, ...second.jwks().keys] }) };
    await keys.refresh('labs');
    expect(keys.keyFor('labs')?.kid).toBe(first.keys[0]!.kid);
    published = { status: 500, body: '' };
    await keys.refresh('labs');
    expect(keys.keyFor('labs')?.kid).toBe(first.keys[0]!.kid);
    published = { status: 200, body: JSON.stringify(second.jwks()) };
    keys.forget('labs');
    expect(keys.keyFor('labs')).toBeUndefined();
    await keys.refresh('labs');
    expect(keys.keyFor('labs')?.kid).toBe(second.keys[0]!.kid);
    expect(keys.keyFor('auditors')).toBeUndefined();
  });

  it('refuse a low-order X25519 key, with which no key can be derived, keeping the one known before (integrity audit)', async () => {
    const ownKeys = subgraphKeys();
    const keys = new SubgraphKeys(() => [{ name: 'labs', url }], log);
    published = { status: 200, body: JSON.stringify(ownKeys.jwks()) };
    await keys.refreshAll();
    const lowOrder = { kty: 'OKP', crv: 'X25519', x: Buffer.alloc(32).toString('base64url'), kid: 'evil-low', use: 'enc' };
    published = { status: 200, body: JSON.stringify({ keys: [lowOrder] }) };
    await keys.refresh('labs');
    expect(keys.keyFor('labs')?.kid).toBe(ownKeys.keys[0]!.kid);
    keys.forget('labs');
    await keys.refresh('labs');
    expect(keys.keyFor('labs')).toBeUndefined();
  });

  it('are fetched again at most once per interval however often a subgraph refuses, and refused past 64 KiB (integrity audit)', async () => {
    const ownKeys = subgraphKeys();
    const jwks = () => ownKeys.jwks();
    const keys = new SubgraphKeys(() => [{ name: 'labs', url }], log, { refreshMs: 300_000, timeoutMs: 5_000, minIntervalMs: 60_000 });
    published = { status: 200, body: JSON.stringify(jwks()) };
    await keys.refreshAll();
    fetches = 0;
    for (let refusal = 0; refusal < 50; refusal += 1) {
      keys.forget('labs');
      keys.keyFor('labs');
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(fetches).toBe(0);
    // A key set padded past 64 KiB is refused unread; the key is not taken.
    published = { status: 200, body: JSON.stringify({ ...jwks(), padding: 'x'.repeat(70 * 1024) }) };
    await keys.refresh('labs');
    expect(fetches).toBe(1);
    expect(keys.keyFor('labs')).toBeUndefined();
    published = { status: 200, body: JSON.stringify(jwks()) };
    await keys.refresh('labs');
    expect(keys.keyFor('labs')?.kid).toBe(ownKeys.keys[0]!.kid);
  });
});

describe('a subgraph that changed its X25519 key (restarted with a key made for the run)', () => {
  let server: Server;
  let url: string;
  let current: SubgraphAgreementKeys;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === SUBGRAPH_JWKS_PATH) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(current.jwks()));
        return;
      }
      const header = headerOf(String(request.headers['x-registry-caller']));
      seen.push(String(header.alg));
      // It takes what is signed, and HS256 only under its current key (a stand-in for the real check).
      const accepted = header.alg === 'EdDSA' || String(header.kid).endsWith(`:${current.keys[0]!.kid}`);
      response.writeHead(accepted ? 200 : 401, { 'content-type': 'application/json' });
      response.end(accepted ? '{"data":{"__typename":"Query"}}' : '{"errors":[{"message":"refused"}]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('costs one refused request: the gateway forgets its old key, signs until it has fetched the new one, then sends HS256 again', async () => {
    current = subgraphKeys();
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const keys = new SubgraphKeys(() => [{ name: 'labs', url }], log);
    const signer = new CallerSigner(new GatewaySigningKeys(keyMaterialSource(generateGatewayKeyPem(), 'test keys')), 10, keys);
    const transport = new SubgraphTransport({
      timeouts: { defaultMs: 5_000, bySubgraph: {} },
      signer,
      routes: () => [{ name: 'labs', url }],
      onRefused: (name) => keys.forget(name),
    });
    try {
      await keys.refreshAll();
      const ask = async () => (await transport.send({ subgraph: 'labs', body: '{"query":"{ __typename }"}' })).status;
      expect(await ask()).toBe(200);
      current = subgraphKeys();
      expect(await ask()).toBe(401);
      expect(await ask()).toBe(200);
      await keys.refresh('labs');
      expect(await ask()).toBe(200);
      expect(seen).toEqual(['HS256', 'HS256', 'EdDSA', 'HS256']);
    } finally {
      await transport.close();
    }
  });
});
