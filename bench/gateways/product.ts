import { startGatewayFromSdl } from '../../gateway/from-sdl';
import { gatewayArguments, stopOnSignals } from './common';

/**
 * (b) This product's gateway on the benchmark supergraph: `startGatewayFromSdl` (gateway/from-sdl.ts),
 * which is `startGateway` as `npm start` runs it (the product's HTTP layer, request limits,
 * authorization plugin, metrics and request logs, Apollo's query planner with the product's plan
 * executor, gateway/execution) over the given supergraph instead of the registries. No response
 * cache; identical requests in flight share (bench/README.md, "Fewer subgraph requests"), which the
 * benchmark's unique `authorization` rules out. The benchmark has no tokens: every caller is
 * anonymous, and the client's `authorization` header is passed on to every subgraph request.
 *
 * `BENCH_PRODUCT_EXECUTOR=apollo` runs Apollo Gateway's own executor instead (to measure the
 * executor on its own). `LIMIT_COST` is raised to 200,000 (the heavy query costs about 103,000). Logs as the product logs (`LOG_LEVEL`, `info`: one line per request).
 *
 * `node --import tsx bench/gateways/product.ts <supergraph.graphql> <port>`
 */
async function main(): Promise<void> {
  const { supergraphSdl, port, host } = gatewayArguments();
  // The heavy query's estimated cost (about 103,000) is above the product's default limit (50,000):
  // the limit is raised for the benchmark, every other limit stays as the product runs it.
  process.env.LIMIT_COST ??= '200000';
  // The benchmark's subgraphs check no caller assertions: the gateway signs none unless SUBGRAPH_TRUST=signed
  // (then one per subgraph request, with GATEWAY_SIGNING_KEY or a key made for the run, as in production).
  process.env.SUBGRAPH_TRUST ??= 'unsigned';
  const executor = process.env.BENCH_PRODUCT_EXECUTOR === 'apollo' ? 'apollo' : 'plan';
  const gateway = await startGatewayFromSdl({ supergraphSdl, port, host, executor, anonymousCallers: true, forwardHeaders: ['authorization'] });
  console.log(`product gateway ready at ${gateway.url} (${executor} executor)`);
  stopOnSignals(() => gateway.stop(0));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('product gateway could not start:', error);
    process.exit(1);
  });
}
