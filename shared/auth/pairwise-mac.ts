import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, JsonWebKey, KeyObject } from 'node:crypto';
import { keyThumbprint } from './key-thumbprint';
import { MacKey } from './mac-key';

/**
 * Pairwise MAC keys for caller assertions (docs/security.md, "What the caller assertions cost").
 * The gateway and a subgraph each hold an X25519 key pair and publish the public half. Each derives
 * the same 256-bit key once per pair of keys: X25519 of its own private key and the other's public
 * key, then HKDF-SHA256 bound to both key ids and the subgraph's name. An assertion to a subgraph
 * whose X25519 key the gateway knows is then an `HS256` JWS (an HMAC-SHA256, microseconds) whose
 * `kid` names both keys, instead of an Ed25519 signature.
 */
export const MAC_ALGORITHM = 'HS256';
/** Where a subgraph publishes its X25519 public keys, on its own HTTP server (open, as its schema is). */
export const SUBGRAPH_JWKS_PATH = '/.well-known/registries-subgraph-jwks.json';
/** Between the gateway's key id and the subgraph's in an HS256 assertion's `kid`; no X25519 key id may hold it. */
export const PAIR_KID_SEPARATOR = ':';
/** HKDF's salt: these keys are for caller assertions, version 1, and nothing else. */
const DERIVATION_SALT = 'registries caller assertion mac v1';

/** One X25519 key: its public half is published; with its private half it derives. */
export interface AgreementKey {
  kid: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

/** An X25519 key one holds privately: one's own. */
export type OwnAgreementKey = AgreementKey & { privateKey: KeyObject };

export const isAgreementKey = (key: KeyObject): boolean => key.asymmetricKeyType === 'x25519';

/** The `kid` of an HS256 assertion: the gateway's X25519 key id and the subgraph's. */
export function pairKid(gatewayKid: string, subgraphKid: string): string {
  return `${gatewayKid}${PAIR_KID_SEPARATOR}${subgraphKid}`;
}

/** The two key ids an HS256 `kid` names, or undefined when it does not name two. */
export function kidsOfPair(kid: string): { gatewayKid: string; subgraphKid: string } | undefined {
  const parts = kid.split(PAIR_KID_SEPARATOR);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { gatewayKid: parts[0], subgraphKid: parts[1] };
}

/** A public X25519 key as a key set publishes it: `kty` OKP, `crv` X25519, its `kid`, `use` "enc" (key agreement, never a signature). */
export function agreementJwkOf(key: AgreementKey): JsonWebKey {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'enc' };
}

/** An X25519 key from a JWK: its own `kid`, else its RFC 7638 thumbprint; private when it has `d`. Throws naming `source`. */
export function agreementKeyOfJwk(jwk: JsonWebKey, source: string): AgreementKey {
  let privateKey: KeyObject | undefined;
  let publicKey: KeyObject;
  try {
    privateKey = jwk.d === undefined ? undefined : createPrivateKey({ key: jwk, format: 'jwk' });
    publicKey = privateKey ? createPublicKey(privateKey) : createPublicKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    throw new Error(`${source}: an X25519 key is not usable (${(error as Error).message})`, { cause: error });
  }
  return agreementKeyOf(publicKey, privateKey, typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : undefined, source);
}

