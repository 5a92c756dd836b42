import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { AuthorizationContext, gatewayArguments, stopOnSignals } from './common';

/**
 * (a) The stock Apollo Gateway, as the public benchmarks run it: `ApolloServer` over
 * `ApolloGateway({ supergraphSdl })` with defaults, served by `startStandaloneServer`. The one
 * addition is a data source that passes the client's `authorization` header on to the subgraphs,
 * as every gateway in this benchmark does.
 *
 * `node --import tsx bench/gateways/apollo-stock.ts <supergraph.graphql> <port>`
 */
async function main(): Promise<void> {
  const { supergraphSdl, port, host } = gatewayArguments();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<AuthorizationContext>({
        ...(url !== undefined ? { url } : {}),
        willSendRequest({ request, context }) {
          // A health check's or schema load's context is the gateway's own (typed Record<string, any>), not a caller's.
          const authorization: unknown = context.authorization;
          if (typeof authorization === 'string' && authorization) request.http?.headers.set('authorization', authorization);
        },
      }),
  });
  const server = new ApolloServer<AuthorizationContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host },
    context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  });
  console.log(`apollo-stock gateway ready at ${url}`);
  stopOnSignals(() => server.stop());
}

main().catch((error: unknown) => {
  console.error('apollo-stock gateway could not start:', error);
  process.exit(1);
});
