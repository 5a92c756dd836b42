import { readConfiguration, subgraphLimitVariables } from '../config';
import { DocumentLimits } from './check-document';

/**
 * A subgraph's own request limits, checked on every document it receives, whoever signed it: even
 * a valid caller assertion cannot ask a registry for more than these. They are looser than the
 * gateway's, since the gateway's plans add key fields, `__typename`s, `@requires` selections and
 * entity batches (`_entities` costs one per representation) to what its client asked.
 */
export interface SubgraphLimitSettings extends DocumentLimits {
  /** `SUBGRAPH_LIMIT_BODY_BYTES`: the largest request body read, in bytes (413 `PAYLOAD_TOO_LARGE` above). */
  bodyBytes: number;
  /** `SUBGRAPH_LIMIT_CONNECTIONS`: the most connections open at once; one more is closed as it arrives. */
  connections: number;
  /** `SUBGRAPH_LIMIT_REQUEST_SECONDS`: how long a caller has to send one whole request (408 after). */
  requestSeconds: number;
}

/** The variables of a subgraph's limits start with this (`SUBGRAPH_LIMIT_DEPTH`...), named in every refusal. */
export const SUBGRAPH_LIMIT_PREFIX = 'SUBGRAPH_LIMIT_';

/** The limits of `SUBGRAPH_LIMIT_*` as read (shared/config/limits.ts), introspection on: the gateway composes and checks the graph from each subgraph's schema. */
export function subgraphLimitSettingsOf(config: ReturnType<typeof subgraphLimitVariables.parse>): SubgraphLimitSettings {
  return {
    bodyBytes: config.SUBGRAPH_LIMIT_BODY_BYTES,
    tokens: config.SUBGRAPH_LIMIT_TOKENS,
    depth: config.SUBGRAPH_LIMIT_DEPTH,
    aliases: config.SUBGRAPH_LIMIT_ALIASES,
    rootFields: config.SUBGRAPH_LIMIT_ROOT_FIELDS,
    cost: config.SUBGRAPH_LIMIT_COST,
    connections: config.SUBGRAPH_LIMIT_CONNECTIONS,
    requestSeconds: config.SUBGRAPH_LIMIT_REQUEST_SECONDS,
    introspection: true,
  };
}

export const SUBGRAPH_LIMIT_DEFAULTS: SubgraphLimitSettings = subgraphLimitSettingsOf(readConfiguration(subgraphLimitVariables, {}));

/** Reads `SUBGRAPH_LIMIT_BODY_BYTES`, `_TOKENS`, `_DEPTH`, `_ALIASES`, `_ROOT_FIELDS`, `_COST`, `_CONNECTIONS` and `_REQUEST_SECONDS`. */
export function subgraphLimitSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SubgraphLimitSettings {
  return subgraphLimitSettingsOf(readConfiguration(subgraphLimitVariables, env));
}
