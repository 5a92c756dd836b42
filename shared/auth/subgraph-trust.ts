import { timingSafeEqual, verify } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, Caller } from './caller';
import { bodyDigest, CALLER_ASSERTION_TYPE, CALLER_HEADER, CallerAssertionClaims, cryptoArgumentsOf, GATEWAY_ISSUER, GATEWAY_JWKS_PATH } from './caller-assertion';
import { FileKeySet, GatewayKeySet, KeySetUnavailableError, REMOTE_KEY_SET_DEFAULTS, RemoteKeySet, StaticKeySet } from './gateway-key-set';
import { MemoryReplayGuard, ReplayGuard } from './replay-guard';
import { kidsOfPair, MAC_ALGORITHM } from './pairwise-mac';
import { SubgraphAgreementKeys, subgraphAgreementKeysOf } from './subgraph-agreement-keys';
import { readConfiguration, subgraphTrustVariables } from '../config';
import { isDevelopment, plainHttpKeySetProblem } from '../config/environment';

export { CALLER_HEADER, GATEWAY_ISSUER } from './caller-assertion';

/**
 * Gateway-to-subgraph trust, as a subgraph sees it. The gateway verifies the client's token, then
 * tells each subgraph who is asking in a caller assertion (shared/auth/caller-assertion.ts) signed
 * with its own private key. A subgraph holds only the gateway's public keys, so neither it nor any
 * other association can make an assertion a subgraph accepts; and it accepts one only for itself,
 * for the exact body it came with, once, and within its short lifetime.
 */
export const TRUST_VARIABLE = 'SUBGRAPH_TRUST';
export const JWKS_URL_VARIABLE = 'GATEWAY_JWKS_URL' as const;
export const JWKS_FILE_VARIABLE = 'GATEWAY_JWKS_FILE' as const;
export const JWKS_VARIABLE = 'GATEWAY_JWKS' as const;
export const JWKS_CACHE_VARIABLE = 'GATEWAY_JWKS_CACHE_SECONDS';
export const MAX_LIFETIME_VARIABLE = 'CALLER_ASSERTION_MAX_SECONDS';
/** The shared secret of the old HS256 scheme: no longer read; a subgraph that finds only it says so. */
export const RETIRED_SECRET_VARIABLE = 'SUBGRAPH_SIGNING_SECRET' as const;
/** Clock difference tolerated between the gateway's host and a subgraph's. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** The longest lifetime (`exp - iat`) a subgraph accepts unless told otherwise; the gateway signs for 10 s. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 30;

const KEY_SET_VARIABLES = [JWKS_URL_VARIABLE, JWKS_FILE_VARIABLE, JWKS_VARIABLE] as const;

/** A subgraph that checks the gateway's assertions: against `keys`, refusing replays through `replays`. */
export interface SignedTrust {
  mode: 'signed';
  keys: GatewayKeySet;
  replays: ReplayGuard;
  maxLifetimeSeconds: number;
  /** The subgraph's own X25519 keys: with them it accepts HS256 assertions (pairwise MAC keys); without, only signed ones. */
  own?: SubgraphAgreementKeys | undefined;
}

/**
 * How a subgraph trusts its callers: `signed` (requests must carry an assertion the gateway
 * signed), `unsigned` (development: `SUBGRAPH_TRUST=unsigned`, every request anonymous; `ignored`
 * names key settings it does not read), or `unconfigured` (no key set and no explicit development
 * mode: GraphQL requests are refused; `retiredSecret` when only the old shared secret is set).
 */
export type SubgraphTrust = SignedTrust | { mode: 'unsigned'; ignored: string[] } | { mode: 'unconfigured'; retiredSecret: boolean };

type TrustConfiguration = ReturnType<typeof subgraphTrustVariables.parse>;

