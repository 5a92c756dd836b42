import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, customFetch, decodeProtectedHeader, errors, JWTPayload, jwtVerify, ProtectedHeaderParameters, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { z } from 'zod';
import { hmacKey, MIN_SECRET_BYTES, SECRET_HINT } from '../../shared/auth/secrets';
import { readConfiguration, Refusal, text, url, variable } from '../../shared/config';
import { isDevelopment, plainHttpKeySetProblem } from '../../shared/config/environment';
import { Log } from '../../shared/server/log';
import { Hs256Verifier } from './hs256-verifier';
import { fetchWithRetryPause, KeySetPausedError } from './key-set-pause';
import { VerifiedTokenCache } from './verified-tokens';

/**
 * Who is asking the gateway: a bearer JWT, verified against a JWKS URL (`AUTH_JWKS_URL`) or a
 * shared HS256 secret (`AUTH_SECRET`), with its issuer, audience and expiry checked.
 */
export interface TokenSettings {
  /** `AUTH_JWKS_URL`: the identity provider's key set, for asymmetrically signed tokens (RS256, ES256, EdDSA...). */
  jwksUrl?: string | undefined;
  /** `AUTH_SECRET`, or the development secret when neither it nor `AUTH_JWKS_URL` is set: HS256 tokens. */
  secret?: string | undefined;
  /** True when the gateway runs on the development secret. */
  development: boolean;
  /** `AUTH_ISSUER`: the `iss` every token must carry. */
  issuer: string;
  /** `AUTH_AUDIENCE`: the `aud` every token must include. */
  audience: string;
  /**
   * `AUTH_MAX_TOKEN_LIFETIME`: the longest a token may be good for, from its `iat` (or from now,
   * without one) to its `exp`, in seconds; `DEFAULT_MAX_TOKEN_LIFETIME_SECONDS` when absent.
   */
  maxLifetimeSeconds?: number;
}

export const DEFAULT_ISSUER = 'registries-dev';
export const DEFAULT_AUDIENCE = 'registries-graph';
/**
 * The secret of development tokens (`npm run token`) when neither `AUTH_SECRET` nor `AUTH_JWKS_URL`
 * is set. It is published here, so a token signed with it proves nothing: production sets one of them.
 */
export const DEVELOPMENT_SECRET = 'registries-development-secret-published-in-the-repository-never-use-in-production';

