import { BodySigner } from './compose';
import { SubgraphEndpoint } from './config';

export interface GatewayReadiness {
  ready: boolean;
  supergraph: 'loaded' | 'not loaded';
  subgraphs: Record<string, string>;
}

const readyUrlOf = (graphqlUrl: string): string => {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/ready';
  return url.toString();
};

const TYPENAME_QUERY = '{"query":"{ __typename }"}';

/** What a subgraph's answer to a readiness question says when it is no answer: it sends the gateway elsewhere. */
const isRedirect = (status: number): boolean => status >= 300 && status <= 399;
const notReady = (status: number): string => (isRedirect(status) ? `not ready (HTTP ${status}: a redirect, not followed)` : `not ready (HTTP ${status})`);

/**
 * Asks one subgraph whether it is ready: its `/ready`, or a `{ __typename }` query (signed by `sign`)
 * where it has none. A redirect is not followed: the subgraph is another association's, and its
 * `Location` would have the gateway ask any address it can reach (its own `/metrics`, a cloud's
 * metadata service) and tell the answer's status to whoever reads the gateway's `/ready` (until
 * 2026-12-07 it was followed).
 */
async function subgraphState(subgraph: SubgraphEndpoint, timeoutMs: number, sign: BodySigner | undefined): Promise<string> {
  try {
    const ready = await fetch(readyUrlOf(subgraph.url), { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (ready.status === 200) return 'ready';
    if (ready.status !== 404) return notReady(ready.status);
    const answer = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign?.(TYPENAME_QUERY) },
      body: TYPENAME_QUERY,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return answer.ok ? 'ready' : notReady(answer.status);
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}

/**
 * The gateway's `/ready`: the supergraph is loaded and every subgraph it routes to says it is ready,
 * asked at the URL the supergraph being served sends its fetches to (`routes`), which is where its
 * fields come from. Answers are reused for `cacheMs`, so a busy probe costs the subgraphs little.
 */
export function gatewayReadiness(
  routes: () => readonly SubgraphEndpoint[],
  supergraphLoaded: () => boolean,
  timeoutMs = 2_000,
  cacheMs = 1_000,
  signerFor: (subgraph: string) => BodySigner | undefined = () => undefined,
) {
  let last: { at: number; state: Promise<GatewayReadiness> } | undefined;
  const check = async (): Promise<GatewayReadiness> => {
    const subgraphs = routes();
    const states = await Promise.all(subgraphs.map((s) => subgraphState(s, timeoutMs, signerFor(s.name))));
    const loaded = supergraphLoaded();
    return {
      ready: loaded && states.every((state) => state === 'ready'),
      supergraph: loaded ? 'loaded' : 'not loaded',
      subgraphs: Object.fromEntries(subgraphs.map((s, i) => [s.name, states[i]!])),
    };
  };
  return (): Promise<GatewayReadiness> => {
    if (!last || Date.now() - last.at > cacheMs) last = { at: Date.now(), state: check() };
    return last.state;
  };
}