/** The key set named by `GATEWAY_JWKS_URL`, `GATEWAY_JWKS_FILE` or `GATEWAY_JWKS` (exactly one of them). */
function keySetOf(config: TrustConfiguration, onKeySetProblem: (message: string) => void): GatewayKeySet | undefined {
  const given = KEY_SET_VARIABLES.filter((name) => config[name] !== undefined);
  if (given.length > 1) throw new Error(`set one of ${given.join(', ')}: each names the gateway's key set`);
  const url = config.GATEWAY_JWKS_URL;
  if (url) {
    const cacheMs = config.GATEWAY_JWKS_CACHE_SECONDS * 1000;
    return new RemoteKeySet(
      url,
      { ...REMOTE_KEY_SET_DEFAULTS, cacheMs, maxAgeMs: 2 * cacheMs, cooldownMs: Math.min(REMOTE_KEY_SET_DEFAULTS.cooldownMs, cacheMs) },
      onKeySetProblem,
    );
  }
  if (config.GATEWAY_JWKS_FILE) return new FileKeySet(config.GATEWAY_JWKS_FILE);
  const inline = config.GATEWAY_JWKS;
  if (inline) {
    let json: unknown;
    try {
      json = JSON.parse(inline);
    } catch (error) {
      throw new Error(`${JWKS_VARIABLE} must be the gateway's key set as JSON: ${(error as Error).message}`, { cause: error });
    }
    return new StaticKeySet(json, JWKS_VARIABLE);
  }
  return undefined;
}

/**
 * Reads `SUBGRAPH_TRUST` (`signed`, the default, or `unsigned`), the gateway's key set
 * (`GATEWAY_JWKS_URL` | `GATEWAY_JWKS_FILE` | `GATEWAY_JWKS`) and `CALLER_ASSERTION_MAX_SECONDS`
 * (shared/config/trust.ts). `onKeySetProblem` hears when a fetched key set cannot be refreshed.
 */
export function subgraphTrustFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  onKeySetProblem: (message: string) => void = () => undefined,
  replays: ReplayGuard = new MemoryReplayGuard(),
): SubgraphTrust {
  const config = readConfiguration(subgraphTrustVariables, env);
  if (config.SUBGRAPH_TRUST === 'unsigned') {
    if (!isDevelopment(env['NODE_ENV'])) {
      throw new Error(
        `NODE_ENV is "${env['NODE_ENV']}" and SUBGRAPH_TRUST is unsigned, so this subgraph would answer anyone who reaches it, without the gateway's caller assertion, as the gateway: every member's national code among them. ` +
          "Unset SUBGRAPH_TRUST and set GATEWAY_JWKS_URL (the gateway's public key set); unsigned mode is for development only (NODE_ENV unset, development or test).",
      );
    }
    return { mode: 'unsigned', ignored: [...KEY_SET_VARIABLES, RETIRED_SECRET_VARIABLE].filter((name) => config[name] !== undefined) };
  }
  const plain = plainHttpKeySetProblem('GATEWAY_JWKS_URL', config.GATEWAY_JWKS_URL, env['NODE_ENV']);
  if (plain) throw new Error(plain);
  const keys = keySetOf(config, onKeySetProblem);
  if (!keys) return { mode: 'unconfigured', retiredSecret: config.SUBGRAPH_SIGNING_SECRET !== undefined };
  const own = subgraphAgreementKeysOf(config);
  return { mode: 'signed', keys, replays, maxLifetimeSeconds: config.CALLER_ASSERTION_MAX_SECONDS, ...(own ? { own } : {}) };
}

/** What a subgraph says when it has neither the gateway's key set nor explicit development mode. */
export function unconfiguredMessage(subgraph: string, retiredSecret = false): string {
  return (
    `The ${subgraph} subgraph answers only the gateway, and has no public key of the gateway's to check its signature with. ` +
    `Set ${JWKS_URL_VARIABLE} to the gateway's key set (https://<gateway>${GATEWAY_JWKS_PATH}), or ${JWKS_FILE_VARIABLE} to a copy of it, ` +
    `or ${TRUST_VARIABLE}=unsigned to run it alone in development, every request anonymous.` +
    (retiredSecret ? ` ${RETIRED_SECRET_VARIABLE} is set but no longer read: the gateway signs with its own private key now.` : '')
  );
}

/** Why an assertion is refused; the message finishes "This subgraph answers only the gateway: ...". */
export class AssertionRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AssertionRefused';
  }
}

