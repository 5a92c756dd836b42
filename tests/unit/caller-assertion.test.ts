import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallerSigner, GatewaySigningKeys, gatewayKeyMaterialOf, generateSigningKeyPem, keyMaterialSource, signingKeysOf } from '../../gateway/trust';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { FileKeySet, KEY_FILE_RECHECK_MS, RemoteKeySet, StaticKeySet } from '../../shared/auth/gateway-key-set';
import { MemoryReplayGuard } from '../../shared/auth/replay-guard';
import { isSchemaQuery } from '../../shared/auth/schema-query';
import { AssertionRefused, SignedTrust, subgraphTrustFromEnvironment, verifyCallerAssertion } from '../../shared/auth/subgraph-trust';

const READER: Caller = { authenticated: true, subject: 'reader', scopes: ['personal:read', 'labs:admin'] };
const BODY = '{"query":"{ labsMembers { totalCount } }"}';
const bytes = (text: string) => Buffer.from(text, 'utf8');

function gatewayKeys(pem = generateSigningKeyPem()) {
  return new GatewaySigningKeys(keyMaterialSource(pem, 'a test key'));
}

function trustOf(keys: GatewaySigningKeys, maxLifetimeSeconds = 30): SignedTrust {
  return { mode: 'signed', keys: new StaticKeySet(keys.jwks()), replays: new MemoryReplayGuard(), maxLifetimeSeconds };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof AssertionRefused ? error.message : `threw ${String(error)}`),
  );