/** A day: tokens cannot be revoked, so none is good for longer unless the operator says so. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/** Seconds per unit, by the unit's first letter; the unit may be written out (`2 hours`, `30 mins`). */
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90s`, `30m`, `24h`, `7d`, `2w`, `2 hours` or a number of seconds -> seconds; undefined for anything else or zero. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)?$/i.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * DURATION_UNITS[(match[2] ?? 's')[0]!.toLowerCase()]!;
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}

/** 86400 -> `24 hours`, 600 -> `10 minutes`: a lifetime as a person reads it. */
export function describeDuration(seconds: number): string {
  const [unit, size] = seconds % 3600 === 0 ? ['hour', 3600] : seconds % 60 === 0 ? ['minute', 60] : ['second', 1];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** How the gateway verifies bearer tokens (`AUTH_*`; docs/configuration.md lists them). */
export const tokenVariables = z.object({
  AUTH_JWKS_URL: url(['http:', 'https:'], {
    description: "The identity provider's key set, for asymmetrically signed tokens (RS256, ES256, EdDSA...).",
    accepts: 'a URL, such as https://login.example/.well-known/jwks.json (http or https)',
  }),
  AUTH_SECRET: variable(
    { description: 'A shared HS256 secret tokens are signed with.', accepts: `text of ${MIN_SECRET_BYTES} bytes or more (make one with: ${SECRET_HINT})` },
    undefined,
    (secret) => {
      try {
        hmacKey('AUTH_SECRET', secret);
        return secret;
      } catch (error) {
        return new Refusal((error as Error).message.replace(/^AUTH_SECRET /, ''));
      }
    },
  ),
  AUTH_ISSUER: text({ description: 'The `iss` every token must carry.', default: DEFAULT_ISSUER }, DEFAULT_ISSUER),
  AUTH_AUDIENCE: text({ description: 'The `aud` every token must include.', default: DEFAULT_AUDIENCE }, DEFAULT_AUDIENCE),
  AUTH_MAX_TOKEN_LIFETIME: variable(
    {
      description: 'The longest a token may be good for, from its `iat` (or from now) to its `exp`.',
      default: '24h',
      accepts: 'a duration such as 1h, 30m or 7d (or a number of seconds), more than zero',
    },
    DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    durationSeconds,
  ),
  NODE_ENV: text(
    {
      description:
        'Without `AUTH_JWKS_URL` and `AUTH_SECRET`, development tokens (`npm run token`) are accepted only with this unset, `development` or `test`; anything else stops the gateway.',
      default: 'unset',
    },
    '',
  ),
});

/**
 * The token settings as read (empty values count as unset). With neither a key set nor a secret,
 * the development secret is used, but only in development (`NODE_ENV` unset, `development` or
 * `test`): anywhere else this throws, so the gateway refuses to start rather than trust a key
 * published in the repository.
 */
export function tokenSettingsOf(config: ReturnType<typeof tokenVariables.parse>): TokenSettings {
  const { AUTH_JWKS_URL: jwksUrl, AUTH_SECRET: secret, NODE_ENV: nodeEnv } = config;
  const development = !jwksUrl && !secret;
  if (development && !isDevelopment(nodeEnv)) {
    throw new Error(
      `NODE_ENV is "${nodeEnv}" and neither AUTH_JWKS_URL nor AUTH_SECRET is set, so the gateway would accept tokens signed with the development secret published in this repository. ` +
        `To verify bearer tokens, set AUTH_JWKS_URL (your identity provider's key set, e.g. https://login.example/.well-known/jwks.json) or AUTH_SECRET (an HS256 secret of 32 bytes or more; make one with: ${SECRET_HINT}). ` +
        'Development tokens are accepted only with NODE_ENV unset, development or test.',
    );
  }
  const plain = plainHttpKeySetProblem('AUTH_JWKS_URL', jwksUrl, nodeEnv);
  if (plain) throw new Error(plain);
  if (secret === DEVELOPMENT_SECRET && !isDevelopment(nodeEnv)) {
    throw new Error(
      `NODE_ENV is "${nodeEnv}" and AUTH_SECRET is the development secret published in this repository, so anyone could sign tokens the gateway accepts. Set AUTH_SECRET to a secret of your own (32 bytes or more; make one with: ${SECRET_HINT}), or AUTH_JWKS_URL.`,
    );
  }
  return {
    jwksUrl,
    secret: development ? DEVELOPMENT_SECRET : secret,
    development,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME,
  };
}

/** Reads `AUTH_JWKS_URL`, `AUTH_SECRET`, `AUTH_ISSUER`, `AUTH_AUDIENCE`, `AUTH_MAX_TOKEN_LIFETIME` and `NODE_ENV` (see tokenSettingsOf). */
export function tokenSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): TokenSettings {
  return tokenSettingsOf(readConfiguration(tokenVariables, env));
}

/** The algorithms a key set's tokens may use; HS256 only with the shared secret (never a key set's public key as a secret). */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const CLOCK_TOLERANCE_SECONDS = 5;
/**
 * How long a key set fetched from `AUTH_JWKS_URL` is used before it is fetched again. jose's own
 * default is 10 minutes, and a key it holds is never looked up again before then: a key the identity
 * provider took out of its set (one that leaked) went on verifying tokens the gateway had never seen
 * for up to 10 minutes, each of them kept until its `exp` once used twice (outside audit, 2026-12-07).
 * A minute costs one small fetch a minute.
 */
export const AUTH_KEY_SET_MAX_AGE_MS = 60_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

type Reason = 'signature' | 'expired' | 'issuer' | 'audience' | 'not yet valid' | 'no expiry' | 'lifetime too long' | 'issued in the future' | 'algorithm' | 'malformed';

/** 401 `UNAUTHENTICATED`, with `reason`: which check the token failed. */
function refused(reason: Reason, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401 } } });
}

/** The bearer token of an `Authorization` header, when it holds something shaped like a JWT; else undefined (anonymous). */
export function bearerJwt(authorization: string | string[] | undefined): string | undefined {
  const token = bearerText(authorization);
  return token !== undefined && isJwt(token) ? token : undefined;
}

/** What follows `Bearer ` in an `Authorization` header, whatever it is. */
export function bearerText(authorization: string | string[] | undefined): string | undefined {
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  return /^\s*Bearer\s+(\S+)\s*$/i.exec(value ?? '')?.[1];
}

function isJwt(token: string): boolean {
  return protectedHeaderOf(token) !== undefined;
}

