import { createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { algorithmOf, AssertionAlgorithm } from '../../shared/auth/caller-assertion';
import { JsonWebKeySet, publicJwkOf } from '../../shared/auth/gateway-keys';
import { keyThumbprint } from '../../shared/auth/key-thumbprint';
import { AgreementKey, agreementJwkOf, agreementKeyOf, generateAgreementKeyPem, isAgreementKey, OwnAgreementKey } from '../../shared/auth/pairwise-mac';

/** One key of the gateway's: its public half is published; with its private half it can sign. */
export interface SigningKey {
  kid: string;
  algorithm: AssertionAlgorithm;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

/** The key the gateway signs with: one that has its private half. */
export type ActiveSigningKey = SigningKey & { privateKey: KeyObject };

/** The gateway's key material: keys it signs with (Ed25519, P-256) and X25519 keys it derives pairwise MAC keys with. */
export interface GatewayKeyMaterial {
  signing: SigningKey[];
  agreement: AgreementKey[];
}

type MaterialKey = { kind: 'signing'; key: SigningKey } | { kind: 'agreement'; key: AgreementKey };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

function keyOfJwk(jwk: JsonWebKey, source: string, index: number): MaterialKey {
  let privateKey: KeyObject | undefined;
  let publicKey: KeyObject;
  try {
    privateKey = jwk.d === undefined ? undefined : createPrivateKey({ key: jwk, format: 'jwk' });
    publicKey = privateKey ? createPublicKey(privateKey) : createPublicKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    throw new Error(`${source}: key ${index + 1} is not a usable JWK (${(error as Error).message})`, { cause: error });
  }
  const ownKid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : undefined;
  if (isAgreementKey(publicKey)) return { kind: 'agreement', key: agreementKeyOf(publicKey, privateKey, ownKid, source) };
  const algorithm = algorithmOf(publicKey);
  const kid = ownKid ?? keyThumbprint(publicKey);
  return { kind: 'signing', key: { kid, algorithm, publicKey, ...(privateKey ? { privateKey } : {}) } };
}

function keyOfPem(block: string, label: string, source: string): MaterialKey {
  let privateKey: KeyObject | undefined;
  let publicKey: KeyObject;
  try {
    privateKey = label.includes('PRIVATE KEY') ? createPrivateKey(block) : undefined;
    publicKey = privateKey ? createPublicKey(privateKey) : createPublicKey(block);
  } catch (error) {
    throw new Error(`${source}: a "${label}" block is not a usable key (${(error as Error).message})`, { cause: error });
  }
  if (isAgreementKey(publicKey)) return { kind: 'agreement', key: agreementKeyOf(publicKey, privateKey, undefined, source) };
  const algorithm = algorithmOf(publicKey);
  return { kind: 'signing', key: { kid: keyThumbprint(publicKey), algorithm, publicKey, ...(privateKey ? { privateKey } : {}) } };
}

/**
 * The gateway's keys from key material: PEM (PKCS#8 `PRIVATE KEY` blocks, and `PUBLIC KEY` blocks
 * for keys only published), or JSON (a JWK, or a JWK Set; a key without `d` is only published).
 * Signing keys are Ed25519 or P-256: the first private one signs; every key's public half is
 * published, so a file holding [new, old] signs with the new key while assertions signed with the
 * old still verify, and one holding [current, PUBLIC next] announces the next key before it signs.
 * X25519 keys likewise: the first private one derives the pairwise MAC keys (HS256 assertions to the
 * subgraphs that publish an X25519 key), the others are published so that subgraphs know them before
 * the gateway switches. A key's `kid` is its RFC 7638 thumbprint (or the JWK's own `kid`).
 */
export function gatewayKeyMaterialOf(material: string, source: string): GatewayKeyMaterial {
  const text = material.trim();
  let keys: MaterialKey[];
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${source} is neither PEM nor valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const list = Array.isArray((json as { keys?: unknown }).keys) ? (json as { keys: JsonWebKey[] }).keys : [json as JsonWebKey];
    keys = list.map((jwk, i) => keyOfJwk(jwk, source, i));
  } else {
    keys = [...text.matchAll(PEM_BLOCK)].map(([block, label]) => {
      if (!label!.endsWith('PRIVATE KEY') && label !== 'PUBLIC KEY') throw new Error(`${source}: a "${label}" PEM block is not a key (PRIVATE KEY or PUBLIC KEY)`);
      return keyOfPem(block, label!, source);
    });
  }
  const signing = keys.flatMap((key) => (key.kind === 'signing' ? [key.key] : []));
  const agreement = keys.flatMap((key) => (key.kind === 'agreement' ? [key.key] : []));
  if (!signing.some((key) => key.privateKey)) throw new Error(`${source} holds no private key to sign with (PEM "PRIVATE KEY", or a JWK with "d")`);
  return { signing: distinct(signing), agreement: distinct(agreement) };
}

function distinct<K extends { kid: string }>(keys: K[]): K[] {
  const seen = new Set<string>();
  return keys.filter((key) => (seen.has(key.kid) ? false : (seen.add(key.kid), true)));
}

/** The signing keys of key material (its X25519 keys left aside): see gatewayKeyMaterialOf. */
export function signingKeysOf(material: string, source: string): SigningKey[] {
  return gatewayKeyMaterialOf(material, source).signing;
}

/** A new Ed25519 key pair as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A new Ed25519 key pair and a new X25519 key pair, as PKCS#8 PEM: what `npm start` and a gateway without a key file use. */
export function generateGatewayKeyPem(): string {
  return `${generateSigningKeyPem()}${generateAgreementKeyPem()}`;
}

/** Where the gateway's keys come from, and how to read them (again). */
export interface KeySource {
  /** For messages: `GATEWAY_SIGNING_KEY_FILE (/run/secrets/gateway-key.pem)`. */
  description: string;
  /** Whether reading again can give other keys (a file can change; a variable or a generated key cannot). */
  reloadable: boolean;
  read(): GatewayKeyMaterial;
}

export const keyFileSource = (file: string): KeySource => ({
  description: `GATEWAY_SIGNING_KEY_FILE (${file})`,
  reloadable: true,
  read: () => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`GATEWAY_SIGNING_KEY_FILE (${file}) cannot be read: ${(error as Error).message}`, { cause: error });
    }
    return gatewayKeyMaterialOf(text, `GATEWAY_SIGNING_KEY_FILE (${file})`);
  },
});

