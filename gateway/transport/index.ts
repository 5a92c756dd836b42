export { SubgraphTransport, syntheticReply, UnroutedSubgraphError } from './subgraph-transport';
export { ANONYMOUS_IDENTITY, callerIdentity } from './in-flight-shares';
export type { CallScreen, ScreenedCall, SubgraphCall, SubgraphReply, SubgraphTimeouts, TransportSettings } from './subgraph-transport';
export { fetcherResponseOf, isTransportFetcher, transportFetcher } from './fetcher';
export { ResponseTooLargeError, TimeoutError } from './response-collector';