/** The protected header of a token shaped like a JWT, with an `alg`; undefined for anything else. */
function protectedHeaderOf(token: string): ProtectedHeaderParameters | undefined {
  if (!JWT_SHAPE.test(token)) return undefined;
  try {
    const header = decodeProtectedHeader(token);
    return typeof header.alg === 'string' ? header : undefined;
  } catch {
    return undefined;
  }
}

/** Scopes from `scope` (space-separated, OAuth 2) and `scp` (an array, as some providers write it); either may be either form. */
export function scopesOf(payload: JWTPayload): string[] {
  const read = (claim: unknown): string[] => (typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim.filter((s): s is string => typeof s === 'string') : []);
  return [...new Set([...read(payload.scope), ...read(payload.scp)].filter(Boolean))];
}

const quoted = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value));

/** A NumericDate claim (seconds since 1970) as an ISO instant, or as the number when no Date can hold it. */
function instantText(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds} seconds after 1970` : date.toISOString();
}

/**
 * The gateway's authenticator: an `Authorization` header in, a `Caller` out. No header, or one
 * that holds no JWT (`Basic ...`, an opaque token): anonymous. A JWT that fails verification (bad
 * signature, expired, wrong issuer or audience, no expiry, an algorithm not accepted): a 401
 * `UNAUTHENTICATED` saying which. A key set that cannot be fetched: 503 `AUTHENTICATION_UNAVAILABLE`.
 */
export function createAuthenticator(
  settings: TokenSettings,
  log?: Log,
  verified: VerifiedTokenCache = new VerifiedTokenCache(),
): (authorization: string | string[] | undefined) => Promise<Caller> {
  const secretBytes = settings.secret ? hmacKey(settings.development ? 'the development secret' : 'AUTH_SECRET', settings.secret) : undefined;
  // Imported once: given the bytes, jose would import them as a key for every token it verifies.
  const secret = secretBytes ? webcrypto.subtle.importKey('raw', secretBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']) : undefined;
  const jwks = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: AUTH_KEY_SET_MAX_AGE_MS,
        [customFetch]: fetchWithRetryPause(),
      })
    : undefined;
  if (settings.development) {
    log?.warn(
      'neither AUTH_SECRET nor AUTH_JWKS_URL is set: accepting development tokens, signed with the development secret published in this repository (npm run token). ' +
        'Anyone can mint them; production must set AUTH_JWKS_URL or AUTH_SECRET.',
    );
  }
  const verifyOptions = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
  const fastHs256 = secretBytes ? new Hs256Verifier(secretBytes, verifyOptions) : undefined;
  const maxLifetimeSeconds = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const trusted = [jwks ? `the key set at ${settings.jwksUrl}` : '', secret ? (settings.development ? 'the development secret' : 'AUTH_SECRET') : ''].filter(Boolean).join(' or ');

  return async (authorization) => {
    const token = bearerText(authorization);
    if (token === undefined) return ANONYMOUS;
    // Verified before and not yet expired: the same bytes were signed by the same key, with the same claims (and were a JWT then).
    const known = verified.get(token);
    if (known) return known;
    const header = protectedHeaderOf(token);
    if (!header) return ANONYMOUS;
    const alg = header.alg!;
    try {
      let payload: JWTPayload;
      if (alg === 'HS256' && secret) payload = fastHs256?.verify(token, header) ?? (await jwtVerify(token, await secret, { ...verifyOptions, algorithms: ['HS256'] })).payload;
      else if (ASYMMETRIC.includes(alg) && jwks) payload = (await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ASYMMETRIC })).payload;
      else throw refused('algorithm', `The bearer token is signed with ${alg}, which this gateway does not accept: it verifies tokens against ${trusted}.`);
      checkClaims(payload, maxLifetimeSeconds);
      // Frozen, scopes too: the same caller answers every request with a token kept below, and the per-caller caches (callerIdentity, the subject screen, pairwise subjects) remember only callers that cannot change.
      const scopes = scopesOf(payload);
      Object.freeze(scopes);
      const caller: Caller = Object.freeze({ authenticated: true, ...(payload.sub ? { subject: payload.sub } : {}), scopes });
      if (typeof payload.exp === 'number') verified.set(token, caller, payload.exp);
      return caller;
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      throw explain(error, settings, trusted, log);
    }
  };
}

/**
 * What jose leaves unchecked in a verified token: a subject that is a string, scope lists whose
 * entries are one word each (the subgraphs read the scopes space-separated), an `iat` not in the
 * future (beyond the clock tolerance), and a lifetime, from `iat` (or now) to `exp`, within the maximum.
 */
function checkClaims(payload: JWTPayload, maxLifetimeSeconds: number): void {
  if (payload.sub !== undefined && typeof payload.sub !== 'string') {
    throw refused('malformed', `The bearer token is malformed: its subject (sub) must be a string; it is ${quoted(payload.sub)}.`);
  }
  for (const claim of ['scope', 'scp'] as const) {
    const value: unknown = payload[claim];
    const entries: unknown[] = Array.isArray(value) ? value : [];
    const spaced = entries.find((entry): entry is string => typeof entry === 'string' && /\s/.test(entry));
    if (spaced !== undefined) {
      throw refused('malformed', `The bearer token is malformed: its ${claim} list holds ${quoted(spaced)}, a scope with a space in it; each entry of the list is one scope.`);
    }
  }
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : undefined;
  if (issuedAt !== undefined && issuedAt > now + CLOCK_TOLERANCE_SECONDS) {
    throw refused('issued in the future', `The bearer token says it was issued at ${instantText(issuedAt)} (iat), which is still to come; check the clock of whoever issued it.`);
  }
  const from = issuedAt ?? now;
  if (typeof payload.exp === 'number' && payload.exp - from > maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw refused(
      'lifetime too long',
      `The bearer token is good until ${instantText(payload.exp)}, longer than this gateway accepts: ` +
        `${describeDuration(maxLifetimeSeconds)} from when it was issued (AUTH_MAX_TOKEN_LIFETIME). Get a shorter-lived token.`,
    );
  }
}

function explain(error: unknown, settings: TokenSettings, trusted: string, log?: Log): GraphQLError {
  if (error instanceof errors.JWTExpired) {
    const exp = typeof error.payload.exp === 'number' ? instantText(error.payload.exp) : 'an unknown time';
    return refused('expired', `The bearer token expired at ${exp}; get a new one.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refused('signature', `The bearer token's signature is invalid: it was not signed by ${trusted}.`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason, payload } = error;
    if (claim === 'iss') return refused('issuer', `The bearer token's issuer is ${quoted(payload.iss)}; this gateway accepts only "${settings.issuer}" (AUTH_ISSUER).`);
    if (claim === 'aud') return refused('audience', `The bearer token's audience is ${quoted(payload.aud)}; this gateway accepts only "${settings.audience}" (AUTH_AUDIENCE).`);
    if (claim === 'exp' && reason === 'missing') return refused('no expiry', 'The bearer token has no expiry (exp); this gateway accepts only tokens that expire.');
    if (claim === 'nbf') return refused('not yet valid', `The bearer token is not valid yet (nbf ${quoted(payload.nbf)}).`);
    return refused('malformed', `The bearer token's "${claim}" claim is not valid (${reason}).`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return refused('algorithm', `The bearer token's algorithm is not accepted: this gateway verifies tokens against ${trusted}.`);
  }
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) {
    return refused('malformed', `The bearer token is malformed: ${error.message}.`);
  }
  // The key set could not be fetched or read: not the caller's fault, and not a crash either. Logged once per failed fetch, not again during its pause.
  if (!(error instanceof KeySetPausedError)) log?.error(`cannot verify a bearer token against ${settings.jwksUrl ?? 'the configured keys'}`, error);
  return new GraphQLError('The gateway cannot verify bearer tokens at the moment (its key set is unreachable); try again shortly.', {
    extensions: { code: 'AUTHENTICATION_UNAVAILABLE', http: { status: 503 } },
  });
}

export interface TokenRequest {
  /** `sub`: who the token is for. */
  subject?: string;
  /** Granted scopes, written space-separated in `scope`. */
  scopes?: string[];
  /** How long it is good for, as jose reads it: `1h`, `30m`, `90s`, `7d`. */
  expiresIn?: string;
  /** HS256 secret; the issuer and audience the gateway checks. */
  secret: string;
  issuer: string;
  audience: string;
}

/** An HS256 token as the gateway accepts it (`npm run token`, and the tests' tokens). */
export function mintToken(request: TokenRequest): Promise<string> {
  const jwt = new SignJWT({ scope: (request.scopes ?? []).join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '1h');
  if (request.subject) jwt.setSubject(request.subject);
  return jwt.sign(hmacKey('the token secret', request.secret));
}
