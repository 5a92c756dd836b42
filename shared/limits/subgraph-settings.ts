import { DocumentLimits } from './check-document';
import { positiveInteger } from './environment';

/**
 * A subgraph's own request limits, checked on every document it receives, whoever signed it: even
 * a valid caller assertion cannot ask a registry for more than these. They are looser than the
 * gateway's, since the gateway's plans add key fields, `__typename`s, `@requires` selections and
 * entity batches (`_entities` costs one per representation) to what its client asked.
 */
export interface SubgraphLimitSettings extends DocumentLimits {
  /** `SUBGRAPH_LIMIT_BODY_BYTES`: the largest request body read, in bytes (413 `PAYLOAD_TOO_LARGE` above). */
  bodyBytes: number;
}

/** The variables of a subgraph's limits start with this (`SUBGRAPH_LIMIT_DEPTH`...), named in every refusal. */
export const SUBGRAPH_LIMIT_PREFIX = 'SUBGRAPH_LIMIT_';

export const SUBGRAPH_LIMIT_DEFAULTS: SubgraphLimitSettings = {
  bodyBytes: 1024 * 1024,
  tokens: 50_000,
  depth: 16,
  aliases: 100,
  rootFields: 20,
  cost: 250_000,
  // The gateway composes and checks the graph from each subgraph's schema.
  introspection: true,
};

/** Reads `SUBGRAPH_LIMIT_BODY_BYTES`, `_TOKENS`, `_DEPTH`, `_ALIASES`, `_ROOT_FIELDS` and `_COST`. */
export function subgraphLimitSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): SubgraphLimitSettings {
  const read = (name: string, fallback: number) => positiveInteger(env, `${SUBGRAPH_LIMIT_PREFIX}${name}`, fallback);
  return {
    bodyBytes: read('BODY_BYTES', SUBGRAPH_LIMIT_DEFAULTS.bodyBytes),
    tokens: read('TOKENS', SUBGRAPH_LIMIT_DEFAULTS.tokens),
    depth: read('DEPTH', SUBGRAPH_LIMIT_DEFAULTS.depth),
    aliases: read('ALIASES', SUBGRAPH_LIMIT_DEFAULTS.aliases),
    rootFields: read('ROOT_FIELDS', SUBGRAPH_LIMIT_DEFAULTS.rootFields),
    cost: read('COST', SUBGRAPH_LIMIT_DEFAULTS.cost),
    introspection: true,
  };
}
