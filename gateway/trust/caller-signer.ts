import { randomUUID, sign } from 'node:crypto';
import { Caller } from '../../shared/auth/caller';
import { bodyDigest, CALLER_ASSERTION_TYPE, CALLER_HEADER, cryptoArgumentsOf, GATEWAY_ISSUER } from '../../shared/auth/caller-assertion';
import { ActiveSigningKey } from './signing-keys';

/** How long an assertion is good for unless told otherwise (`CALLER_ASSERTION_SECONDS`): it is used at once, on arrival. */
export const DEFAULT_ASSERTION_SECONDS = 10;

/**
 * What stays the same in every assertion for one caller and one subgraph under one key: the encoded
 * header, and the payload's JSON around the claims that change per request (`iat`, `exp`, `jti`,
 * `body_sha256`). The claims keep CallerAssertionClaims' order, so the payload's bytes are those
 * `JSON.stringify` would write.
 */
interface Prepared {
  key: ActiveSigningKey;
  /** `<header>.` */
  header: string;
  /** `{"iss":…,"aud":…,"sub":…,"iat":` */
  opening: string;
  /** `,"authenticated":…,"scope":…,"body_sha256":"` */
  closing: string;
}

/**
 * Signs caller assertions (shared/auth/caller-assertion.ts): one per request to a subgraph, for
 * that subgraph, that body and that caller, with a fresh `jti`. Synchronous, through node:crypto on
 * the cached private key (bench/caller-assertions.ts measures it). The key is read from `keys` on
 * every call, so a key reload takes effect with the next request: what was prepared under another
 * key is prepared again.
 */
export class CallerSigner {
  /** Per frozen caller (the verified-token cache hands out one per token; ANONYMOUS is one), per subgraph. */
  private prepared = new WeakMap<Caller, Map<string, Prepared>>();

  constructor(
    private readonly keys: { readonly signing: ActiveSigningKey },
    readonly lifetimeSeconds = DEFAULT_ASSERTION_SECONDS,
  ) {}

  /** The assertion for one request: `caller` asking `audience` (a subgraph's name) with exactly `body`; issued at `nowMs`. */
  sign(caller: Caller, audience: string, body: string | Uint8Array, nowMs = Date.now()): string {
    const { key, header, opening, closing } = this.preparedFor(caller, audience);
    const iat = Math.floor(nowMs / 1000);
    const payload = `${opening}${iat},"exp":${iat + this.lifetimeSeconds},"jti":"${randomUUID()}"${closing}${bodyDigest(body)}"}`;
    const input = `${header}${Buffer.from(payload).toString('base64url')}`;
    const { digest, dsaEncoding } = cryptoArgumentsOf(key.algorithm);
    const signature = sign(digest, Buffer.from(input, 'ascii'), dsaEncoding ? { key: key.privateKey, dsaEncoding } : key.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** The request headers carrying the assertion for `body`. */
  headers(caller: Caller, audience: string, body: string | Uint8Array): Record<string, string> {
    return { [CALLER_HEADER]: this.sign(caller, audience, body) };
  }

  private preparedFor(caller: Caller, audience: string): Prepared {
    const key = this.keys.signing;
    // Only a caller that cannot change (frozen, its scopes too) is prepared once: another could say something else by the next request.
    if (!Object.isFrozen(caller) || !Object.isFrozen(caller.scopes)) return this.prepare(caller, audience, key);
    let bySubgraph = this.prepared.get(caller);
    const known = bySubgraph?.get(audience);
    if (known?.key === key) return known;
    if (!bySubgraph || known) {
      // A caller seen for the first time, or a key reloaded since: nothing prepared under the old key is kept for it.
      bySubgraph = new Map();
      this.prepared.set(caller, bySubgraph);
    }
    const prepared = this.prepare(caller, audience, key);
    bySubgraph.set(audience, prepared);
    return prepared;
  }

  private prepare(caller: Caller, audience: string, key: ActiveSigningKey): Prepared {
    const text = JSON.stringify;
    return {
      key,
      header: `${Buffer.from(text({ alg: key.algorithm, typ: CALLER_ASSERTION_TYPE, kid: key.kid })).toString('base64url')}.`,
      opening: `{"iss":${text(GATEWAY_ISSUER)},"aud":${text(audience)},${caller.subject ? `"sub":${text(caller.subject)},` : ''}"iat":`,
      closing: `,"authenticated":${text(caller.authenticated)},"scope":${text(caller.scopes.join(' '))},"body_sha256":"`,
    };
  }
}
