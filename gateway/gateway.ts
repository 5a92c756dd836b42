import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { HttpEndpoint, serveHttp } from '../shared/server/http-server';
import { createLog } from '../shared/server/log';
import { GATEWAY_DEFAULTS, GatewaySettings } from './config';
import { dataSourceFactory } from './data-sources';
import { buildDirectorySchema } from './directory';
import { ComposedSupergraph } from './supergraph-source';

export interface RunningGateway {
  url: string;
  supergraph: ComposedSupergraph;
  stop(): Promise<void>;
}

/** Composes the supergraph (waiting for the subgraphs, or from the last good one) and serves it at `/graphql`. */
export async function startGateway(settings: GatewaySettings): Promise<RunningGateway> {
  const log = createLog('gateway');
  const supergraph = new ComposedSupergraph(
    {
      subgraphs: settings.subgraphs,
      startupTimeoutMs: settings.startupTimeoutMs,
      staleStartAfterMs: settings.staleStartAfterMs ?? GATEWAY_DEFAULTS.staleStartAfterMs,
      pollIntervalMs: settings.pollIntervalMs ?? 0,
      ...(settings.supergraphCacheFile ? { cacheFile: settings.supergraphCacheFile } : {}),
    },
    log,
  );
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: dataSourceFactory(buildDirectorySchema(), {
      defaultMs: settings.subgraphTimeoutMs ?? GATEWAY_DEFAULTS.subgraphTimeoutMs,
      bySubgraph: settings.subgraphTimeoutsMs ?? {},
    }),
  });
  const apollo = new ApolloServer({ gateway, introspection: true, includeStacktraceInErrorResponses: false });
  await apollo.start();
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      context: async () => ({}),
      routes: { '/health': async () => ({ status: 200, body: { status: 'alive' } }) },
    },
    settings.port,
    settings.host,
  );
  log.info(`gateway ready at ${endpoint.url}`);
  return {
    url: endpoint.url,
    supergraph,
    stop: async () => {
      await endpoint.close();
      await apollo.stop();
    },
  };
}
