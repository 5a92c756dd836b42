import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { graphql, GraphQLError, ObjectTypeDefinitionNode, parse } from 'graphql';
import { AUTH_KEY_SET_RETRY_PAUSE_MS } from '../../gateway/auth/key-set-pause';
import {
  AUTH_KEY_SET_MAX_AGE_MS,
  bearerJwt,
  createAuthenticator,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  DEVELOPMENT_SECRET,
  scopesOf,
  TokenSettings,
  tokenSettingsFromEnvironment,
} from '../../gateway/auth/tokens';
import { supergraphRequirements } from '../../gateway/auth/operation-check';
import { VerifiedTokenCache } from '../../gateway/auth/verified-tokens';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfigEntries } from '../../gateway/config';
import { supergraphForApolloGateway } from '../../gateway/supergraph-source';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { enforceAccessDirectives } from '../../shared/auth/enforce-directives';
import { describeRequirement, requirementOf, satisfies } from '../../shared/auth/requirements';
import { subgraphTrustFromEnvironment } from '../../shared/auth/subgraph-trust';
import { Log } from '../../shared/server/log';

const SECRET = 'a-unit-test-secret-of-more-than-thirty-two-bytes';
const settings = (extra: Partial<TokenSettings> = {}): TokenSettings => ({ secret: SECRET, development: false, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, ...extra });
const silent: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function refusal(promise: Promise<unknown>): Promise<{ message: string; code: unknown; reason: unknown; status: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as GraphQLError;
    return { message: e.message, code: e.extensions.code, reason: e.extensions.reason, status: (e.extensions.http as { status?: number } | undefined)?.status };
  }
  throw new Error('expected a refusal');
}

describe('token settings', () => {
  it('default to development tokens, registries-dev and registries-graph, empty values counting as unset', () => {
    expect(tokenSettingsFromEnvironment({ AUTH_SECRET: '', AUTH_JWKS_URL: ' ' })).toEqual({
      jwksUrl: undefined,
      secret: DEVELOPMENT_SECRET,
      development: true,
      issuer: 'registries-dev',
      audience: 'registries-graph',
      maxLifetimeSeconds: 24 * 3600,
    });
    expect(tokenSettingsFromEnvironment({ AUTH_SECRET: SECRET, AUTH_ISSUER: 'https://login.example/', AUTH_AUDIENCE: 'api' })).toMatchObject({
      secret: SECRET,
      development: false,
      issuer: 'https://login.example/',
      audience: 'api',
    });
  });

  it('refuse a secret too short for HS256 and a JWKS URL that is not one, naming the variable but not the value', () => {
    expect(() => tokenSettingsFromEnvironment({ AUTH_SECRET: 'hunter2' })).toThrow(/^AUTH_SECRET must be at least 32 bytes long \(HS256\); it has 7\. Make one with/);
    expect(() => tokenSettingsFromEnvironment({ AUTH_SECRET: 'hunter2' })).not.toThrow(/hunter2/);
    expect(() => tokenSettingsFromEnvironment({ AUTH_JWKS_URL: 'keys.json' })).toThrow(/AUTH_JWKS_URL must be a URL/);
  });

  it('refuse the development secret outside development, naming the variables to set', () => {
    for (const NODE_ENV of ['production', 'staging']) {
      expect(() => tokenSettingsFromEnvironment({ NODE_ENV })).toThrow(/NODE_ENV is "(production|staging)".*set AUTH_JWKS_URL .* or AUTH_SECRET/);
      expect(() => tokenSettingsFromEnvironment({ NODE_ENV, AUTH_SECRET: ' ', AUTH_JWKS_URL: '' })).toThrow(/AUTH_JWKS_URL.*AUTH_SECRET/);
      expect(tokenSettingsFromEnvironment({ NODE_ENV, AUTH_SECRET: SECRET })).toMatchObject({ development: false, secret: SECRET });
      expect(tokenSettingsFromEnvironment({ NODE_ENV, AUTH_JWKS_URL: 'https://login.example/jwks.json' })).toMatchObject({ development: false, secret: undefined });
      // Nor a key set over plain http to another machine; a service name on a private network, this machine or https may (outside audit, 2026-12-07).
      expect(() => tokenSettingsFromEnvironment({ NODE_ENV, AUTH_JWKS_URL: 'http://login.example/jwks.json' })).toThrow(
        /AUTH_JWKS_URL is http:\/\/login\.example\/jwks\.json, plain http/,
      );
      expect(() => tokenSettingsFromEnvironment({ NODE_ENV, AUTH_JWKS_URL: 'http://10.0.0.5/jwks.json' })).toThrow(/plain http/);
      for (const ok of ['http://idp:8080/jwks.json', 'http://127.0.0.1:9000/jwks.json', 'http://localhost/jwks.json', 'http://[::1]/jwks.json'])
        expect(tokenSettingsFromEnvironment({ NODE_ENV, AUTH_JWKS_URL: ok })).toMatchObject({ jwksUrl: ok });
      // Nor the published secret given by name (outside audit, 2026-12-07).
      expect(() => tokenSettingsFromEnvironment({ NODE_ENV, AUTH_SECRET: DEVELOPMENT_SECRET })).toThrow(/AUTH_SECRET is the development secret published in this repository/);
    }
    for (const NODE_ENV of [undefined, '', 'development', 'test']) {
      expect(tokenSettingsFromEnvironment(NODE_ENV === undefined ? {} : { NODE_ENV })).toMatchObject({ development: true, secret: DEVELOPMENT_SECRET });
    }
  });

  it('read AUTH_MAX_TOKEN_LIFETIME as a duration, 24 hours by default', () => {
    expect(tokenSettingsFromEnvironment({}).maxLifetimeSeconds).toBe(24 * 3600);
    expect(tokenSettingsFromEnvironment({ AUTH_MAX_TOKEN_LIFETIME: '90m' }).maxLifetimeSeconds).toBe(5400);
    expect(tokenSettingsFromEnvironment({ AUTH_MAX_TOKEN_LIFETIME: '3600' }).maxLifetimeSeconds).toBe(3600);
    expect(tokenSettingsFromEnvironment({ AUTH_MAX_TOKEN_LIFETIME: '7d' }).maxLifetimeSeconds).toBe(7 * 86400);
    expect(tokenSettingsFromEnvironment({ AUTH_MAX_TOKEN_LIFETIME: '2 hours' }).maxLifetimeSeconds).toBe(7200);
    for (const bad of ['soon', '0', '-5m', '1y'])
      expect(() => tokenSettingsFromEnvironment({ AUTH_MAX_TOKEN_LIFETIME: bad })).toThrow(/AUTH_MAX_TOKEN_LIFETIME must be a duration such as 1h, 30m or 7d/);
  });

  it('say at start, as a WARN line, that development tokens prove nothing', () => {
    const warnings: string[] = [];
    createAuthenticator(tokenSettingsFromEnvironment({}), { ...silent, warn: (line) => void warnings.push(line) });
    expect(warnings).toEqual([
      expect.stringMatching(/neither AUTH_SECRET nor AUTH_JWKS_URL is set: accepting development tokens.*production must set AUTH_JWKS_URL or AUTH_SECRET/),
    ]);
    createAuthenticator(settings(), { ...silent, warn: (line) => void warnings.push(line) });
    expect(warnings).toHaveLength(1);
  });
});

