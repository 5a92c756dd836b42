import { accounts } from './accounts';
import { inventory } from './inventory';
import { products } from './products';
import { reviews } from './reviews';
import { BenchSubgraph } from './subgraph';

export const BENCH_SUBGRAPHS: readonly BenchSubgraph[] = [accounts, inventory, products, reviews];

/** accounts, inventory, products and reviews listen on this port and the three after it. */
export const DEFAULT_SUBGRAPH_BASE_PORT = 4201;

export function benchSubgraphUrls(basePort = DEFAULT_SUBGRAPH_BASE_PORT, host = '127.0.0.1'): Record<string, string> {
  return Object.fromEntries(BENCH_SUBGRAPHS.map((subgraph, i) => [subgraph.name, `http://${host}:${basePort + i}/graphql`]));
}

export function findBenchSubgraph(name: string): BenchSubgraph {
  const subgraph = BENCH_SUBGRAPHS.find((s) => s.name === name);
  if (!subgraph) throw new Error(`no benchmark subgraph named "${name}" (have ${BENCH_SUBGRAPHS.map((s) => s.name).join(', ')})`);
  return subgraph;
}
