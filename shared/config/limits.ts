import { z } from 'zod';
import { ConfigurationSection } from './read';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS } from '../server/connection-limits';
import { wholeNumber } from './variables';

const limit = (fallback: number, description: string) => wholeNumber({ min: 1, description }, fallback);

/** A subgraph's own request limits (`SUBGRAPH_LIMIT_*`), checked on every document it receives, whoever signed it. */
export const subgraphLimitVariables = z.object({
  SUBGRAPH_LIMIT_BODY_BYTES: limit(1024 * 1024, 'The largest request body a subgraph reads, in bytes (413 `PAYLOAD_TOO_LARGE` above).'),
  SUBGRAPH_LIMIT_TOKENS: limit(50_000, 'The most lexical tokens in one document.'),
  SUBGRAPH_LIMIT_DEPTH: limit(16, 'The deepest selection nesting.'),
  SUBGRAPH_LIMIT_ALIASES: limit(100, 'The most aliased fields in one operation.'),
  SUBGRAPH_LIMIT_ROOT_FIELDS: limit(20, 'The most top-level fields in one operation.'),
  SUBGRAPH_LIMIT_COST: limit(250_000, 'The highest estimated cost of one operation (`_entities` costs one per representation).'),
  SUBGRAPH_LIMIT_CONNECTIONS: limit(DEFAULT_MAX_CONNECTIONS, 'The most connections open at once; one more is closed as it arrives.'),
  SUBGRAPH_LIMIT_REQUEST_SECONDS: limit(DEFAULT_REQUEST_TIMEOUT_MS / 1_000, 'How long a caller has to send one whole request, headers and body, in seconds (408 after).'),
});

export const SUBGRAPH_LIMITS_SECTION: ConfigurationSection = {
  title: 'Subgraph request limits',
  readBy: 'every subgraph',
  variables: subgraphLimitVariables,
};
