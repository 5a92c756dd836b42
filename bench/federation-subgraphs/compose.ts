import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { BENCH_SUBGRAPHS, benchSubgraphUrls, DEFAULT_SUBGRAPH_BASE_PORT } from './index';

export const SUPERGRAPH_FILE = join(__dirname, 'supergraph.graphql');

/** Composes the four benchmark subgraphs (routing to 127.0.0.1 from `basePort` on) into a supergraph SDL. */
export function composeBenchSupergraph(basePort = DEFAULT_SUBGRAPH_BASE_PORT): string {
  const urls = benchSubgraphUrls(basePort);
  const result = composeServices(BENCH_SUBGRAPHS.map((s) => ({ name: s.name, url: urls[s.name]!, typeDefs: s.typeDefs })));
  if (result.errors) throw new Error(`the benchmark subgraphs do not compose:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

/** `node --import tsx bench/federation-subgraphs/compose.ts` rewrites supergraph.graphql (default ports). */
if (require.main === module) {
  writeFileSync(SUPERGRAPH_FILE, composeBenchSupergraph());
  console.log(`wrote ${SUPERGRAPH_FILE}`);
}
