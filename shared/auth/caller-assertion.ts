import { hash, KeyObject } from 'node:crypto';

/**
 * The caller assertion: how the gateway tells a subgraph who is asking, in the `x-registry-caller`
 * header of each request. A compact JWS (RFC 7515) of type `registry-caller+jwt`, signed with the
 * gateway's private key (Ed25519 or P-256) and checked by the subgraph against the gateway's public
 * key set. Both ends read this module: the gateway signs (gateway/trust), a subgraph verifies
 * (shared/auth/subgraph-trust.ts).
 */
export const CALLER_HEADER = 'x-registry-caller';
/** The JWS `typ`: an assertion is never mistaken for a client's bearer token, nor one for it. */
export const CALLER_ASSERTION_TYPE = 'registry-caller+jwt';
/** The `iss` of every assertion. */
export const GATEWAY_ISSUER = 'registries-gateway';
/** Where the gateway publishes its public key set, on its own HTTP server. */
export const GATEWAY_JWKS_PATH = '/.well-known/registries-gateway-jwks.json';

/** The signature algorithms a gateway key may use: EdDSA (Ed25519), ES256 (P-256). */
export type AssertionAlgorithm = 'EdDSA' | 'ES256';

/** What one assertion says (its JWS payload). */
export interface CallerAssertionClaims {
  iss: string;
  /** The one subgraph it is for (its name). */
  aud: string;
  /** The caller's subject, when authenticated. */
  sub?: string;
  /** Issued at and expires at, in seconds since the epoch. */
  iat: number;
  exp: number;
  /** Unique per assertion: a subgraph accepts each once. */
  jti: string;
  authenticated: boolean;
  /** The caller's scopes, space-separated. */
  scope: string;
  /** The SHA-256 of the exact request body it travels with, base64url. */
  body_sha256: string;
}

/** The SHA-256 of a request body as the assertion carries it (base64url); a string is taken as its UTF-8 bytes. */
export function bodyDigest(body: string | Uint8Array): string {
  return hash('sha256', body, 'base64url');
}

/** The algorithm a key signs with: EdDSA for Ed25519, ES256 for P-256; anything else is refused, saying what it is. */
export function algorithmOf(key: KeyObject): AssertionAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  const details = key.asymmetricKeyDetails?.namedCurve ? ` (${key.asymmetricKeyDetails.namedCurve})` : '';
  throw new Error(`a gateway signing key must be Ed25519 (EdDSA) or P-256 (ES256); this one is ${key.asymmetricKeyType ?? key.type}${details}`);
}

/** node:crypto's `sign`/`verify` arguments for an algorithm: the digest (none for EdDSA) and JOSE's raw r||s ECDSA encoding. */
export function cryptoArgumentsOf(algorithm: AssertionAlgorithm): { digest: string | null; dsaEncoding?: 'ieee-p1363' } {
  return algorithm === 'EdDSA' ? { digest: null } : { digest: 'sha256', dsaEncoding: 'ieee-p1363' };
}