describe('caller assertions', () => {
  const keys = gatewayKeys();
  const signer = new CallerSigner(keys);

  it('carry the caller to the subgraph they are for, with the body they were signed for, once', async () => {
    const trust = trustOf(keys);
    const assertion = signer.sign(READER, 'labs', BODY);
    await expect(verifyCallerAssertion(trust, 'labs', assertion, bytes(BODY))).resolves.toEqual(READER);
    expect(await refusal(verifyCallerAssertion(trust, 'labs', assertion, bytes(BODY)))).toMatch(/has been used before/);
    const anonymous = signer.sign(ANONYMOUS, 'labs', BODY);
    await expect(verifyCallerAssertion(trust, 'labs', anonymous, bytes(BODY))).resolves.toEqual(ANONYMOUS);
  });

  it("tell a registry the caller's scopes but those of the other registries", async () => {
    const told = new CallerSigner(keys);
    const caller: Caller = Object.freeze({
      authenticated: true,
      subject: 'officer',
      scopes: Object.freeze(['personal:read', 'labs:admin', 'guilds:elections:guilds:fars-union-002', 'auditors:admin', 'analytics:query']) as string[],
    });
    const scopeTold = (audience: string) => (JSON.parse(Buffer.from(told.sign(caller, audience, BODY).split('.')[1]!, 'base64url').toString()) as { scope: string }).scope;
    expect(scopeTold('labs')).toBe('personal:read labs:admin analytics:query');
    expect(scopeTold('guilds')).toBe('personal:read guilds:elections:guilds:fars-union-002 analytics:query');
    // Asked again, the same; and for a subgraph that is no registry, told none of the registries' scopes.
    expect(scopeTold('labs')).toBe('personal:read labs:admin analytics:query');
    expect(scopeTold('directory')).toBe('personal:read analytics:query');
    // A subgraph named like the graph's own scopes (`personal`, `analytics`) takes nothing more than the graph's.
    expect(scopeTold('personal')).toBe('personal:read analytics:query');
    // A scope with a space in it (the authenticator refuses such tokens) is never told: the claim is space-separated.
    const spaced: Caller = { authenticated: true, subject: 'x', scopes: ['personal:read', 'x guilds:admin', 'x\tlabs:admin'] };
    expect((JSON.parse(Buffer.from(told.sign(spaced, 'guilds', BODY).split('.')[1]!, 'base64url').toString()) as { scope: string }).scope).toBe('personal:read');
    const trust = trustOf(keys);
    await expect(verifyCallerAssertion(trust, 'auditors', told.sign(caller, 'auditors', BODY), bytes(BODY))).resolves.toEqual({
      ...caller,
      scopes: ['personal:read', 'auditors:admin', 'analytics:query'],
    });
  });

  it('tell no registry the scopes of one that left the graph, or has yet to join it (audit, 2026-12-07)', () => {
    // Until then a scope was held back only while its registry was routed: engineering removed from the
    // supergraph config, every other registry was told who held engineering:admin and its grants.
    const told = new CallerSigner(keys);
    const caller: Caller = { authenticated: true, subject: 'x', scopes: ['personal:read', 'engineering:admin', 'engineering:committee:engineering:c1', 'nurses:admin', 'openid'] };
    const scopeTold = (audience: string) => (JSON.parse(Buffer.from(told.sign(caller, audience, BODY).split('.')[1]!, 'base64url').toString()) as { scope: string }).scope;
    expect(scopeTold('labs')).toBe('personal:read openid');
    expect(scopeTold('engineering')).toBe('personal:read engineering:admin engineering:committee:engineering:c1 openid');
    expect(scopeTold('nurses')).toBe('personal:read nurses:admin openid');
  });

  it('carry each caller as they are, in the claims order JSON.stringify writes, one caller after another through one signer', async () => {
    const trust = trustOf(keys);
    const callers: Caller[] = [READER, ANONYMOUS, { authenticated: true, subject: 'علی "quoted" \\ name', scopes: [] }, { ...READER, subject: 'another', scopes: ['labs:admin'] }];
    for (const caller of callers) {
      const assertion = signer.sign(caller, 'labs', BODY, 1_800_000_000_000);
      const payload = Buffer.from(assertion.split('.')[1]!, 'base64url').toString('utf8');
      const claims = JSON.parse(payload) as Record<string, unknown>;
      expect(payload).toBe(JSON.stringify(claims));
      expect(Object.keys(claims)).toEqual(['iss', 'aud', ...(caller.subject ? ['sub'] : []), 'iat', 'exp', 'jti', 'authenticated', 'scope', 'body_sha256']);
      expect({ sub: claims.sub, authenticated: claims.authenticated, scope: claims.scope }).toEqual({
        sub: caller.subject,
        authenticated: caller.authenticated,
        scope: caller.scopes.join(' '),
      });
      await expect(verifyCallerAssertion(trust, 'labs', signer.sign(caller, 'labs', BODY), bytes(BODY))).resolves.toEqual(caller);
    }
  });

  it('are refused for another subgraph, another body (down to one space), or a body sent as other bytes', async () => {
    const trust = trustOf(keys);
    expect(await refusal(verifyCallerAssertion(trust, 'auditors', signer.sign(READER, 'labs', BODY), bytes(BODY)))).toMatch(
      /addressed to the "labs" subgraph, not this one \(auditors\)/,
    );
    expect(await refusal(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', BODY), bytes(`${BODY} `)))).toMatch(/signed for another request body/);
    const persian = '{"query":"{ labsMembers(search: \\"تاجیک\\") { totalCount } }"}';
    expect(await refusal(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', persian), Buffer.from(persian, 'latin1')))).toMatch(/another request body/);
    await expect(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', persian), bytes(persian))).resolves.toEqual(READER);
  });

  it("are refused when signed by a key outside the gateway's set, or altered after signing", async () => {
    const trust = trustOf(keys);
    const other = gatewayKeys();
    expect(await refusal(verifyCallerAssertion(trust, 'labs', new CallerSigner(other).sign(READER, 'labs', BODY), bytes(BODY)))).toMatch(/not in the gateway's key set/);
    const posing = new CallerSigner({ signing: { ...other.signing, kid: keys.signing.kid } }).sign(READER, 'labs', BODY);
    expect(await refusal(verifyCallerAssertion(trust, 'labs', posing, bytes(BODY)))).toMatch(/signature does not match the gateway's key/);
    const [header, payload, signature] = signer.sign(ANONYMOUS, 'labs', BODY).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, authenticated: true, scope: 'labs:admin' })).toString('base64url');
    expect(await refusal(verifyCallerAssertion(trust, 'labs', `${header}.${promoted}.${signature}`, bytes(BODY)))).toMatch(/signature does not match/);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'registry-caller+jwt', kid: keys.signing.kid })).toString('base64url')}.${payload}.`;
    expect(await refusal(verifyCallerAssertion(trust, 'labs', unsigned, bytes(BODY)))).toMatch(/says alg "none", but the gateway's key .* is EdDSA/);
    const bearer = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: keys.signing.kid })).toString('base64url')}.${payload}.${signature}`;
    expect(await refusal(verifyCallerAssertion(trust, 'labs', bearer, bytes(BODY)))).toMatch(/is not a caller assertion \(typ "JWT"/);
  });

  it('are refused expired, issued in the future, or longer-lived than the subgraph allows', async () => {
    const trust = trustOf(keys, 30);
    expect(await refusal(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', BODY, Date.now() - 20_000), bytes(BODY)))).toMatch(/has expired \(10 s ago\)/);
    // Within the 5 s clock tolerance either way: accepted.
    await expect(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', BODY, Date.now() - 12_000), bytes(BODY))).resolves.toEqual(READER);
    await expect(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', BODY, Date.now() + 3_000), bytes(BODY))).resolves.toEqual(READER);
    expect(await refusal(verifyCallerAssertion(trust, 'labs', signer.sign(READER, 'labs', BODY, Date.now() + 60_000), bytes(BODY)))).toMatch(/issued 60 s in the future/);
    expect(await refusal(verifyCallerAssertion(trust, 'labs', new CallerSigner(keys, 31).sign(READER, 'labs', BODY), bytes(BODY)))).toMatch(
      /good for 31 s; this subgraph accepts at most 30 s/,
    );
    await expect(verifyCallerAssertion(trust, 'labs', new CallerSigner(keys, 30).sign(READER, 'labs', BODY), bytes(BODY))).resolves.toEqual(READER);
  });

  it('are signed with P-256 (ES256) keys as well', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const es256 = gatewayKeys(p256);
    expect(es256.signing.algorithm).toBe('ES256');
    await expect(verifyCallerAssertion(trustOf(es256), 'labs', new CallerSigner(es256).sign(READER, 'labs', BODY), bytes(BODY))).resolves.toEqual(READER);
  });
});

describe('what a signer prepares once per caller and subgraph', () => {
  const claimsOf = (assertion: string) => JSON.parse(Buffer.from(assertion.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

  it('writes the payload JSON.stringify would write, each request with its own jti and body digest', () => {
    const keys = gatewayKeys();
    const signer = new CallerSigner(keys);
    const caller: Caller = Object.freeze({ authenticated: true, subject: 'a "quoted" subject', scopes: Object.freeze(['personal:read']) as string[] });
    const [first, second] = [signer.sign(caller, 'labs', BODY, 1_000_000), signer.sign(caller, 'labs', `${BODY} `, 1_000_000)];
    for (const [assertion, body] of [
      [first, BODY],
      [second, `${BODY} `],
    ] as const) {
      const claims = claimsOf(assertion);
      expect(Buffer.from(assertion.split('.')[1]!, 'base64url').toString()).toBe(
        JSON.stringify({
          iss: 'registries-gateway',
          aud: 'labs',
          sub: caller.subject,
          iat: 1000,
          exp: 1010,
          jti: claims.jti,
          authenticated: true,
          scope: 'personal:read',
          body_sha256: claims.body_sha256,
        }),
      );
      expect(claims.body_sha256).toBe(createHash('sha256').update(body).digest('base64url'));
    }
    expect(claimsOf(first).jti).not.toBe(claimsOf(second).jti);
    expect(claimsOf(signer.sign(caller, 'auditors', BODY)).aud).toBe('auditors');
    expect(claimsOf(signer.sign(ANONYMOUS, 'labs', BODY))).toMatchObject({ authenticated: false, scope: '' });
    expect(claimsOf(signer.sign(ANONYMOUS, 'labs', BODY))).not.toHaveProperty('sub');
  });

  it('signs with the key reloaded since, never the one it replaced, for a caller and subgraph it signed for before', async () => {
    const [current, next] = [generateSigningKeyPem(), generateSigningKeyPem()];
    let material = current;
    const keys = new GatewaySigningKeys({ description: 'a key that rotates', reloadable: true, read: () => gatewayKeyMaterialOf(material, 'a key that rotates') });
    const signer = new CallerSigner(keys);
    const oldKeys = trustOf(gatewayKeys(current));
    await expect(verifyCallerAssertion(oldKeys, 'labs', signer.sign(ANONYMOUS, 'labs', BODY), bytes(BODY))).resolves.toEqual(ANONYMOUS);
    material = next;
    keys.reload();
    const after = signer.sign(ANONYMOUS, 'labs', BODY);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: keys.signing.kid });
    expect(await refusal(verifyCallerAssertion(oldKeys, 'labs', after, bytes(BODY)))).toMatch(/not in the gateway's key set/);
    await expect(verifyCallerAssertion(trustOf(gatewayKeys(next)), 'labs', after, bytes(BODY))).resolves.toEqual(ANONYMOUS);
  });

  it('says what a caller that can change says now, not what it said before', () => {
    const signer = new CallerSigner(gatewayKeys());
    const caller: Caller = { authenticated: true, subject: 'registrar', scopes: ['labs:admin'] };
    expect(claimsOf(signer.sign(caller, 'labs', BODY)).scope).toBe('labs:admin');
    caller.scopes.pop();
    caller.subject = 'someone else';
    expect(claimsOf(signer.sign(caller, 'labs', BODY))).toMatchObject({ scope: '', sub: 'someone else' });
  });
});

describe("the gateway's key material", () => {
  it("signs with the first private key and publishes every key's public half, private parts never", () => {
    const [first, second] = [generateSigningKeyPem(), generateSigningKeyPem()];
    const secondPublic = createPrivateKey(second).export({ format: 'jwk' });
    const pems = signingKeysOf(`${first}\n${second}`, 'two keys');
    expect(pems.map((key) => Boolean(key.privateKey))).toEqual([true, true]);
    const keys = new GatewaySigningKeys(keyMaterialSource(`${second}${first}`, 'two keys'));
    expect(keys.signing.kid).toBe(pems[1]!.kid);
    expect(keys.jwks().keys.map((key) => key.kid)).toEqual([pems[1]!.kid, pems[0]!.kid]);
    expect(keys.jwks().keys.every((key) => key.d === undefined && key.alg === 'EdDSA' && key.use === 'sig')).toBe(true);
    // A PUBLIC KEY block announces the next key before it signs.
    const nextPublicPem = createPublicKey(createPrivateKey(second)).export({ format: 'pem', type: 'spki' }).toString();
    const announced = new GatewaySigningKeys(keyMaterialSource(`${first}${nextPublicPem}`, 'current and next'));
    expect(announced.signing.kid).toBe(pems[0]!.kid);
    expect(announced.jwks().keys.map((key) => key.kid)).toEqual([pems[0]!.kid, pems[1]!.kid]);
    // JSON: a JWK Set whose key without "d" is only published; the kid of a JWK is kept.
    const set = JSON.stringify({
      keys: [
        { ...createPrivateKey(first).export({ format: 'jwk' }), kid: 'current' },
        { ...secondPublic, d: undefined, kid: 'next' },
      ],
    });
    const fromJson = new GatewaySigningKeys(keyMaterialSource(set, 'a JWK Set'));
    expect(fromJson.signing.kid).toBe('current');
    expect(fromJson.jwks().keys.map((key) => key.kid)).toEqual(['current', 'next']);
  });

  it('refuses material with nothing to sign with, or keys of another kind, saying so', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => signingKeysOf(rsa, 'GATEWAY_SIGNING_KEY')).toThrow(/must be Ed25519 \(EdDSA\) or P-256 \(ES256\); this one is rsa/);
    const publicPem = createPrivateKey(generateSigningKeyPem()).export({ format: 'jwk' });
    expect(() => signingKeysOf(JSON.stringify({ ...publicPem, d: undefined }), 'GATEWAY_SIGNING_KEY')).toThrow(/holds no private key to sign with/);
    expect(() => signingKeysOf('not a key', 'GATEWAY_SIGNING_KEY')).toThrow(/holds no private key/);
  });
});

describe("a subgraph's copy of the gateway's key set", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-set-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('from a file: read again when an unknown key is named and the file has changed', async () => {
    const [current, next] = [gatewayKeys(), gatewayKeys()];
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(current.jwks()));
    const set = new FileKeySet(file);
    expect(set.keyFor(current.signing.kid)?.kid).toBe(current.signing.kid);
    expect(set.keyFor(next.signing.kid)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ keys: [...current.jwks().keys, ...next.jwks().keys] }));
    expect(set.keyFor(next.signing.kid)?.kid).toBe(next.signing.kid);
    writeFileSync(file, 'half a fi');
    expect(set.keyFor('unknown')).toBeUndefined();
    expect(set.keyFor(current.signing.kid)?.kid).toBe(current.signing.kid);
  });

  it('from a file: a key removed from it (rotated out, or leaked) stops working within KEY_FILE_RECHECK_MS', () => {
    const [old, next] = [gatewayKeys(), gatewayKeys()];
    const file = join(dir, 'rotated.json');
    writeFileSync(file, JSON.stringify({ keys: [...old.jwks().keys, ...next.jwks().keys] }));
    let now = 1_000_000;
    const set = new FileKeySet(file, KEY_FILE_RECHECK_MS, () => now);
    expect(set.keyFor(old.signing.kid)?.kid).toBe(old.signing.kid);
    writeFileSync(file, JSON.stringify(next.jwks()));
    now += KEY_FILE_RECHECK_MS - 1;
    expect(set.keyFor(old.signing.kid)?.kid).toBe(old.signing.kid);
    now += 1;
    expect(set.keyFor(old.signing.kid)).toBeUndefined();
    expect(set.keyFor(next.signing.kid)?.kid).toBe(next.signing.kid);
  });

  it('from a URL: a key the gateway removed stops working once the set is cacheMs old, and none serves past maxAgeMs while the gateway cannot be reached', async () => {
    const [old, next] = [gatewayKeys(), gatewayKeys()];
    let published = { keys: [...old.jwks().keys, ...next.jwks().keys] };
    let up = true;
    const server: Server = createServer((_request, response) => {
      if (!up) response.writeHead(503).end();
      else response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      let now = 1_000_000;
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const set = new RemoteKeySet(
        url,
        { cacheMs: 60_000, maxAgeMs: 120_000, cooldownMs: 5_000, timeoutMs: 2_000 },
        () => undefined,
        () => now,
      );
      expect((await set.keyFor(old.signing.kid))?.kid).toBe(old.signing.kid);
      published = next.jwks();
      now += 60_001;
      // The first assertion checked after cacheMs waits for the new set: the removed key is refused at once.
      expect(await set.keyFor(old.signing.kid)).toBeUndefined();
      expect((await set.keyFor(next.signing.kid))?.kid).toBe(next.signing.kid);
      // The gateway unreachable: the set fetched last serves until it is maxAgeMs old, then nothing is checked.
      up = false;
      now += 90_000;
      expect((await set.keyFor(next.signing.kid))?.kid).toBe(next.signing.kid);
      now += 30_001;
      await expect(set.keyFor(next.signing.kid)).rejects.toThrow(/last fetched from .* 120 s ago, longer than the 120 s a set may serve: HTTP 503/);
      up = true;
      expect((await set.keyFor(next.signing.kid))?.kid).toBe(next.signing.kid);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('from a URL: fetched when needed, again for an unknown key (not within the cooldown), and kept when the gateway cannot be reached', async () => {
    const [current, next] = [gatewayKeys(), gatewayKeys()];
    let published = current.jwks();
    let up = true;
    let fetches = 0;
    const server: Server = createServer((_request, response) => {
      fetches += 1;
      if (!up) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const problems: string[] = [];
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const set = new RemoteKeySet(url, { cacheMs: 60_000, maxAgeMs: 120_000, cooldownMs: 0, timeoutMs: 2_000 }, (problem) => problems.push(problem));
      expect(fetches).toBe(0);
      expect((await set.keyFor(current.signing.kid))?.kid).toBe(current.signing.kid);
      expect(fetches).toBe(1);
      published = { keys: [...next.jwks().keys, ...current.jwks().keys] };
      expect((await set.keyFor(next.signing.kid))?.kid).toBe(next.signing.kid);
      expect(fetches).toBe(2);
      up = false;
      expect(await set.keyFor('forged')).toBeUndefined();
      expect(problems).toEqual([expect.stringMatching(/cannot fetch the gateway's key set from .* \(HTTP 503\); keeping the keys fetched before/)]);
      expect((await set.keyFor(next.signing.kid))?.kid).toBe(next.signing.kid);

      const cooling = new RemoteKeySet(url, { cacheMs: 60_000, maxAgeMs: 120_000, cooldownMs: 60_000, timeoutMs: 2_000 });
      up = true;
      const before = fetches;
      await cooling.keyFor(current.signing.kid);
      await cooling.keyFor('forged-1');
      await cooling.keyFor('forged-2');
      expect(fetches - before).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses two sources at once, a private key, and a key without kid', () => {
    const keys = gatewayKeys();
    expect(() => subgraphTrustFromEnvironment({ GATEWAY_JWKS: JSON.stringify(keys.jwks()), GATEWAY_JWKS_URL: 'http://gateway/jwks' })).toThrow(
      /set one of GATEWAY_JWKS_URL, GATEWAY_JWKS/,
    );
    const privateJwk = createPrivateKey(generateSigningKeyPem()).export({ format: 'jwk' });
    expect(() => new StaticKeySet({ keys: [{ ...privateJwk, kid: 'k' }] })).toThrow(/is a private key; a subgraph holds only the gateway's public keys/);
    expect(() => new StaticKeySet({ keys: [{ ...keys.jwks().keys[0], kid: undefined }] })).toThrow(/key 1 has no "kid"/);
    expect(subgraphTrustFromEnvironment({ SUBGRAPH_SIGNING_SECRET: 'an-old-shared-secret-of-thirty-two-bytes' })).toEqual({ mode: 'unconfigured', retiredSecret: true });
    expect(subgraphTrustFromEnvironment({ SUBGRAPH_TRUST: 'unsigned', GATEWAY_JWKS_URL: 'http://gateway/jwks' })).toEqual({ mode: 'unsigned', ignored: ['GATEWAY_JWKS_URL'] });
    // Unsigned answers anyone who reaches the subgraph: refused outside development (outside audit, 2026-12-07).
    for (const NODE_ENV of ['production', 'staging']) {
      expect(() => subgraphTrustFromEnvironment({ NODE_ENV, SUBGRAPH_TRUST: 'unsigned' })).toThrow(/NODE_ENV is "(production|staging)" and SUBGRAPH_TRUST is unsigned/);
    }
    expect(subgraphTrustFromEnvironment({ NODE_ENV: 'test', SUBGRAPH_TRUST: 'unsigned' })).toMatchObject({ mode: 'unsigned' });
    // The gateway's key set over plain http to another machine: refused outside development; the compose file's service name is not.
    expect(() => subgraphTrustFromEnvironment({ NODE_ENV: 'production', GATEWAY_JWKS_URL: 'http://gateway.example.org/.well-known/registries-gateway-jwks.json' })).toThrow(
      /GATEWAY_JWKS_URL is http:\/\/gateway\.example\.org.*plain http/,
    );
    expect(subgraphTrustFromEnvironment({ NODE_ENV: 'production', GATEWAY_JWKS_URL: 'http://gateway:4000/.well-known/registries-gateway-jwks.json' })).toMatchObject({
      mode: 'signed',
    });
  });
});

describe('the replay guard', () => {
  it('remembers an assertion id until it expires, then forgets it', () => {
    const guard = new MemoryReplayGuard();
    const now = 1_000_000;
    expect(guard.firstUse('a', now + 10_000, now)).toBe(true);
    expect(guard.firstUse('a', now + 10_000, now + 1)).toBe(false);
    expect(guard.firstUse('b', now + 20_000, now + 2)).toBe(true);
    expect(guard.size).toBe(2);
    expect(guard.firstUse('c', now + 30_000, now + 15_000)).toBe(true);
    expect(guard.size).toBe(2);
    expect(guard.firstUse('c', now + 30_000, now + 29_999)).toBe(false);
    expect(guard.firstUse('d', now + 40_000, now + 30_001)).toBe(true);
    expect(guard.size).toBe(1);
  });
});

describe('the schema query a subgraph answers to anyone', () => {
  const body = (request: unknown) => bytes(JSON.stringify(request));
  it.each([['{ _service { sdl } }'], ['query SubgraphIntrospectQuery {\n  _service {\n    sdl\n  }\n}'], ['query{_service{sdl}}']])('is %j, and nothing else', (query) => {
    expect(isSchemaQuery(body({ query }))).toBe(true);
    expect(isSchemaQuery(body({ query, variables: {} }))).toBe(true);
  });

  it.each([
    ['another field beside it', { query: '{ _service { sdl } labsMembers { totalCount } }' }],
    ['an alias', { query: '{ s: _service { sdl } }' }],
    ['a directive', { query: '{ _service @include(if: true) { sdl } }' }],
    ['a fragment', { query: '{ ...F } fragment F on Query { _service { sdl } }' }],
    ['a mutation', { query: 'mutation { _service { sdl } }' }],
    ['variables', { query: '{ _service { sdl } }', variables: { x: 1 } }],
    ['extensions', { query: '{ _service { sdl } }', extensions: { persistedQuery: {} } }],
    ['a batch', [{ query: '{ _service { sdl } }' }]],
    ['another operation name', { query: 'query A { _service { sdl } }', operationName: 'B' }],
  ])('is not with %s', (_what, request) => {
    expect(isSchemaQuery(body(request))).toBe(false);
  });
});
