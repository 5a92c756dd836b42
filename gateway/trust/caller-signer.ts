import { randomUUID, sign } from 'node:crypto';
import { Caller, GRAPH_WIDE_SCOPE_OWNERS } from '../../shared/auth/caller';
import { bodyDigest, CALLER_ASSERTION_TYPE, CALLER_HEADER, cryptoArgumentsOf, GATEWAY_ISSUER } from '../../shared/auth/caller-assertion';
import { MacKey } from '../../shared/auth/mac-key';
import { AgreementKey, MAC_ALGORITHM, OwnAgreementKey, pairKid, PairwiseKeyCache } from '../../shared/auth/pairwise-mac';
import { PairwiseSubjects } from './pairwise-subjects';
import { ActiveSigningKey } from './signing-keys';

/** The gateway's keys as the signer reads them, on every call (a reload takes effect with the next request). */
export interface SignerKeys {
  readonly signing: ActiveSigningKey;
  readonly agreement?: OwnAgreementKey | undefined;
}

/** The subgraphs' X25519 keys (gateway/trust/subgraph-keys.ts): undefined for a subgraph with none (or none known yet). */
export interface PeerKeys {
  keyFor(subgraph: string): AgreementKey | undefined;
}

/** How long an assertion is good for unless told otherwise (`CALLER_ASSERTION_SECONDS`): it is used at once, on arrival. */
export const DEFAULT_ASSERTION_SECONDS = 10;

/**
 * What stays the same in every assertion to one subgraph under one key: the encoded header, and the
 * payload's JSON before the caller's claims. Nothing is kept per caller: a gateway whose callers each
 * come once (a token per request) would otherwise keep an entry per caller and subgraph for nothing,
 * and the caller's claims cost less to write than to look up.
 */
interface Prepared {
  key: ActiveSigningKey;
  /** The gateway's and the subgraph's X25519 keys, when the assertion is an HS256 MAC. */
  own: OwnAgreementKey | undefined;
  peer: AgreementKey | undefined;
  /** Their pairwise MAC key. */
  mac: MacKey | undefined;
  /** `<header>.` */
  header: string;
  /** `{"iss":…,"aud":…,` */
  opening: string;
}

/** A caller renamed by a pairwise subject, and the signing key its name comes from. */
interface Renamed {
  key: ActiveSigningKey;
  caller: Caller;
}

/**
 * Signs caller assertions (shared/auth/caller-assertion.ts): one per request to a subgraph, for
 * that subgraph, that body and that caller, with a fresh `jti`. Synchronous, through node:crypto on
 * the cached private key (bench/caller-assertions.ts measures it). To a subgraph whose X25519 key
 * `peers` knows, when the gateway has one too, the assertion is HS256: an HMAC with their pairwise
 * key (shared/auth/pairwise-mac.ts), derived once per pair of keys. The keys are read on every call,
 * so a key reload (or a subgraph's new key) takes effect with the next request: what was prepared
 * under other keys is prepared again.
 */
export class CallerSigner {
  /** Per subgraph. */
  private readonly prepared = new Map<string, Prepared>();
  private readonly derived = new PairwiseKeyCache();
  private readonly pairwise = new PairwiseSubjects();
  /** Per frozen caller and subgraph, the caller renamed by a pairwise subject, and the key its name comes from. */
  private readonly renamed = new WeakMap<Caller, Map<string, Renamed>>();

  /** A scope of a registry (`labs:admin`, `guilds:elections:<union>`) is told to that registry only (scopeClaim). */
  constructor(
    private readonly keys: SignerKeys,
    readonly lifetimeSeconds = DEFAULT_ASSERTION_SECONDS,
    private readonly peers?: PeerKeys,
  ) {}

