/**
 * (c) Hive Gateway's configuration for the benchmark: only what every gateway here does, pass the
 * client's `authorization` header on to each subgraph request. Everything else (the supergraph
 * file, `--jit`, the port) is given on the command line by bench/run.ts.
 *
 * Written without Hive's `defineConfig` (a typed identity function) so that nothing outside
 * bench/peers imports Hive Gateway; the product's install does not have it.
 */
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }: { request: Request }): Record<string, string> => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
};
