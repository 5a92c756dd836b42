import { defineConfig } from '@graphql-hive/gateway';

/**
 * (c) Hive Gateway's configuration for the benchmark: only what every gateway here does, pass the
 * client's `authorization` header on to each subgraph request. Everything else (the supergraph
 * file, `--jit`, the port) is given on the command line by bench/run.ts.
 */
export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
});
