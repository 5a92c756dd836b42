import { startGatewayFromSdl } from '../../gateway/from-sdl';
import { auditGatewayArguments } from './arguments';

/**
 * This product's gateway for the federation audit: `startGatewayFromSdl` (gateway/from-sdl.ts), which
 * is `startGateway` as `npm start` runs it (HTTP layer, limits, authorization plugin, observability,
 * Apollo's query planner with the product's plan executor) over the audit's supergraph. The audit's
 * subgraphs are not ours and check no caller assertions, so signing is off (`SUBGRAPH_TRUST=unsigned`)
 * and every caller is anonymous (the audit sends no tokens). `/health` is the product's own.
 * `AUDIT_EXECUTOR=apollo` runs Apollo Gateway's executor inside the product instead.
 *
 * `node --import tsx bench/federation-audit/product.ts <supergraph.graphql> <port>`
 */
async function main(): Promise<void> {
  const { supergraphSdl, port } = auditGatewayArguments();
  process.env.SUBGRAPH_TRUST = 'unsigned';
  process.env.LOG_LEVEL ??= 'warn';
  const executor = process.env.AUDIT_EXECUTOR === 'apollo' ? 'apollo' : 'plan';
  const gateway = await startGatewayFromSdl({ supergraphSdl, port, host: '127.0.0.1', executor, anonymousCallers: true });
  console.log(`product gateway ready at ${gateway.url} (${executor} executor)`);
  const stop = () => {
    gateway.stop(0).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('product gateway could not start:', error);
  process.exit(1);
});
