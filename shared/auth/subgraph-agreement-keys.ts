import { readFileSync } from 'node:fs';
import { JsonWebKeySet } from './gateway-keys';
import { agreementJwkOf, agreementKeysOf, generateAgreementKeyPem, OwnAgreementKey, PairwiseKeyCache } from './pairwise-mac';

/**
 * A subgraph's own X25519 keys (shared/auth/pairwise-mac.ts): the first is the one the gateway is
 * told to use (published first at SUBGRAPH_JWKS_PATH); every one is accepted in an HS256
 * assertion's `kid`, so the previous key keeps working while the gateway learns the next.
 */
export class SubgraphAgreementKeys {
  readonly byKid: Map<string, OwnAgreementKey>;
  /** The MAC keys derived with the gateway's keys, once per pair. */
  readonly derived = new PairwiseKeyCache();
  private readonly published: JsonWebKeySet;

  constructor(
    readonly keys: OwnAgreementKey[],
    /** For messages: `SUBGRAPH_X25519_KEY_FILE (/run/secrets/labs-x25519.pem)`. */
    readonly source: string,
    /** Made for this run (nothing configured): replicas would each have their own. */
    readonly generated = false,
  ) {
    this.byKid = new Map(keys.map((key) => [key.kid, key]));
    this.published = { keys: keys.map(agreementJwkOf) };
  }

  /** The public halves, the current key first. */
  jwks(): JsonWebKeySet {
    return this.published;
  }
}

/** `none`: the subgraph publishes no X25519 key and keeps receiving Ed25519 (or P-256) assertions. */
export const NO_AGREEMENT_KEY = 'none';

/**
 * The subgraph's X25519 keys from `SUBGRAPH_X25519_KEY_FILE` or `SUBGRAPH_X25519_KEY` (PEM or JWK /
 * JWK Set; `none` for no key at all); neither: a key pair made for this run (`generated`).
 */
export function subgraphAgreementKeysOf(config: { SUBGRAPH_X25519_KEY_FILE?: string | undefined; SUBGRAPH_X25519_KEY?: string | undefined }): SubgraphAgreementKeys | undefined {
  const { SUBGRAPH_X25519_KEY_FILE: file, SUBGRAPH_X25519_KEY: material } = config;
  if (file && material) throw new Error('set SUBGRAPH_X25519_KEY_FILE or SUBGRAPH_X25519_KEY, not both');
  if (material?.trim() === NO_AGREEMENT_KEY) return undefined;
  if (file) {
    const source = `SUBGRAPH_X25519_KEY_FILE (${file})`;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${source} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    return new SubgraphAgreementKeys(agreementKeysOf(text, source), source);
  }
  if (material) return new SubgraphAgreementKeys(agreementKeysOf(material, 'SUBGRAPH_X25519_KEY'), 'SUBGRAPH_X25519_KEY');
  return new SubgraphAgreementKeys(agreementKeysOf(generateAgreementKeyPem(), 'a key pair made for this run'), 'a key pair made for this run', true);
}