  /**
   * The assertion for one request: `caller` asking `audience` (a subgraph's name) with exactly `body`
   * (whose `bodyDigest` the caller may give, when it has it already); issued at `nowMs`.
   */
  sign(caller: Caller, audience: string, body: string | Uint8Array, nowMs = Date.now(), bodySha256 = bodyDigest(body)): string {
    const { key, mac, header, opening } = this.preparedFor(audience);
    const iat = Math.floor(nowMs / 1000);
    // CallerAssertionClaims' order, so the payload's bytes are those JSON.stringify would write.
    const subject = caller.subject ? `"sub":${JSON.stringify(caller.subject)},` : '';
    const scope = this.scopeClaim(caller, audience);
    const payload = `${opening}${subject}"iat":${iat},"exp":${iat + this.lifetimeSeconds},"jti":"${randomUUID()}","authenticated":${caller.authenticated},"scope":${scope},"body_sha256":"${bodySha256}"}`;
    const input = `${header}${Buffer.from(payload).toString('base64url')}`;
    if (mac) return `${input}.${mac.mac(input).toString('base64url')}`;
    const { digest: hashName, dsaEncoding } = cryptoArgumentsOf(key.algorithm);
    const signature = sign(hashName, Buffer.from(input, 'ascii'), dsaEncoding ? { key: key.privateKey, dsaEncoding } : key.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /**
   * `caller` as the subgraph `audience` is to know them when it is not to learn their subject: the
   * same scopes, the subject a pairwise one (pairwise-subjects.ts) under the current signing key.
   * Frozen, and the same object for a frozen caller while the key stays, so its assertions are prepared once.
   */
  pairwiseCaller(caller: Caller, audience: string): Caller {
    const key = this.keys.signing;
    const rename = (): Caller => Object.freeze({ authenticated: true, subject: this.pairwise.subjectFor(key.privateKey, caller.subject ?? '', audience), scopes: caller.scopes });
    if (!Object.isFrozen(caller)) return rename();
    let byAudience = this.renamed.get(caller);
    if (!byAudience) this.renamed.set(caller, (byAudience = new Map<string, Renamed>()));
    const known = byAudience.get(audience);
    if (known?.key === key) return known.caller;
    const renamed = rename();
    byAudience.set(audience, { key, caller: renamed });
    return renamed;
  }

  /**
   * The caller's scopes as `audience` is told them, as the claim's JSON: its own (`<audience>:...`),
   * the graph's (`personal:read`, `analytics:query`) and those naming no owner; never one naming
   * another owner. An association learns what its own subgraph needs, not who administers or holds
   * grants in the others, whether they are in the supergraph now or not: until 2026-12-07 only the
   * scopes of the registries routed at the moment were held back, so once a registry left the graph
   * (or before it joined) every other was told who held its `<key>:admin` and grants. Written anew for
   * each assertion, as the rest of the caller's claims (a few scopes cost less to filter than to look up).
   */
  private scopeClaim(caller: Caller, audience: string): string {
    if (caller.scopes.length === 0) return '""';
    return JSON.stringify(caller.scopes.filter((scope) => isOneWord(scope) && isToldTo(scope, audience)).join(' '));
  }

  /** The request headers carrying the assertion for `body` (`digest`: its `bodyDigest`, when known). */
  headers(caller: Caller, audience: string, body: string | Uint8Array, digest?: string): Record<string, string> {
    return { [CALLER_HEADER]: this.sign(caller, audience, body, Date.now(), digest) };
  }

  private preparedFor(audience: string): Prepared {
    const key = this.keys.signing;
    const own = this.keys.agreement;
    const peer = own ? this.peers?.keyFor(audience) : undefined;
    const known = this.prepared.get(audience);
    if (known?.key === key && known.own === own && known.peer === peer) return known;
    const prepared = this.prepare(audience, key, own, peer);
    this.prepared.set(audience, prepared);
    return prepared;
  }

  private prepare(audience: string, key: ActiveSigningKey, own: OwnAgreementKey | undefined, peer: AgreementKey | undefined): Prepared {
    const text = JSON.stringify;
    const mac = own && peer ? this.derived.keyFor(own, peer, own.kid, peer.kid, audience) : undefined;
    const header =
      own && peer ? { alg: MAC_ALGORITHM, typ: CALLER_ASSERTION_TYPE, kid: pairKid(own.kid, peer.kid) } : { alg: key.algorithm, typ: CALLER_ASSERTION_TYPE, kid: key.kid };
    return {
      key,
      own,
      peer,
      mac,
      header: `${Buffer.from(text(header)).toString('base64url')}.`,
      opening: `{"iss":${text(GATEWAY_ISSUER)},"aud":${text(audience)},`,
    };
  }
}

/**
 * Whether `scope` is one word: the claim is space-separated, so a scope with a space in it would be
 * read as two by the subgraph (`x guilds:admin`). The gateway refuses tokens holding one (gateway/auth/tokens.ts); never sent.
 */
const isOneWord = (scope: string): boolean => scope !== '' && !/\s/.test(scope);

/**
 * Whether `scope` is told to `audience`: one of its own (`<audience>:...`), one of the graph's
 * (`personal:read`, `analytics:query`), or one naming no owner (no colon). A scope of any other
 * owner is held back, whether that owner is routed now, has left the graph or has yet to join it.
 */
function isToldTo(scope: string, audience: string): boolean {
  const separator = scope.indexOf(':');
  if (separator < 0) return true;
  const owner = scope.slice(0, separator);
  return owner === audience || GRAPH_WIDE_SCOPE_OWNERS.includes(owner);
}
