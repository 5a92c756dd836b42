import { createServer } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { auditGatewayArguments } from './arguments';

/**
 * Stock Apollo Gateway for the federation audit: `ApolloServer` over `ApolloGateway({ supergraphSdl })`
 * with every default, served by `startStandaloneServer`, as the audit's own `apollo-gateway` adapter
 * runs it (that one uses Express; the GraphQL answers are Apollo Server's either way). The
 * standalone server answers GraphQL on every path, so `/health` (200 once the gateway is loaded) is
 * served on a port of its own.
 *
 * `node --import tsx bench/federation-audit/apollo-stock.ts <supergraph.graphql> <port> <health port>`
 */
async function main(): Promise<void> {
  const { supergraphSdl, port, healthPort } = auditGatewayArguments();
  const gateway = new ApolloGateway({ supergraphSdl });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  const health = createServer((request, response) => {
    const loaded = gateway.__testing().state.phase === 'loaded';
    response.writeHead(request.url === '/health' && loaded ? 200 : 503, { 'content-type': 'text/plain' });
    response.end(loaded ? 'OK' : 'not loaded');
  });
  await new Promise<void>((resolve) => health.listen(healthPort, '127.0.0.1', resolve));
  console.log(`stock Apollo Gateway ready at ${url}, health at http://127.0.0.1:${healthPort}/health`);
  const stop = () => {
    health.close();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('stock Apollo Gateway could not start:', error);
  process.exit(1);
});
