import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { algorithmOf, AssertionAlgorithm } from './caller-assertion';
import { AgreementKey, agreementKeyOfJwk } from './pairwise-mac';
import { thumbprintOf } from './key-thumbprint';
import { textOf } from '../text/text-of';

/** A public key of the gateway's set: what a subgraph checks an assertion's signature with. */
export interface GatewayPublicKey {
  kid: string;
  algorithm: AssertionAlgorithm;
  key: KeyObject;
}

/** A JSON Web Key Set (RFC 7517) as the gateway publishes it: public keys only. */
export interface JsonWebKeySet {
  keys: JsonWebKey[];
}

/** A public key as the key set publishes it: its JWK with `kid`, `alg` and `use: "sig"`. */
export function publicJwkOf(publicKey: KeyObject, kid?: string): JsonWebKey {
  const jwk = publicKey.export({ format: 'jwk' });
  return { ...jwk, kid: kid ?? thumbprintOf(jwk), alg: algorithmOf(publicKey), use: 'sig' };
}

/** A key set's keys by `kid`: the signing keys (Ed25519, P-256) and the X25519 keys the gateway derives MAC keys with. */
export interface GatewayPublicKeys {
  signing: Map<string, GatewayPublicKey>;
  agreement: Map<string, AgreementKey>;
}

const isX25519Jwk = (jwk: JsonWebKey) => jwk.kty === 'OKP' && jwk.crv === 'X25519';

/**
 * The public keys of a key set (a subgraph's `GATEWAY_JWKS_URL`, `_FILE` or `GATEWAY_JWKS`), by
 * `kid`. Throws, naming `source`, when it is not a key set or a key cannot be used: a key without a
 * `kid`, a private key (a subgraph must never hold one), or one that is neither Ed25519, P-256 nor X25519.
 */
export function gatewayPublicKeysOf(json: unknown, source: string): GatewayPublicKeys {
  const keys = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error(`${source} is not a JSON Web Key Set: it has no "keys" array`);
  const signing = new Map<string, GatewayPublicKey>();
  const agreement = new Map<string, AgreementKey>();
  for (const [i, jwk] of (keys as JsonWebKey[]).entries()) {
    const kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : undefined;
    if (!kid) throw new Error(`${source}: key ${i + 1} has no "kid"`);
    if (jwk.d !== undefined) throw new Error(`${source}: key "${kid}" is a private key; a subgraph holds only the gateway's public keys`);
    if (isX25519Jwk(jwk)) {
      agreement.set(kid, agreementKeyOfJwk(jwk, source));
      continue;
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch (error) {
      throw new Error(`${source}: key "${kid}" is not a usable public key (${(error as Error).message})`, { cause: error });
    }
    const algorithm = algorithmOf(key);
    if (jwk.alg !== undefined && jwk.alg !== algorithm) throw new Error(`${source}: key "${kid}" says alg ${textOf(jwk.alg)} but is a ${algorithm} key`);
    signing.set(kid, { kid, algorithm, key });
  }
  return { signing, agreement };
}

/** The signing keys of a key set, by `kid` (its X25519 keys left aside): see gatewayPublicKeysOf. */
export function publicKeysOf(json: unknown, source: string): Map<string, GatewayPublicKey> {
  return gatewayPublicKeysOf(json, source).signing;
}
