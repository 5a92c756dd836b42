import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { startGatewayFromSdl } from '../../gateway/from-sdl';
import { generateGatewayKeyPem } from '../../gateway/trust';
import { gatewayProcessCount } from '../../gateway/processes/settings';
import { superviseWorkers } from '../../gateway/processes/supervisor';
import { gatewayArguments, stopOnSignals } from './common';

/**
 * (b) This product's gateway in its production configuration, as the README tells operators to run
 * it: `NODE_ENV=production`, bearer tokens verified (`AUTH_SECRET`, given by bench/run.ts, which
 * signs every client request's token with it), a caller assertion signed per subgraph request
 * (`SUBGRAPH_TRUST=signed`, the default, with the keys in `GATEWAY_SIGNING_KEY`: Ed25519 and X25519, so HS256
 * assertions to the subgraphs that publish an X25519 key, as the bench subgraphs do), the request limits
 * on (only `LIMIT_COST` raised, through its variable, by bench/run.ts), metrics at `/metrics` and one
 * log line per request (`METRICS`, `LOG_LEVEL` at their defaults). The one thing not as in
 * production: the client's `authorization` header is also passed on to every subgraph request, the
 * unique-header policy every gateway in the benchmark follows.
 *
 * With `GATEWAY_PROCESSES=2`, two such processes share the port under a supervisor, as `gateway/main.ts` runs them.
 *
 * `AUTH_SECRET=... LIMIT_COST=200000 node --import tsx bench/gateways/product-production.ts <supergraph.graphql> <port>`
 */
function productionEnvironment(): void {
  if (!process.env.AUTH_SECRET) throw new Error('AUTH_SECRET must be set: the secret the benchmark signs its bearer tokens with');
  for (const development of ['SUBGRAPH_TRUST', 'METRICS', 'AUTH_JWKS_URL']) delete process.env[development];
  // Only for measuring what the caller assertions cost (bench/run.ts, product-production-unsigned).
  if (process.env.BENCH_SUBGRAPH_TRUST) process.env.SUBGRAPH_TRUST = process.env.BENCH_SUBGRAPH_TRUST;
  // An operator gives the gateway its key (a file or the material); here a key made for the run, given the same way (and inherited by every process).
  process.env.GATEWAY_SIGNING_KEY ??= generateGatewayKeyPem();
  // The key that seals list cursors, the same for every replica in production.
  process.env.CURSOR_SECRET ??= randomBytes(32).toString('base64url');
}

async function main(): Promise<void> {
  const { supergraphSdl, port, host } = gatewayArguments();
  const gateway = await startGatewayFromSdl({ supergraphSdl, port, host, executor: 'plan', forwardHeaders: ['authorization'] });
  console.log(`product gateway (production configuration) ready at ${gateway.url}`);
  stopOnSignals(() => gateway.stop(0));
}

if (require.main === module) {
  productionEnvironment();
  const processes = gatewayProcessCount();
  if (processes > 1 && cluster.isPrimary) superviseWorkers({ count: processes, log: console });
  else
    main().catch((error: unknown) => {
      console.error('product gateway could not start:', error);
      process.exit(1);
    });
}
