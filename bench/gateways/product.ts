import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { serveHttp } from '../../shared/server/http-server';
import { AuthorizationContext, gatewayArguments, stopOnSignals } from './common';

/**
 * (b) This product's gateway on the benchmark supergraph.
 *
 * For now: the product's own HTTP layer (`serveHttp` from shared/server/http-server.ts) in front
 * of an `ApolloGateway` on the same supergraph, as gateway/gateway.ts builds it, minus the
 * directory subgraph (the benchmark supergraph has no registries). No response cache and no
 * deduplication across requests: each client request, with its own `authorization`, is planned
 * and executed on its own, and the header is passed on to every subgraph request.
 *
 * To measure the product's real gateway instead, replace `createProductGateway` with the
 * product's gateway factory once it can be given a supergraph SDL (see bench/README.md).
 *
 * `node --import tsx bench/gateways/product.ts <supergraph.graphql> <port>`
 */
export async function createProductGateway(supergraphSdl: string): Promise<ApolloServer<AuthorizationContext>> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<AuthorizationContext>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const apollo = new ApolloServer<AuthorizationContext>({ gateway, introspection: true, includeStacktraceInErrorResponses: false });
  await apollo.start();
  return apollo;
}

async function main(): Promise<void> {
  const { supergraphSdl, port, host } = gatewayArguments();
  const apollo = await createProductGateway(supergraphSdl);
  const endpoint = await serveHttp<AuthorizationContext>(
    {
      apollo,
      context: async (request) => (request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      routes: { '/health': async () => ({ status: 200, body: { status: 'ok' } }) },
    },
    port,
    host,
  );
  console.log(`product gateway ready at ${endpoint.url}`);
  stopOnSignals(async () => {
    await endpoint.close();
    await apollo.stop();
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('product gateway could not start:', error);
    process.exit(1);
  });
}
