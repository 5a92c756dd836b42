import { randomUUID, sign } from 'node:crypto';
import { Caller } from '../../shared/auth/caller';
import { bodyDigest, CALLER_ASSERTION_TYPE, CALLER_HEADER, CallerAssertionClaims, cryptoArgumentsOf, GATEWAY_ISSUER } from '../../shared/auth/caller-assertion';
import { ActiveSigningKey } from './signing-keys';

/** How long an assertion is good for unless told otherwise (`CALLER_ASSERTION_SECONDS`): it is used at once, on arrival. */
export const DEFAULT_ASSERTION_SECONDS = 10;

/**
 * Signs caller assertions (shared/auth/caller-assertion.ts): one per request to a subgraph, for
 * that subgraph, that body and that caller, with a fresh `jti`. Synchronous, through node:crypto on
 * the cached private key (bench/caller-assertions.ts measures it). The key is read from `keys` on
 * every call, so a key reload takes effect with the next request.
 */
export class CallerSigner {
  private encodedHeader = '';
  private headerKid = '';

  constructor(
    private readonly keys: { readonly signing: ActiveSigningKey },
    readonly lifetimeSeconds = DEFAULT_ASSERTION_SECONDS,
  ) {}

  /** The assertion for one request: `caller` asking `audience` (a subgraph's name) with exactly `body`; issued at `nowMs`. */
  sign(caller: Caller, audience: string, body: string | Uint8Array, nowMs = Date.now()): string {
    const key = this.keys.signing;
    if (key.kid !== this.headerKid) {
      this.encodedHeader = Buffer.from(JSON.stringify({ alg: key.algorithm, typ: CALLER_ASSERTION_TYPE, kid: key.kid })).toString('base64url');
      this.headerKid = key.kid;
    }
    const iat = Math.floor(nowMs / 1000);
    const claims: CallerAssertionClaims = {
      iss: GATEWAY_ISSUER,
      aud: audience,
      ...(caller.subject ? { sub: caller.subject } : {}),
      iat,
      exp: iat + this.lifetimeSeconds,
      jti: randomUUID(),
      authenticated: caller.authenticated,
      scope: caller.scopes.join(' '),
      body_sha256: bodyDigest(body),
    };
    const input = `${this.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const { digest, dsaEncoding } = cryptoArgumentsOf(key.algorithm);
    const signature = sign(digest, Buffer.from(input, 'ascii'), dsaEncoding ? { key: key.privateKey, dsaEncoding } : key.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** The request headers carrying the assertion for `body`. */
  headers(caller: Caller, audience: string, body: string | Uint8Array): Record<string, string> {
    return { [CALLER_HEADER]: this.sign(caller, audience, body) };
  }
}
