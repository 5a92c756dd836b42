export { SubgraphTransport, UnroutedSubgraphError } from './subgraph-transport';
export type { SubgraphCall, SubgraphReply, SubgraphTimeouts, TransportSettings } from './subgraph-transport';
export { fetcherResponseOf, isTransportFetcher, transportFetcher } from './fetcher';
export { TimeoutError } from './response-collector';
