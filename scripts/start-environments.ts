import { SIGNING_KEY_FILE_VARIABLE, SIGNING_KEY_VARIABLE } from '../gateway/trust';

/**
 * What only the gateway holds: its signing key (the subgraphs get its public key set instead) and
 * the secret bearer tokens are signed with (`AUTH_SECRET`: whoever holds it mints a token with any
 * scope, `personal:read` and every registry's admin included). A subgraph reads neither; handed
 * them, as `npm start` did until 2026-12-07 with `AUTH_SECRET`, each registry's process could
 * sign what the gateway trusts.
 */
export const GATEWAY_ONLY_VARIABLES = [SIGNING_KEY_FILE_VARIABLE, SIGNING_KEY_VARIABLE, 'AUTH_SECRET'] as const;

/** The environment `npm start` gives a subgraph: its own, without what only the gateway holds. */
export function subgraphEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const subgraph = { ...env };
  for (const name of GATEWAY_ONLY_VARIABLES) delete subgraph[name];
  return subgraph;
}