describe('the bearer header', () => {
  it('holds a JWT only when it is one: anything else is anonymous', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
    expect(bearerJwt(`Bearer ${jwt}`)).toBe(jwt);
    expect(bearerJwt(`bearer   ${jwt} `)).toBe(jwt);
    for (const header of [undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer opaque-token', 'Bearer a.b', 'Bearer !!.??.x', `Token ${jwt}`, 'Bearer e30.e30.x']) {
      expect(bearerJwt(header)).toBeUndefined();
    }
  });

  it('gives scopes from `scope` (space-separated) and `scp` (an array), either form, once each', () => {
    expect(scopesOf({ scope: 'personal:read  labs:admin' })).toEqual(['personal:read', 'labs:admin']);
    expect(scopesOf({ scp: ['personal:read', 7, 'guilds:admin'] })).toEqual(['personal:read', 'guilds:admin']);
    expect(scopesOf({ scope: 'a', scp: 'a b' })).toEqual(['a', 'b']);
    expect(scopesOf({})).toEqual([]);
  });
});

describe('the authenticator with a shared secret', () => {
  const authenticate = createAuthenticator(settings(), silent);
  const token = (claims: Record<string, unknown> = {}, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setExpirationTime('5m')) =>
    build(
      new SignJWT({ scope: 'personal:read', ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEFAULT_ISSUER).setAudience(DEFAULT_AUDIENCE).setSubject('analyst'),
    ).sign(new TextEncoder().encode(SECRET));

  it('turns a good token into an authenticated caller with its subject and scopes', async () => {
    expect(await authenticate(`Bearer ${await token()}`)).toEqual({ authenticated: true, subject: 'analyst', scopes: ['personal:read'] });
    expect(await authenticate(undefined)).toBe(ANONYMOUS);
  });

  it('refuses a token without an expiry, and one not valid yet, with 401', async () => {
    expect(await refusal(authenticate(`Bearer ${await token({}, (jwt) => jwt)}`))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'no expiry', status: 401 });
    expect(await refusal(authenticate(`Bearer ${await token({}, (jwt) => jwt.setExpirationTime('2h').setNotBefore('1h'))}`))).toMatchObject({
      reason: 'not yet valid',
      status: 401,
    });
  });

  it('refuses a subject that is not a string as malformed (401), not as an internal error', async () => {
    for (const sub of [7, ['analyst'], { id: 'analyst' }, true]) {
      // SignJWT's setSubject takes only strings: the claim is written as a payload field.
      const signed = await new SignJWT({ sub } as Record<string, unknown>)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(DEFAULT_ISSUER)
        .setAudience(DEFAULT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET));
      expect(await refusal(authenticate(`Bearer ${signed}`))).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'malformed',
        status: 401,
        message: expect.stringMatching(/subject \(sub\) must be a string/),
      });
    }
  });

  it('refuses a scope list with a space inside one entry as malformed: the subgraphs would read two scopes (x, guilds:admin) where the gateway saw one', async () => {
    for (const claims of [{ scp: ['x guilds:admin'] }, { scope: ['personal:read', 'x\tguilds:admin'] }]) {
      expect(await refusal(authenticate(`Bearer ${await token(claims)}`))).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'malformed',
        status: 401,
        message: expect.stringMatching(/a scope with a space in it/),
      });
    }
    // A space-separated string is the OAuth 2 form: its words are the scopes, at the gateway as at the subgraphs.
    expect(await authenticate(`Bearer ${await token({ scope: 'x guilds:admin' })}`)).toMatchObject({ scopes: ['x', 'guilds:admin'] });
  });

  it('refuses a token that lives longer than the maximum lifetime, or was issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const year9999 = await token({}, (jwt) => jwt.setIssuedAt(now).setExpirationTime(new Date('9999-12-31T00:00:00Z')));
    expect(await refusal(authenticate(`Bearer ${year9999}`))).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'lifetime too long',
      status: 401,
      message: expect.stringMatching(/24 hours from when it was issued \(AUTH_MAX_TOKEN_LIFETIME\)/),
    });
    const noIat = await token({}, (jwt) => jwt.setExpirationTime('2d'));
    expect(await refusal(authenticate(`Bearer ${noIat}`))).toMatchObject({ reason: 'lifetime too long' });
    const aYearAhead = await token({}, (jwt) => jwt.setIssuedAt(now + 365 * 86400).setExpirationTime(now + 365 * 86400 + 600));
    expect(await refusal(authenticate(`Bearer ${aYearAhead}`))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'issued in the future', status: 401 });
    // Within the clock tolerance (5 s) and the lifetime, a token is good.
    const skewed = await token({}, (jwt) => jwt.setIssuedAt(now + 3).setExpirationTime(now + 3600));
    expect((await authenticate(`Bearer ${skewed}`)).authenticated).toBe(true);
    const full = await token({}, (jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 24 * 3600));
    expect((await authenticate(`Bearer ${full}`)).authenticated).toBe(true);
    const shorter = createAuthenticator(settings({ maxLifetimeSeconds: 600 }), silent);
    expect(await refusal(shorter(`Bearer ${await token({}, (jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 3600))}`))).toMatchObject({
      reason: 'lifetime too long',
      message: expect.stringMatching(/10 minutes/),
    });
  });
});

