import { SIGNING_KEY_FILE_VARIABLE, SIGNING_KEY_VARIABLE } from '../gateway/trust';

/**
 * What only the gateway holds: its signing key (the subgraphs get its public key set instead) and
 * the secret bearer tokens are signed with (`AUTH_SECRET`: whoever holds it mints a token with any
 * scope, `personal:read` and every registry's admin included). A subgraph reads neither; handed
 * them, as `npm start` did until 2026-12-07 with `AUTH_SECRET`, each registry's process could
 * sign what the gateway trusts. Nor the gateway's Redis (`REDIS_URL`, its password in it): there
 * the gateway keeps the texts signed-in callers registered (a look-up with the national code typed
 * into it) and the answers it serves anonymous callers, which a registry's process holding it
 * could read and write over (audit, 2026-12-07); nor the token its metrics are scraped with
 * (`METRICS_TOKEN`). No subgraph reads any of these.
 */
export const GATEWAY_ONLY_VARIABLES = [SIGNING_KEY_FILE_VARIABLE, SIGNING_KEY_VARIABLE, 'AUTH_SECRET', 'REDIS_URL', 'METRICS_TOKEN'] as const;

/** The environment `npm start` gives a subgraph: its own, without what only the gateway holds. */
export function subgraphEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const subgraph = { ...env };
  for (const name of GATEWAY_ONLY_VARIABLES) delete subgraph[name];
  return subgraph;
}
