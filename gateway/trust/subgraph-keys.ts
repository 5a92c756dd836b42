import { gatewayPublicKeysOf } from '../../shared/auth/gateway-keys';
import { AgreementKey, derivesWith, SUBGRAPH_JWKS_PATH } from '../../shared/auth/pairwise-mac';
import { Log } from '../../shared/server/log';
import { jsonAtMost } from '../../shared/server/read-at-most';

/** Where a subgraph is (a route of the supergraph served). */
export interface SubgraphRoute {
  name: string;
  url: string;
}

export interface SubgraphKeyOptions {
  /** How long a subgraph's key (or its having none) is used before it is fetched again, in the background. */
  refreshMs: number;
  /** How long one fetch may take. */
  timeoutMs: number;
  /**
   * The least time between two fetches of one subgraph's key that a request starts (a forgotten key,
   * a stale one): a subgraph that refuses every assertion would otherwise have its key set fetched
   * again for every request.
   */
  minIntervalMs: number;
}

export const SUBGRAPH_KEY_DEFAULTS: SubgraphKeyOptions = { refreshMs: 300_000, timeoutMs: 5_000, minIntervalMs: 5_000 };

interface Known {
  url: string;
  key: AgreementKey | undefined;
  checkedAt: number;
}

/** A subgraph's key set URL: SUBGRAPH_JWKS_PATH beside its GraphQL endpoint (`http://labs:4001/graphql` → `http://labs:4001/.well-known/...`). */
export function subgraphKeySetUrl(graphqlUrl: string): string {
  return new URL(`.${SUBGRAPH_JWKS_PATH}`, graphqlUrl).toString();
}

/**
 * The X25519 public keys the subgraphs publish (shared/auth/pairwise-mac.ts), fetched from each
 * route's SUBGRAPH_JWKS_PATH: a subgraph with one gets HS256 assertions, one without (404, or a
 * set with no X25519 key) keeps getting Ed25519 ones. `keyFor` never waits: an unknown or stale
 * subgraph is fetched in the background, its assertions signed meanwhile. A failed fetch keeps what
 * was known; `forget` (a subgraph refused an assertion) drops it, so the next request is signed.
 */
export class SubgraphKeys {
  private readonly known = new Map<string, Known>();
  private readonly pending = new Map<string, Promise<void>>();
  /** When each subgraph's key was last fetched (the fetch started). */
  private readonly fetchedAt = new Map<string, number>();

  constructor(
    private readonly routes: () => readonly SubgraphRoute[],
    private readonly log: Log,
    private readonly options: SubgraphKeyOptions = SUBGRAPH_KEY_DEFAULTS,
  ) {}

  /** The subgraph's current X25519 key, as last fetched; undefined when it has none or it is not known yet. */
  keyFor(subgraph: string): AgreementKey | undefined {
    const known = this.known.get(subgraph);
    const now = Date.now();
    const stale = !known || now - known.checkedAt > this.options.refreshMs;
    if (stale && now - (this.fetchedAt.get(subgraph) ?? -Infinity) >= this.options.minIntervalMs) void this.refresh(subgraph);
    return known?.key;
  }

  /** Fetches every routed subgraph's key (the gateway, once it has a supergraph, before it serves). */
  async refreshAll(): Promise<void> {
    await Promise.all(this.routes().map((route) => this.refresh(route.name)));
  }

  /** Drops what is known of a subgraph's key: it is fetched again, and assertions to it signed until then. */
  forget(subgraph: string): void {
    this.known.delete(subgraph);
  }

  /** One fetch per subgraph at a time; callers arriving meanwhile wait for the same one. */
  refresh(subgraph: string): Promise<void> {
    let pending = this.pending.get(subgraph);
    if (!pending) {
      pending = this.fetchKey(subgraph).finally(() => this.pending.delete(subgraph));
      this.pending.set(subgraph, pending);
    }
    return pending;
  }

  private async fetchKey(subgraph: string): Promise<void> {
    const route = this.routes().find((r) => r.name === subgraph);
    if (!route) return;
    const url = subgraphKeySetUrl(route.url);
    const before = this.known.get(subgraph);
    const checkedAt = Date.now();
    this.fetchedAt.set(subgraph, checkedAt);
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // No such page: a subgraph that publishes no X25519 key (or predates them).
      const key = response.status === 404 ? undefined : response.status === 200 ? firstKeyOf(await jsonAtMost(response), url) : failed(`HTTP ${response.status}`);
      this.known.set(subgraph, { url: route.url, key, checkedAt });
      if (key?.kid !== before?.key?.kid) {
        this.log.info(
          key
            ? `the ${subgraph} subgraph publishes X25519 key ${key.kid}: its caller assertions are HS256 (pairwise MAC keys) from now on`
            : `the ${subgraph} subgraph publishes no X25519 key at ${url}: its caller assertions are signed`,
        );
      }
    } catch (error) {
      // Kept as known, if it was, for this route; tried again after refreshMs.
      const key = before?.url === route.url ? before.key : undefined;
      this.known.set(subgraph, { url: route.url, key, checkedAt });
      this.log.warn(
        `cannot fetch the ${subgraph} subgraph's X25519 key from ${url} (${error instanceof Error ? error.message : String(error)}); ${key ? `keeping ${key.kid}` : 'signing its assertions'}`,
      );
    }
  }
}

const failed = (why: string): never => {
  throw new Error(why);
};

/**
 * The first X25519 key of a subgraph's key set (the one it wants used); undefined when it holds
 * none. Throws for a key no key can be derived with (a low-order point): taken, it would have made
 * every request to the subgraph fail until the next refresh, with no refusal to make it forgotten.
 */
function firstKeyOf(json: unknown, url: string): AgreementKey | undefined {
  const key: AgreementKey | undefined = gatewayPublicKeysOf(json, url).agreement.values().next().value;
  if (key && !derivesWith(key.publicKey)) failed(`its X25519 key ${key.kid} agrees on no key (a low-order point)`);
  return key;
}