describe('the authenticator with a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let signingKey: CryptoKey;
  let requests = 0;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    signingKey = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((_, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const rs256 = (key: CryptoKey, kid = 'key-1', issuer = DEFAULT_ISSUER) =>
    new SignJWT({ scp: ['labs:admin'] })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setAudience(DEFAULT_AUDIENCE)
      .setSubject('registrar')
      .setExpirationTime('5m')
      .sign(key);

  it('verifies tokens against the key set, fetched once and cached', async () => {
    const authenticate = createAuthenticator(settings({ secret: undefined, jwksUrl }), silent);
    const before = requests;
    for (let i = 0; i < 3; i += 1) expect(await authenticate(`Bearer ${await rs256(signingKey)}`)).toEqual({ authenticated: true, subject: 'registrar', scopes: ['labs:admin'] });
    expect(requests - before).toBe(1);
  });

  it('refuses a token signed by another key, an HS256 token when it has no secret, and a wrong issuer, with 401 saying which', async () => {
    const authenticate = createAuthenticator(settings({ secret: undefined, jwksUrl }), silent);
    const other = (await generateKeyPair('RS256')).privateKey;
    expect(await refusal(authenticate(`Bearer ${await rs256(other)}`))).toEqual({
      message: `The bearer token's signature is invalid: it was not signed by the key set at ${jwksUrl}.`,
      code: 'UNAUTHENTICATED',
      reason: 'signature',
      status: 401,
    });
    const hs256 = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
    expect(await refusal(authenticate(`Bearer ${hs256}`))).toMatchObject({
      reason: 'algorithm',
      message: expect.stringMatching(/signed with HS256, which this gateway does not accept: it verifies tokens against the key set/),
    });
    expect(await refusal(authenticate(`Bearer ${await rs256(signingKey, 'key-1', 'https://elsewhere.example/')}`))).toMatchObject({ reason: 'issuer', status: 401 });
  });

  it('accepts both kinds when it has both a key set and a secret', async () => {
    const authenticate = createAuthenticator(settings({ jwksUrl }), silent);
    expect((await authenticate(`Bearer ${await rs256(signingKey)}`)).subject).toBe('registrar');
    const hs256 = await new SignJWT({ scope: 'guilds:admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(DEFAULT_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect(await authenticate(`Bearer ${hs256}`)).toEqual({ authenticated: true, scopes: ['guilds:admin'] });
  });

  /** An identity provider's key set on a loopback port: the keys it publishes, whether it answers 503, and how many times it was fetched. */
  async function keySetProvider(keys: JWK[]) {
    const state = { keys, down: false, fetches: 0 };
    const server = createServer((_, response) => {
      state.fetches += 1;
      if (state.down) return void response.writeHead(503).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: state.keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    return { state, url, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('stops verifying new tokens of a key taken out of the set within AUTH_KEY_SET_MAX_AGE_MS (jose alone kept it 10 minutes)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const provider = await keySetProvider([{ ...(await exportJWK(publicKey)), kid: 'leaked', alg: 'RS256', use: 'sig' }]);
    const now = jest.spyOn(Date, 'now');
    try {
      const authenticate = createAuthenticator(settings({ secret: undefined, jwksUrl: provider.url }), silent);
      expect((await authenticate(`Bearer ${await rs256(privateKey, 'leaked')}`)).subject).toBe('registrar');
      provider.state.keys = [];
      const later = Date.now() + AUTH_KEY_SET_MAX_AGE_MS + 1_000;
      now.mockImplementation(() => later);
      expect(await refusal(authenticate(`Bearer ${await rs256(privateKey, 'leaked')}`))).toMatchObject({ reason: 'signature', status: 401 });
    } finally {
      now.mockRestore();
      await provider.close();
    }
  });

  it('fetches a key set that failed once per pause, however many tokens are sent meanwhile, and logs it once', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const provider = await keySetProvider([{ ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }]);
    const now = jest.spyOn(Date, 'now');
    try {
      const logged: string[] = [];
      const authenticate = createAuthenticator(settings({ secret: undefined, jwksUrl: provider.url }), { ...silent, error: (line) => void logged.push(line) });
      expect((await authenticate(`Bearer ${await rs256(privateKey)}`)).subject).toBe('registrar');
      provider.state.down = true;
      provider.state.fetches = 0;
      const start = Date.now() + AUTH_KEY_SET_MAX_AGE_MS + 1_000;
      now.mockImplementation(() => start);
      // An anonymous caller's forged tokens, each with an asymmetric alg and a kid of its own.
      const forged = (i: number) => `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: `forged-${i}` })).toString('base64url')}.e30.AAAA`;
      for (let i = 0; i < 20; i += 1) expect(await refusal(authenticate(`Bearer ${forged(i)}`))).toMatchObject({ code: 'AUTHENTICATION_UNAVAILABLE', status: 503 });
      expect(provider.state.fetches).toBe(1);
      expect(logged).toHaveLength(1);
      now.mockImplementation(() => start + AUTH_KEY_SET_RETRY_PAUSE_MS + 1);
      provider.state.down = false;
      expect((await authenticate(`Bearer ${await rs256(privateKey)}`)).subject).toBe('registrar');
      expect(provider.state.fetches).toBe(2);
    } finally {
      now.mockRestore();
      await provider.close();
    }
  });

  it('pauses too after a fetch that failed for a kid the set lacks while it is still fresh, and a new key is still taken after the pause', async () => {
    const first = await generateKeyPair('RS256');
    const rotated = await generateKeyPair('RS256');
    const provider = await keySetProvider([{ ...(await exportJWK(first.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }]);
    const now = jest.spyOn(Date, 'now');
    try {
      const logged: string[] = [];
      const authenticate = createAuthenticator(settings({ secret: undefined, jwksUrl: provider.url }), { ...silent, error: (line) => void logged.push(line) });
      const fetchedAt = Date.now();
      now.mockImplementation(() => fetchedAt);
      expect((await authenticate(`Bearer ${await rs256(first.privateKey)}`)).subject).toBe('registrar');
      provider.state.down = true;
      provider.state.fetches = 0;
      // Past jose's cooldown (30 s) but within the set's minute: a kid the set lacks makes jose fetch it again.
      const start = fetchedAt + AUTH_KEY_SET_MAX_AGE_MS / 2 + 5_000;
      now.mockImplementation(() => start);
      const forged = (i: number) => `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: `forged-${i}` })).toString('base64url')}.e30.AAAA`;
      for (let i = 0; i < 20; i += 1) expect(await refusal(authenticate(`Bearer ${forged(i)}`))).toMatchObject({ code: 'AUTHENTICATION_UNAVAILABLE', status: 503 });
      expect(provider.state.fetches).toBe(1);
      expect(logged).toHaveLength(1);
      // A token of a key the set holds is still verified meanwhile, without a fetch.
      expect((await authenticate(`Bearer ${await rs256(first.privateKey)}`)).subject).toBe('registrar');
      expect(provider.state.fetches).toBe(1);
      // The identity provider back with a key of its rotation: taken after the pause.
      provider.state.down = false;
      provider.state.keys.push({ ...(await exportJWK(rotated.publicKey)), kid: 'key-2', alg: 'RS256', use: 'sig' });
      now.mockImplementation(() => start + AUTH_KEY_SET_RETRY_PAUSE_MS + 1);
      expect((await authenticate(`Bearer ${await rs256(rotated.privateKey, 'key-2')}`)).subject).toBe('registrar');
      expect(provider.state.fetches).toBe(2);
    } finally {
      now.mockRestore();
      await provider.close();
    }
  });

  it('answers 503 AUTHENTICATION_UNAVAILABLE, not 500, when the key set cannot be fetched', async () => {
    const errors: string[] = [];
    const authenticate = createAuthenticator(settings({ secret: undefined, jwksUrl: 'http://127.0.0.1:9/jwks.json' }), { ...silent, error: (line) => void errors.push(line) });
    expect(await refusal(authenticate(`Bearer ${await rs256(signingKey)}`))).toMatchObject({ code: 'AUTHENTICATION_UNAVAILABLE', status: 503 });
    expect(errors).toEqual([expect.stringMatching(/cannot verify a bearer token against http:\/\/127\.0\.0\.1:9/)]);
  });
});

describe('access requirements', () => {
  const directives = (sdl: string) => (parse(`type T { f: Int ${sdl} }`).definitions[0] as ObjectTypeDefinitionNode).fields![0]!.directives;
  const reader: Caller = { authenticated: true, scopes: ['personal:read'] };

  it('read @authenticated and @requiresScopes, alternatives and all-of sets, under either name', () => {
    expect(requirementOf(directives(''))).toBeUndefined();
    expect(requirementOf(directives('@authenticated'))).toEqual({ authenticated: true, anyOf: [] });
    expect(requirementOf(directives('@federation__requiresScopes(scopes: [["a", "b"], ["c"]])'))).toEqual({ authenticated: true, anyOf: [['a', 'b'], ['c']] });
    expect(requirementOf(directives('@requiresScopes(scopes: [["a"], ["b"]]) @requiresScopes(scopes: [["c"]])'))).toEqual({
      authenticated: true,
      anyOf: [
        ['a', 'c'],
        ['b', 'c'],
      ],
    });
    expect(describeRequirement({ authenticated: true, anyOf: [['a', 'b'], ['c']] })).toBe('the scopes a and b, or c');
    expect(satisfies(ANONYMOUS, { authenticated: true, anyOf: [] })).toBe(false);
    expect(satisfies(reader, { authenticated: true, anyOf: [] })).toBe(true);
    expect(satisfies(reader, { authenticated: true, anyOf: [['personal:read', 'labs:admin'], ['personal:read']] })).toBe(true);
    expect(satisfies(reader, { authenticated: true, anyOf: [['labs:admin']] })).toBe(false);
  });

  it('are enforced in a subgraph on the fields that declare them, @authenticated included, and refused on a type', async () => {
    const typeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@authenticated", "@requiresScopes"])
      type Query { open: String, members: String @authenticated, secret: String @requiresScopes(scopes: [["personal:read"]]) }
    `);
    const schema = enforceAccessDirectives(buildSubgraphSchema({ typeDefs, resolvers: { Query: { open: () => 'o', members: () => 'm', secret: () => 's' } } }));
    const run = async (caller: Caller) => graphql({ schema, source: '{ open members secret }', contextValue: { caller } });
    const anonymous = await run(ANONYMOUS);
    expect(anonymous.data).toEqual({ open: 'o', members: null, secret: null });
    expect(anonymous.errors!.map((e) => [e.extensions.code, e.message])).toEqual([
      ['UNAUTHENTICATED', 'Not authenticated: Query.members needs an authenticated caller. Send a bearer token (Authorization: Bearer <JWT>).'],
      ['UNAUTHENTICATED', 'Not authenticated: Query.secret needs the scope personal:read. Send a bearer token (Authorization: Bearer <JWT>).'],
    ]);
    const someone = await run({ authenticated: true, scopes: [] });
    expect(someone.data).toEqual({ open: 'o', members: 'm', secret: null });
    expect(someone.errors!.map((e) => [e.extensions.code, e.message])).toEqual([
      ['FORBIDDEN', 'Not allowed: Query.secret needs the scope personal:read; the token grants no scope.'],
    ]);
    expect((await run(reader)).data).toEqual({ open: 'o', members: 'm', secret: 's' });

    const onType = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@authenticated"])
      type Query { x: Secret }
      type Secret @authenticated { y: String }
    `);
    expect(() => enforceAccessDirectives(buildSubgraphSchema({ typeDefs: onType }))).toThrow(
      /Secret carries @authenticated or @requiresScopes on the type; put them on its fields/,
    );
  });

  it('are read from a supergraph, under the names its @links give them', () => {
    const requirements = supergraphRequirements(`
      schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scopes", for: SECURITY)
        @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY) { query: Query }
      type Query { a: String @scopes(scopes: [["x"]]) b: String @authenticated c: String @requiresScopes(scopes: [["ignored"]]) }
    `);
    expect([...requirements]).toEqual([
      ['Query.a', { authenticated: true, anyOf: [['x']] }],
      ['Query.b', { authenticated: true, anyOf: [] }],
    ]);
  });

  it('reach Apollo Gateway in a supergraph without the SECURITY purpose it refuses, the directives kept', () => {
    const sdl = `schema @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY) @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY) @link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "auth", for: SECURITY) { query: Query }`;
    expect(supergraphForApolloGateway(sdl)).toBe(
      `schema @link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY) @link(url: "https://specs.apollo.dev/requiresScopes/v0.1") @link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "auth") { query: Query }`,
    );
  });
});

describe('subgraph trust settings', () => {
  it("are signed against the gateway's key set, unsigned on request, and otherwise unconfigured", () => {
    const signed = subgraphTrustFromEnvironment({ GATEWAY_JWKS_URL: 'https://gateway.example/.well-known/registries-gateway-jwks.json', CALLER_ASSERTION_MAX_SECONDS: '20' });
    expect(signed).toMatchObject({
      mode: 'signed',
      maxLifetimeSeconds: 20,
      keys: { source: 'GATEWAY_JWKS_URL (https://gateway.example/.well-known/registries-gateway-jwks.json)' },
    });
    expect(subgraphTrustFromEnvironment({ SUBGRAPH_TRUST: 'unsigned' })).toEqual({ mode: 'unsigned', ignored: [] });
    expect(subgraphTrustFromEnvironment({ SUBGRAPH_TRUST: 'unsigned', SUBGRAPH_SIGNING_SECRET: SECRET })).toEqual({ mode: 'unsigned', ignored: ['SUBGRAPH_SIGNING_SECRET'] });
    expect(subgraphTrustFromEnvironment({})).toEqual({ mode: 'unconfigured', retiredSecret: false });
    expect(() => subgraphTrustFromEnvironment({ SUBGRAPH_TRUST: 'none' })).toThrow(/SUBGRAPH_TRUST must be "signed" \(the default\) or "unsigned"/);
    expect(() => subgraphTrustFromEnvironment({ GATEWAY_JWKS_URL: 'gateway:4000' })).toThrow(/GATEWAY_JWKS_URL must be an http\(s\) URL/);
    expect(() => subgraphTrustFromEnvironment({ GATEWAY_JWKS_URL: 'http://gateway/jwks', CALLER_ASSERTION_MAX_SECONDS: '0' })).toThrow(
      /CALLER_ASSERTION_MAX_SECONDS must be a whole number of seconds/,
    );
  });
});

describe('npm run token', () => {
  const run = promisify(execFile);
  const root = join(__dirname, '..', '..');
  const mint = (args: string[], env: Record<string, string>) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AUTH_'))) as Record<string, string>;
    return run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'mint-token.ts'), ...args], { cwd: root, env: { ...clean, ...env } });
  };

  it('prints only a token signed with AUTH_SECRET, for the gateway issuer and audience, with the subject, scopes and lifetime asked', async () => {
    const { stdout } = await mint(['--subject', 'analyst', '--scopes', 'personal:read labs:admin', '--expires', '1h'], { AUTH_SECRET: SECRET, AUTH_ISSUER: 'registries-test' });
    const { payload } = await jwtVerify(stdout.trim(), new TextEncoder().encode(SECRET), { issuer: 'registries-test', audience: DEFAULT_AUDIENCE });
    expect(payload).toMatchObject({ sub: 'analyst', scope: 'personal:read labs:admin' });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('signs with the development secret when the gateway would, and says so on stderr', async () => {
    const { stdout, stderr } = await mint(['--scopes', 'personal:read'], {});
    expect(stderr).toMatch(/a development token/);
    const { payload } = await jwtVerify(stdout.trim(), new TextEncoder().encode(DEVELOPMENT_SECRET), { issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
    expect(payload).toMatchObject({ sub: 'developer', scope: 'personal:read' });
  });

  it('explains itself with --help: one option per line, the admin scopes of the configured registries', async () => {
    const { stdout } = await mint(['--help'], {});
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^usage: npm run token -- /);
    for (const option of ['--subject', '--scopes', '--expires']) expect(lines.filter((line) => line.trimStart().startsWith(option))).toHaveLength(1);
    const registries = readSupergraphConfigEntries(DEFAULT_SUPERGRAPH_CONFIG).filter((entry) => entry.registry !== false);
    expect(registries.length).toBeGreaterThan(0);
    for (const { name } of registries) expect(stdout).toContain(`${name}:admin`);
    // no line runs one sentence into the next
    for (const line of lines) expect(line).not.toMatch(/[.)] [A-Z]\w+:/);
  });

  it('refuses a lifetime longer than the gateway accepts (AUTH_MAX_TOKEN_LIFETIME)', async () => {
    await expect(mint(['--expires', '7d'], { AUTH_SECRET: SECRET })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--expires 7d is longer than the gateway accepts \(AUTH_MAX_TOKEN_LIFETIME: 24 hours\)/),
    });
    const { stdout } = await mint(['--expires', '7d'], { AUTH_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME: '7d' });
    const { payload } = await jwtVerify(stdout.trim(), new TextEncoder().encode(SECRET), { issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
    expect(payload.exp! - payload.iat!).toBe(7 * 86400);
  });

  it('refuses when the gateway takes tokens only from a key set', async () => {
    await expect(mint([], { AUTH_JWKS_URL: 'https://login.example/jwks.json' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/AUTH_JWKS_URL is set and AUTH_SECRET is not/),
    });
  });
});

describe('the gateway process outside development', () => {
  const run = promisify(execFile);
  const root = join(__dirname, '..', '..');

  it('refuses to start with neither AUTH_SECRET nor AUTH_JWKS_URL, saying which variable to set', async () => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AUTH_|NODE_ENV$|LOG_LEVEL$)/.test(name))) as Record<string, string>;
    // Subgraphs nobody listens on and no wait: before the check, the gateway would start on the development secret and fail later for another reason.
    const env = {
      ...clean,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      GATEWAY_PORT: '0',
      GATEWAY_STARTUP_TIMEOUT_MS: '1',
      SUPERGRAPH_CACHE: join(root, '.cache', 'no-such-dir', 'supergraph.graphql'),
      ...Object.fromEntries(['LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS'].map((name) => [`${name}_URL`, 'http://127.0.0.1:9/graphql'])),
    };
    const failure = await run(process.execPath, ['--import', 'tsx', join(root, 'gateway', 'main.ts')], { cwd: root, env, timeout: 60_000 }).then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = (failure?.stdout ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; msg: string; error?: string });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'could not start', error: expect.stringMatching(/NODE_ENV is "production".*set AUTH_JWKS_URL .* or AUTH_SECRET/) }),
    );
    expect(lines.map((line) => line.msg).join('\n')).not.toMatch(/development tokens|gateway ready/);
  });
});