/** An X25519 key of a key pair (or a public key alone); refuses any other kind and a `kid` holding the separator. */
export function agreementKeyOf(publicKey: KeyObject, privateKey: KeyObject | undefined, kid: string | undefined, source: string): AgreementKey {
  if (!isAgreementKey(publicKey)) throw new Error(`${source}: an X25519 key was expected; this one is ${publicKey.asymmetricKeyType ?? publicKey.type}`);
  const id = kid ?? keyThumbprint(publicKey);
  if (id.includes(PAIR_KID_SEPARATOR)) throw new Error(`${source}: the X25519 key id "${id}" holds "${PAIR_KID_SEPARATOR}", which separates the two ids of an assertion's kid`);
  return { kid: id, publicKey, ...(privateKey ? { privateKey } : {}) };
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/**
 * X25519 keys from key material: PEM (`PRIVATE KEY` / `PUBLIC KEY` blocks) or JSON (a JWK or a JWK
 * Set). A subgraph's `SUBGRAPH_X25519_KEY(_FILE)`: the first private key is the one it publishes
 * first (the gateway derives with it); every private key is accepted, so the previous key keeps
 * working during a rotation. Throws naming `source` when none is private or one is not X25519.
 */
export function agreementKeysOf(material: string, source: string): OwnAgreementKey[] {
  const text = material.trim();
  let keys: AgreementKey[];
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${source} is neither PEM nor valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const list = Array.isArray((json as { keys?: unknown }).keys) ? (json as { keys: JsonWebKey[] }).keys : [json as JsonWebKey];
    keys = list.map((jwk) => agreementKeyOfJwk(jwk, source));
  } else {
    keys = [...text.matchAll(PEM_BLOCK)].map(([block, label]) => {
      try {
        const privateKey = label!.endsWith('PRIVATE KEY') ? createPrivateKey(block) : undefined;
        return agreementKeyOf(privateKey ? createPublicKey(privateKey) : createPublicKey(block), privateKey, undefined, source);
      } catch (error) {
        throw new Error(`${source}: a "${label}" block is not a usable X25519 key (${(error as Error).message})`, { cause: error });
      }
    });
  }
  const own = keys.filter((key): key is OwnAgreementKey => key.privateKey !== undefined);
  if (own.length === 0) throw new Error(`${source} holds no X25519 private key (PEM "PRIVATE KEY", or a JWK with "d"); make one with: openssl genpkey -algorithm x25519`);
  return own;
}

/** A new X25519 key pair as PKCS#8 PEM. */
export function generateAgreementKeyPem(): string {
  return generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A key made once to try the keys others publish with (its secret derives nothing that is kept). */
let probeKey: KeyObject | undefined;

/**
 * Whether a published X25519 key can agree on a key at all: a low-order point (all zeros, say)
 * gives none, and every derivation with it throws. Tried once, with a key of the process's own.
 */
export function derivesWith(publicKey: KeyObject): boolean {
  probeKey ??= generateKeyPairSync('x25519').privateKey;
  try {
    diffieHellman({ privateKey: probeKey, publicKey });
    return true;
  } catch {
    return false;
  }
}

/**
 * The 256-bit MAC key of one gateway key and one subgraph key, for `subgraph`: the same from either
 * end (X25519 is symmetric), different for any other pair of keys or any other subgraph name.
 */
export function derivePairwiseKey(ownPrivate: KeyObject, otherPublic: KeyObject, gatewayKid: string, subgraphKid: string, subgraph: string): Buffer {
  const shared = diffieHellman({ privateKey: ownPrivate, publicKey: otherPublic });
  const info = JSON.stringify(['registries-caller+jwt', gatewayKid, subgraphKid, subgraph]);
  return Buffer.from(hkdfSync('sha256', shared, DERIVATION_SALT, info, 32));
}

/**
 * Derived keys, kept per pair of key objects (a key set fetched again, or a key file read again,
 * gives new objects, so nothing derived from a key no longer held is used) and per key ids and
 * subgraph name: one X25519 per pair of keys, not per assertion.
 */
export class PairwiseKeyCache {
  private readonly byOwn = new WeakMap<KeyObject, WeakMap<KeyObject, Map<string, MacKey>>>();

  keyFor(own: OwnAgreementKey, other: AgreementKey, gatewayKid: string, subgraphKid: string, subgraph: string): MacKey {
    let byOther = this.byOwn.get(own.privateKey);
    if (!byOther) this.byOwn.set(own.privateKey, (byOther = new WeakMap()));
    let byName = byOther.get(other.publicKey);
    if (!byName) byOther.set(other.publicKey, (byName = new Map<string, MacKey>()));
    const name = JSON.stringify([gatewayKid, subgraphKid, subgraph]);
    let key = byName.get(name);
    if (!key) byName.set(name, (key = new MacKey(derivePairwiseKey(own.privateKey, other.publicKey, gatewayKid, subgraphKid, subgraph))));
    return key;
  }
}
