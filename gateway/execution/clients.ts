import { GraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
// The request kinds are not exported by @apollo/gateway's index.
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { currentRequestId } from '../../shared/server/request-id';
import { DirectoryDataSource, FetchObserver } from '../data-sources';
import type { SubgraphTransport } from '../transport';
import type { ClientFactory } from './plan-executing-gateway';
import { HttpSubgraphClient, LocalSubgraphClient, sendsThroughTransport, SubgraphClient, SubgraphRequest, SubgraphResponse } from './subgraph-client';

export interface ClientSettings {
  /** The gateway's one transport to the subgraphs (gateway/transport). */
  transport: SubgraphTransport;
  /** Told of every fetch of the in-process directory (the transport tells it of the others). */
  observe?: FetchObserver | undefined;
}

/** Any other data source: its own `process`, given exactly what Apollo Gateway's executor gives it (so every hook and fetcher of it runs). */
class DataSourceClient implements SubgraphClient {
  constructor(private readonly dataSource: GraphQLDataSource) {}
  send(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse> {
    return this.dataSource.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: request.query, variables: request.variables, ...(request.operationName !== undefined ? { operationName: request.operationName } : {}) },
      incomingRequestContext: requestContext,
      context: requestContext.context,
      ...(request.document ? { document: request.document } : {}),
      pathInIncomingRequest: request.path,
    });
  }
  async close(): Promise<void> {}
}

/**
 * The product's clients: a RemoteGraphQLDataSource that fetches through the gateway's transport (the
 * product's RegistryDataSource) sends straight to it, calling the data source's hooks as its
 * `process` would (HttpSubgraphClient); the directory is executed in process (LocalSubgraphClient);
 * any other data source (a fetcher of its own, APQ, another body parser) runs its own `process`.
 */
export function productClients(settings: ClientSettings): ClientFactory {
  return (name, dataSource) => {
    if (dataSource instanceof RemoteGraphQLDataSource) {
      const remote = dataSource as RemoteGraphQLDataSource<Record<string, unknown>>;
      if (sendsThroughTransport(remote)) return new HttpSubgraphClient(name, remote, settings.transport);
    }
    if (dataSource instanceof DirectoryDataSource) {
      const observe = settings.observe;
      return new LocalSubgraphClient(
        dataSource.schema,
        observe
          ? (durationMs, ok) => {
              const requestId = currentRequestId();
              observe({ subgraph: name, ...(requestId ? { requestId } : {}), durationMs, ok });
            }
          : undefined,
      );
    }
    return new DataSourceClient(dataSource);
  };
}
