import { ApolloServer } from '@apollo/server';
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import { HttpEndpoint, serveHttp } from '../shared/server/http-server';
import { createLog } from '../shared/server/log';
import { composeSupergraph, waitForSubgraphSdls } from './compose';
import { GatewaySettings } from './config';
import { buildDirectorySchema, DIRECTORY_SUBGRAPH } from './directory';

export interface RunningGateway {
  url: string;
  supergraphSdl: string;
  stop(): Promise<void>;
}

/** Waits for the subgraphs, composes the supergraph and serves it at `/graphql`. */
export async function startGateway(settings: GatewaySettings): Promise<RunningGateway> {
  const log = createLog('gateway');
  const sdls = await waitForSubgraphSdls(settings.subgraphs, log, settings.startupTimeoutMs);
  const supergraphSdl = composeSupergraph(settings.subgraphs, sdls);
  log.info(`composed the supergraph from ${settings.subgraphs.map((s) => s.name).join(', ')} and ${DIRECTORY_SUBGRAPH}`);

  const directorySchema = buildDirectorySchema();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      name === DIRECTORY_SUBGRAPH ? new LocalGraphQLDataSource(directorySchema) : new RemoteGraphQLDataSource({ url }),
  });
  const apollo = new ApolloServer({ gateway, introspection: true, includeStacktraceInErrorResponses: false });
  await apollo.start();
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      context: async () => ({}),
      routes: { '/health': async () => ({ status: 200, body: { status: 'ok' } }) },
    },
    settings.port,
    settings.host,
  );
  log.info(`gateway ready at ${endpoint.url}`);
  return {
    url: endpoint.url,
    supergraphSdl,
    stop: async () => {
      await endpoint.close();
      await apollo.stop();
    },
  };
}
