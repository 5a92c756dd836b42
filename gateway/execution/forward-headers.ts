import { GraphQLDataSource, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';

/** The data sources `forwardingHeaders` wrapped, with the headers each passes on (and whether it had a `willSendRequest` of its own). */
const forwarding = new WeakMap<GraphQLDataSource, { names: readonly string[]; ownHook: boolean }>();

/**
 * The client headers a data source's `willSendRequest` passes on to its subgraph requests, when that
 * is all it does (none when it has no hook); undefined when it has a hook of its own, which may set anything.
 */
export function forwardedHeadersOf(dataSource: GraphQLDataSource): readonly string[] | undefined {
  const known = forwarding.get(dataSource);
  if (known) return known.ownHook ? undefined : known.names;
  return (dataSource as RemoteGraphQLDataSource).willSendRequest ? undefined : [];
}

/**
 * Wraps `buildService` so that every HTTP data source also passes the named headers of the
 * client's request on to each subgraph request, as they came (the benchmark's `authorization`,
 * unique per request). Both executors send what `willSendRequest` sets, so both forward them.
 */
export function forwardingHeaders(
  buildService: (definition: ServiceEndpointDefinition) => GraphQLDataSource,
  names: readonly string[],
): (definition: ServiceEndpointDefinition) => GraphQLDataSource {
  if (names.length === 0) return buildService;
  return (definition) => {
    const dataSource = buildService(definition);
    if (!(dataSource instanceof RemoteGraphQLDataSource)) return dataSource;
    const remote = dataSource as RemoteGraphQLDataSource<Record<string, unknown>>;
    const own = remote.willSendRequest?.bind(remote);
    remote.willSendRequest = async (options: GraphQLDataSourceProcessOptions<Record<string, unknown>>) => {
      if (own) await own(options);
      if (!('incomingRequestContext' in options)) return;
      const incoming = options.incomingRequestContext.request.http?.headers;
      for (const name of names) {
        const value = incoming?.get(name);
        if (value) options.request.http?.headers.set(name, value);
      }
    };
    forwarding.set(remote, { names, ownHook: own !== undefined });
    return remote;
  };
}
