import { ConfigurationSection } from '../shared/config';
import { tokenVariables } from './auth/tokens';
import { cacheVariables } from './cache/settings';
import { gatewayVariables, subgraphEndpointVariables } from './config';
import { limitVariables } from './limits/settings';
import { observabilityVariables } from './observability/settings';
import { persistedQueryVariables } from './persisted-queries/settings';
import { callerSigningVariables } from './trust';

/** The gateway's variables, section by section, as docs/configuration.md lists them. */
export const GATEWAY_SECTIONS: ConfigurationSection[] = [
  { title: 'Gateway server and supergraph', readBy: 'the gateway', variables: gatewayVariables },
  {
    title: 'Gateway: each subgraph',
    readBy: 'the gateway, for each subgraph of the supergraph config (`<NAME>` is its name in capitals)',
    variables: subgraphEndpointVariables(['<NAME>']),
  },
  { title: 'Gateway: bearer tokens', readBy: 'the gateway', variables: tokenVariables },
  { title: 'Gateway: caller assertions to the subgraphs', readBy: 'the gateway', variables: callerSigningVariables },
  { title: 'Gateway: request limits and CORS', readBy: 'the gateway', variables: limitVariables },
  { title: 'Gateway: persisted queries and safelist', readBy: 'the gateway', variables: persistedQueryVariables },
  { title: 'Gateway: caches', readBy: 'the gateway', variables: cacheVariables },
  { title: 'Gateway: metrics and query plans', readBy: 'the gateway', variables: observabilityVariables },
];