describe('verified bearer tokens, cached for their lifetime', () => {
  const sign = (exp: number, subject = 'analyst') =>
    new SignJWT({ scope: 'personal:read' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(DEFAULT_ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));

  afterEach(() => jest.useRealTimers());

  it('keeps a token verified a second time, keyed by its exact text, and answers it from the cache', async () => {
    const cache = new VerifiedTokenCache(10);
    const authenticate = createAuthenticator(settings(), silent, cache);
    const token = await sign(Math.floor(Date.now() / 1000) + 600);
    const first = await authenticate(`Bearer ${token}`);
    // Verified once: not kept (a token used once would only take a place), but frozen all the same, as the per-caller caches need.
    expect(cache.size).toBe(0);
    expect(Object.isFrozen(first) && Object.isFrozen(first.scopes)).toBe(true);
    const caller = await authenticate(`Bearer ${token}`);
    expect(caller).toEqual(first);
    expect(caller).not.toBe(first);
    expect(cache.size).toBe(1);
    expect(cache.get(token)).toEqual(caller);
    expect(await authenticate(`Bearer ${token}`)).toBe(caller);
    // A different text (one character inside the signature changed: the last one may only carry padding bits) is not the cached token: verified, and refused.
    const at = token.length - 10;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(await refusal(authenticate(`Bearer ${tampered}`))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'signature' });
    expect(cache.size).toBe(1);
  });

  it("refuses a cached token once it has expired: an entry is never used past the token's exp", async () => {
    const start = Date.now();
    jest.useFakeTimers({
      now: start,
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'clearImmediate', 'hrtime', 'performance'],
    });
    const cache = new VerifiedTokenCache(10);
    const authenticate = createAuthenticator(settings(), silent, cache);
    const exp = Math.floor(start / 1000) + 60;
    const token = await sign(exp);
    for (let time = 0; time < 2; time += 1) expect((await authenticate(`Bearer ${token}`)).authenticated).toBe(true);
    expect(cache.get(token)).toBeDefined();
    // At exp the entry is gone (verification itself allows 5 s of clock skew; the cache allows none).
    jest.setSystemTime(exp * 1000);
    expect(cache.get(token)).toBeUndefined();
    // Past exp and the clock tolerance: refused as expired, even when it is in the cache (put back as if never read).
    cache.set(token, { authenticated: true, scopes: [] }, exp, start);
    jest.setSystemTime((exp + 6) * 1000);
    expect(await refusal(authenticate(`Bearer ${token}`))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'expired', status: 401 });
  });

  it('holds at most its capacity, dropping the least recently used token', async () => {
    const cache = new VerifiedTokenCache(3);
    const authenticate = createAuthenticator(settings(), silent, cache);
    const exp = Math.floor(Date.now() / 1000) + 600;
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => sign(exp, `caller-${i}`)));
    for (const token of tokens) for (let time = 0; time < 2; time += 1) expect((await authenticate(`Bearer ${token}`)).subject).toMatch(/^caller-/);
    expect(cache.size).toBe(3);
    expect(cache.get(tokens[0]!)).toBeUndefined();
    expect(cache.get(tokens[7]!)?.subject).toBe('caller-7');
  });

  it('does not keep a token that is already past its exp', () => {
    const cache = new VerifiedTokenCache(3);
    for (let time = 0; time < 2; time += 1) cache.set('a.b.c', { authenticated: true, scopes: [] }, Math.floor(Date.now() / 1000) - 1);
    expect(cache.size).toBe(0);
  });

  it('keeps nothing of tokens each used once, however many, and still keeps those used again', () => {
    const cache = new VerifiedTokenCache();
    const exp = Math.floor(Date.now() / 1000) + 600;
    const caller = { authenticated: true, scopes: [] };
    for (let i = 0; i < 20_000; i += 1) cache.set(`header.payload-${i}.signature-${i}-${'x'.repeat(20)}`, caller, exp);
    expect(cache.size).toBe(0);
    // A client's second request shortly after its first (a few others between them): kept from then on.
    const reused = Array.from({ length: 50 }, (_, i) => `header.payload.reused-signature-of-client-${i}`);
    for (const token of reused) cache.set(token, caller, exp);
    for (let i = 0; i < 200; i += 1) cache.set(`header.payload-again-${i}.signature-${i}-${'y'.repeat(20)}`, caller, exp);
    for (const token of reused) cache.set(token, caller, exp);
    expect(reused.filter((token) => cache.get(token) !== undefined).length).toBeGreaterThanOrEqual(48);
    expect(cache.size).toBeLessThanOrEqual(52);
  });
});
