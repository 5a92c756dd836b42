import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { HttpEndpoint, serveHttp } from '../shared/server/http-server';
import { createLog } from '../shared/server/log';
import { GATEWAY_DEFAULTS, GatewaySettings } from './config';
import { dataSourceFactory } from './data-sources';
import { gatewayReadiness } from './readiness';
import { buildDirectorySchema } from './directory';
import { ComposedSupergraph } from './supergraph-source';
import { limitsApolloOptions, limitsHttpOptions, limitSettingsFromEnvironment } from './limits';
import { authorizationPlugin, callerSignerFor, createAuthenticator, GatewayContext, tokenSettingsFromEnvironment, withAuthorization } from './auth';

export interface RunningGateway {
  url: string;
  supergraph: ComposedSupergraph;
  stop(drainMs?: number): Promise<void>;
}

/** Composes the supergraph (waiting for the subgraphs, or from the last good one) and serves it at `/graphql`. */
export async function startGateway(settings: GatewaySettings): Promise<RunningGateway> {
  const log = createLog('gateway');
  const signer = callerSignerFor(settings.subgraphSigningSecret, log);
  const authenticate = createAuthenticator(settings.auth ?? tokenSettingsFromEnvironment(), log);
  const supergraph = new ComposedSupergraph(
    {
      subgraphs: settings.subgraphs,
      startupTimeoutMs: settings.startupTimeoutMs,
      staleStartAfterMs: settings.staleStartAfterMs ?? GATEWAY_DEFAULTS.staleStartAfterMs,
      pollIntervalMs: settings.pollIntervalMs ?? 0,
      ...(settings.supergraphCacheFile ? { cacheFile: settings.supergraphCacheFile } : {}),
      signer,
    },
    log,
  );
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: dataSourceFactory(buildDirectorySchema(), {
      defaultMs: settings.subgraphTimeoutMs ?? GATEWAY_DEFAULTS.subgraphTimeoutMs,
      bySubgraph: settings.subgraphTimeoutsMs ?? {},
    }, signer),
  });
  const limits = settings.limits ?? limitSettingsFromEnvironment();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...withAuthorization(limitsApolloOptions(limits), authorizationPlugin(() => supergraph.sdl)),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const readiness = gatewayReadiness(settings.subgraphs, () => supergraph.sdl.length > 0);
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      ...limitsHttpOptions(limits),
      context: async (request) => ({ caller: await authenticate(request.headers.authorization) }),
      routes: {
        '/health': async () => ({ status: 200, body: { status: 'alive' } }),
        '/ready': async () => {
          const state = await readiness();
          return { status: state.ready ? 200 : 503, body: state };
        },
      },
    },
    settings.port,
    settings.host,
  );
  log.info(`gateway ready at ${endpoint.url}`);
  return {
    url: endpoint.url,
    supergraph,
    /** Stops taking requests, lets those in flight finish (up to `drainMs`), then stops. */
    stop: async (drainMs?: number) => {
      await endpoint.close(drainMs);
      await apollo.stop();
    },
  };
}
