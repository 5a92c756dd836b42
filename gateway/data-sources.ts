import { GraphQLDataSource, LocalGraphQLDataSource, RemoteGraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError, GraphQLSchema } from 'graphql';
import { DIRECTORY_SUBGRAPH } from './directory';

export interface SubgraphTimeouts {
  /** Milliseconds a subgraph has to answer one fetch. */
  defaultMs: number;
  /** Per subgraph name, where it differs from the default. */
  bySubgraph: Record<string, number>;
}

/** Node's fetch, given up on after `timeoutMs`. */
function fetcherWithTimeout(timeoutMs: number): Fetcher {
  return ((url: string, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

/**
 * A registry subgraph over HTTP, with a deadline. When it fails to answer, the fields it serves come
 * back null with an error that names it; the other subgraphs' fields are still returned.
 */
export class RegistryDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly timeoutMs: number,
  ) {
    super({ url, fetcher: fetcherWithTimeout(timeoutMs) });
  }

  override didEncounterError(error: Error): void {
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const message = timedOut
      ? `The ${this.subgraph} subgraph did not answer within ${this.timeoutMs} ms`
      : `The ${this.subgraph} subgraph could not be reached (${error.message})`;
    throw new GraphQLError(message, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: this.subgraph } });
  }
}

/** The gateway's `buildService`: the directory in process, every registry over HTTP with its deadline. */
export function dataSourceFactory(directorySchema: GraphQLSchema, timeouts: SubgraphTimeouts) {
  return ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource =>
    name === DIRECTORY_SUBGRAPH
      ? new LocalGraphQLDataSource(directorySchema)
      : new RegistryDataSource(name, url!, timeouts.bySubgraph[name] ?? timeouts.defaultMs);
}