function refuse(reason: string): never {
  throw new AssertionRefused(`the ${CALLER_HEADER} header ${reason}`);
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return refuse(`is not a caller assertion: its ${what} is not base64url JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse(`is not a caller assertion: its ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** The assertion's claims, after checking they are all there with the right types. */
function claimsOf(payload: Record<string, unknown>): CallerAssertionClaims {
  const { iss, aud, sub, iat, exp, jti, authenticated, scope, body_sha256 } = payload;
  if (typeof iss !== 'string' || typeof aud !== 'string' || !isInteger(iat) || !isInteger(exp) || typeof jti !== 'string' || !jti || jti.length > 128) {
    return refuse('lacks one of the claims iss, aud (one subgraph), iat, exp and jti');
  }
  if (typeof authenticated !== 'boolean' || typeof scope !== 'string' || typeof body_sha256 !== 'string' || (sub !== undefined && typeof sub !== 'string')) {
    return refuse('does not describe a caller (authenticated, scope, sub) and its request body (body_sha256)');
  }
  return { iss, aud, iat, exp, jti, authenticated, scope, body_sha256, ...(sub === undefined ? {} : { sub }) };
}

/**
 * The caller an assertion vouches for, once it has been checked: the gateway's key (by `kid`, of
 * the gateway's key set), its type and algorithm, issuer, audience (this subgraph), times (not
 * expired, not issued in the future, no longer-lived than `maxLifetimeSeconds`), the digest of the
 * exact request `body`, and last that its `jti` was never seen. Throws AssertionRefused saying which
 * check failed, or KeySetUnavailableError.
 */
export async function verifyCallerAssertion(trust: SignedTrust, subgraph: string, token: string, body: Uint8Array, nowMs = Date.now()): Promise<Caller> {
  const parts = token.split('.');
  if (parts.length !== 3) refuse('is not a caller assertion signed by the gateway (a compact JWS)');
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = decodeSegment(encodedHeader, 'header');
  if (header.typ !== CALLER_ASSERTION_TYPE) refuse(`is not a caller assertion (typ ${JSON.stringify(header.typ)}, expected "${CALLER_ASSERTION_TYPE}")`);
  if (header.crit !== undefined) refuse('asks for extensions ("crit") this subgraph does not know');
  if (typeof header.kid !== 'string') refuse('names no key ("kid")');
  if (header.alg === MAC_ALGORITHM) await checkMac(trust, subgraph, header.kid, encodedHeader, encodedPayload, encodedSignature);
  else await checkSignature(trust, header.alg, header.kid, encodedHeader, encodedPayload, encodedSignature);

  const claims = claimsOf(decodeSegment(encodedPayload, 'payload'));
  if (claims.iss !== GATEWAY_ISSUER) refuse(`was issued by "${claims.iss}", not the gateway (${GATEWAY_ISSUER})`);
  if (claims.aud !== subgraph) refuse(`is addressed to the "${claims.aud}" subgraph, not this one (${subgraph})`);
  const now = Math.floor(nowMs / 1000);
  const lifetime = claims.exp - claims.iat;
  if (lifetime <= 0 || lifetime > trust.maxLifetimeSeconds)
    refuse(`is good for ${lifetime} s; this subgraph accepts at most ${trust.maxLifetimeSeconds} s (${MAX_LIFETIME_VARIABLE})`);
  if (claims.iat > now + CLOCK_TOLERANCE_SECONDS) refuse(`was issued ${claims.iat - now} s in the future (clocks may differ by ${CLOCK_TOLERANCE_SECONDS} s at most)`);
  if (claims.exp + CLOCK_TOLERANCE_SECONDS <= now) refuse(`has expired (${now - claims.exp} s ago)`);
  if (claims.body_sha256 !== bodyDigest(body)) refuse('was signed for another request body');
  if (!(await trust.replays.firstUse(claims.jti, (claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000))) refuse('has been used before: each assertion is good for one request');

  if (!claims.authenticated) return ANONYMOUS;
  return { authenticated: true, ...(claims.sub ? { subject: claims.sub } : {}), scopes: claims.scope.split(' ').filter(Boolean) };
}

/** An Ed25519 or P-256 signature, by the gateway's key `kid` of its set, whose algorithm `alg` must be (so `none`, HS256... are refused). */
async function checkSignature(trust: SignedTrust, alg: unknown, kid: string, encodedHeader: string, encodedPayload: string, encodedSignature: string): Promise<void> {
  const key = await trust.keys.keyFor(kid);
  if (!key) refuse(`is signed with key "${kid}", which is not in the gateway's key set (${trust.keys.source})`);
  if (alg !== key.algorithm) refuse(`says alg ${JSON.stringify(alg)}, but the gateway's key "${key.kid}" is ${key.algorithm}`);
  const { digest, dsaEncoding } = cryptoArgumentsOf(key.algorithm);
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
  const signature = Buffer.from(encodedSignature, 'base64url');
  if (!verify(digest, signed, dsaEncoding ? { key: key.key, dsaEncoding } : key.key, signature)) refuse(`signature does not match the gateway's key "${key.kid}"`);
}

/**
 * An HS256 MAC (shared/auth/pairwise-mac.ts), accepted only under a `kid` naming one of this
 * subgraph's own X25519 keys and an X25519 key of the gateway's set: the MAC key is derived from
 * those two and this subgraph's name, never taken from anything the assertion carries.
 */
async function checkMac(trust: SignedTrust, subgraph: string, kid: string, encodedHeader: string, encodedPayload: string, encodedSignature: string): Promise<void> {
  const own = trust.own;
  if (!own) refuse(`says alg "${MAC_ALGORITHM}", but this subgraph publishes no X25519 key: it accepts only assertions the gateway signed`);
  const pair = kidsOfPair(kid);
  if (!pair) refuse(`says alg "${MAC_ALGORITHM}", but its kid "${kid}" does not name a gateway X25519 key and this subgraph's ("<gateway kid>:<subgraph kid>")`);
  const mine = own.byKid.get(pair.subgraphKid);
  if (!mine) refuse(`names X25519 key "${pair.subgraphKid}", which is not this subgraph's (${own.source})`);
  const theirs = await trust.keys.agreementKeyFor(pair.gatewayKid);
  if (!theirs) refuse(`names X25519 key "${pair.gatewayKid}", which is not in the gateway's key set (${trust.keys.source})`);
  const expected = own.derived.keyFor(mine, theirs, pair.gatewayKid, pair.subgraphKid, subgraph).mac(`${encodedHeader}.${encodedPayload}`);
  const mac = Buffer.from(encodedSignature, 'base64url');
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) refuse(`MAC does not match the key this subgraph shares with the gateway ("${kid}")`);
}

const notFromGateway = (subgraph: string, why: string) =>
  new GraphQLError(`This subgraph answers only the gateway: ${why}. Send queries to the gateway instead.`, {
    extensions: { code: 'UNAUTHENTICATED', subgraph, http: { status: 401 } },
  });

/**
 * The caller of one GraphQL request to a subgraph, from its caller header and its exact body;
 * throws a 401 `UNAUTHENTICATED` ("this subgraph answers only the gateway") when the header is
 * missing or refused, a 503 when the gateway's key set cannot be had. In `unsigned` mode every
 * request is anonymous; `unconfigured` refuses all (503 `SUBGRAPH_NOT_CONFIGURED`).
 */
export async function callerOfSubgraphRequest(trust: SubgraphTrust, subgraph: string, header: string | string[] | undefined, body: Uint8Array): Promise<Caller> {
  if (trust.mode === 'unsigned') return ANONYMOUS;
  if (trust.mode === 'unconfigured') {
    throw new GraphQLError(unconfiguredMessage(subgraph, trust.retiredSecret), { extensions: { code: 'SUBGRAPH_NOT_CONFIGURED', subgraph, http: { status: 503 } } });
  }
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw notFromGateway(subgraph, `the request has no ${CALLER_HEADER} header signed by the gateway`);
  try {
    return await verifyCallerAssertion(trust, subgraph, token, body);
  } catch (error) {
    if (error instanceof AssertionRefused) throw notFromGateway(subgraph, error.reason);
    if (error instanceof KeySetUnavailableError) {
      throw new GraphQLError(`The ${subgraph} subgraph cannot check the gateway's signature: ${error.message}`, {
        extensions: { code: 'GATEWAY_KEYS_UNAVAILABLE', subgraph, http: { status: 503 } },
      });
    }
    throw error;
  }
}