export const keyMaterialSource = (material: string, description: string): KeySource => {
  const keys = gatewayKeyMaterialOf(material, description);
  return { description, reloadable: false, read: () => keys };
};

/**
 * The gateway's signing keys: the one it signs with and the public key set it publishes (at
 * `/.well-known/registries-gateway-jwks.json`, and in `jwksFile` when given). `reload()` reads the
 * source again (SIGHUP): the new signing key is used from the next assertion on; a source that
 * cannot be read or holds no usable key leaves the current keys in place.
 */
export class GatewaySigningKeys {
  private keys: GatewayKeyMaterial;
  private active: ActiveSigningKey;
  private activeAgreement: OwnAgreementKey | undefined;
  private published: JsonWebKeySet;

  constructor(
    readonly source: KeySource,
    private readonly jwksFile?: string,
  ) {
    this.keys = source.read();
    this.active = firstPrivate(this.keys.signing)!;
    this.activeAgreement = firstPrivate(this.keys.agreement);
    this.published = this.publish();
  }

  /** The key assertions are signed with now. */
  get signing(): ActiveSigningKey {
    return this.active;
  }

  /** The X25519 key pairwise MAC keys are derived with now; none when the material holds no X25519 private key (Ed25519 assertions only). */
  get agreement(): OwnAgreementKey | undefined {
    return this.activeAgreement;
  }

  /** The public key set: every key's public half, the signing key first. */
  jwks(): JsonWebKeySet {
    return this.published;
  }

  /** Reads the keys again; returns what changed, or throws (keeping the current keys) when they cannot be read. */
  reload(): { signingKid: string; published: string[]; changed: boolean } {
    const keys = this.source.read();
    const before = JSON.stringify(this.published);
    this.keys = keys;
    this.active = firstPrivate(keys.signing)!;
    this.activeAgreement = firstPrivate(keys.agreement);
    this.published = this.publish();
    return { signingKid: this.active.kid, published: this.published.keys.map((key) => String(key.kid)), changed: JSON.stringify(this.published) !== before };
  }

  private publish(): JsonWebKeySet {
    const ordered = [this.active, ...this.keys.signing.filter((key) => key !== this.active)];
    const agreements = this.activeAgreement ? [this.activeAgreement, ...this.keys.agreement.filter((key) => key !== this.activeAgreement)] : this.keys.agreement;
    const set = { keys: [...ordered.map((key) => publicJwkOf(key.publicKey, key.kid)), ...agreements.map(agreementJwkOf)] };
    if (this.jwksFile) writeAtomically(this.jwksFile, `${JSON.stringify(set, null, 2)}\n`);
    return set;
  }
}

function firstPrivate<K extends { privateKey?: KeyObject }>(keys: K[]): (K & { privateKey: KeyObject }) | undefined {
  return keys.find((key): key is K & { privateKey: KeyObject } => key.privateKey !== undefined);
}

/** Writes beside the target, then renames over it: a subgraph reading it never sees half a key set. */
function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}
