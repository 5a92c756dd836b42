export { SubgraphTransport, UnroutedSubgraphError } from './subgraph-transport';
export { callerIdentity } from './in-flight-shares';
export type { SubgraphCall, SubgraphReply, SubgraphTimeouts, TransportSettings } from './subgraph-transport';
export { fetcherResponseOf, isTransportFetcher, transportFetcher } from './fetcher';
export { ResponseTooLargeError, TimeoutError } from './response-collector';
