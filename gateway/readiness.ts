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

/** Asks one subgraph whether it is ready: its `/ready`, or a `{ __typename }` query (signed by `sign`) where it has none. */
async function subgraphState(subgraph: SubgraphEndpoint, timeoutMs: number, sign: BodySigner | undefined): Promise<string> {
  try {
    const ready = await fetch(readyUrlOf(subgraph.url), { signal: AbortSignal.timeout(timeoutMs) });
    if (ready.status === 200) return 'ready';
    if (ready.status !== 404) return `not ready (HTTP ${ready.status})`;
    const answer = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign?.(TYPENAME_QUERY) },
      body: TYPENAME_QUERY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return answer.ok ? 'ready' : `not ready (HTTP ${answer.status})`;
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
