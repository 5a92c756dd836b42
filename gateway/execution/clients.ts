import { GraphQLDataSource, LocalGraphQLDataSource, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { Caller } from '../../shared/auth/caller';
import { REQUEST_ID_HEADER } from '../../shared/server/request-id';
import { FetchObserver, signsRequestBodies } from '../data-sources';
import type { ClientFactory } from './plan-executing-gateway';
import { HeaderBag, HttpSubgraphClient, LocalSubgraphClient, SubgraphClient, SubgraphRequest, SubgraphResponse } from './subgraph-client';

export interface ClientSettings {
  /** Milliseconds a subgraph has to answer one fetch, by default and per subgraph name. */
  timeouts: { defaultMs: number; bySubgraph: Record<string, number> };
  /** Told of every fetch (metrics and debug logs), as the data sources tell it. */
  observe?: FetchObserver;
  /** Keep-alive connections per subgraph. */
  connections?: number;
}

type RequestContext = GatewayGraphQLRequestContext<{ caller?: unknown }>;

const requestIdOf = (requestContext: GatewayGraphQLRequestContext): string | undefined => requestContext.request.http?.headers.get(REQUEST_ID_HEADER) ?? undefined;

/**
 * The process options a data source's hooks expect for a fetch of a client's operation, with
 * `headers` where `willSendRequest` sets the request's headers.
 */
function processOptions(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext, url: string | undefined, headers?: HeaderBag) {
  return {
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported by @apollo/gateway's index).
    kind: 'incoming operation',
    request: {
      query: request.query,
      variables: request.variables,
      ...(request.operationName === undefined ? {} : { operationName: request.operationName }),
      ...(headers ? { http: { method: 'POST' as const, url: url ?? '', headers: headers as unknown as import('node-fetch').Headers } } : {}),
    },
    incomingRequestContext: requestContext as RequestContext,
    context: requestContext.context as RequestContext['context'],
    pathInIncomingRequest: request.path,
  };
}

/** Any other data source: its own `process` (slower, but whatever it does is kept). */
class DataSourceClient implements SubgraphClient {
  constructor(private readonly dataSource: GraphQLDataSource) {}
  send(request: SubgraphRequest, requestContext: GatewayGraphQLRequestContext): Promise<SubgraphResponse> {
    return this.dataSource.process(processOptions(request, requestContext, undefined) as never) as Promise<SubgraphResponse>;
  }
  async close(): Promise<void> {}
}

/**
 * The product's clients: a registry (a RemoteGraphQLDataSource, the product's RegistryDataSource)
 * over a keep-alive undici pool, with the data source's own `willSendRequest` (request id, trace
 * context), its caller assertion over each body sent, `didEncounterError` (SUBGRAPH_UNAVAILABLE
 * naming the subgraph), its deadline, and the same fetch observations; the directory (a
 * LocalGraphQLDataSource) by executing its schema in process; anything else through its `process`.
 */
export function productClients(settings: ClientSettings): ClientFactory {
  return (name, dataSource) => {
    const observe = settings.observe
      ? (durationMs: number, ok: boolean, requestContext: GatewayGraphQLRequestContext) => {
          const requestId = requestIdOf(requestContext);
          settings.observe!({ subgraph: name, ...(requestId ? { requestId } : {}), durationMs, ok });
        }
      : undefined;
    if (dataSource instanceof RemoteGraphQLDataSource) {
      const remote = dataSource as RemoteGraphQLDataSource<Record<string, unknown>>;
      return new HttpSubgraphClient(
        remote.url,
        settings.timeouts.bySubgraph[name] ?? settings.timeouts.defaultMs,
        {
          ...(remote.willSendRequest
            ? { willSend: (headers, request, requestContext) => remote.willSendRequest!(processOptions(request, requestContext, remote.url, headers) as never) }
            : {}),
          ...(signsRequestBodies(remote)
            ? { signBody: (body, requestContext) => remote.callerHeadersFor(body, requestContext.context as { caller?: Caller }) }
            : {}),
          didEncounterError: (error) => remote.didEncounterError(error, undefined as never),
          ...(observe ? { observe } : {}),
        },
        settings.connections,
      );
    }
    if (dataSource instanceof LocalGraphQLDataSource) return new LocalSubgraphClient(dataSource.schema, observe);
    return new DataSourceClient(dataSource);
  };
}
