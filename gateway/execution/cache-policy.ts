import type { GatewayCacheHint, GatewayCachePolicy, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
// RemoteGraphQLDataSource's own parser (adapted from http-cache-semantics), which @apollo/gateway's index does not export.
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader';

/**
 * What one subgraph answer's `cache-control` means for the operation's cache policy, as
 * RemoteGraphQLDataSource reads it: its `max-age` (0, uncacheable, when it gives none) and scope.
 */
export function cacheHintOf(header: string | null | undefined): GatewayCacheHint {
  const parsed = parseCacheControlHeader(header);
  const hint: GatewayCacheHint = { maxAge: 0 };
  const maxAge = parsed['max-age'];
  if (typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge)) hint.maxAge = +maxAge;
  if (parsed['private'] === true) hint.scope = 'PRIVATE';
  if (parsed['public'] === true) hint.scope = 'PUBLIC';
  return hint;
}

/**
 * Restricts the client operation's cache policy by a subgraph's answer, as Apollo Gateway's data
 * sources do (with `honorSubgraphCacheControlHeader`, their default): Apollo Server's cache-control
 * plugin then answers `cache-control: max-age=<the least>, <scope>`, or `no-store` when any answer
 * gave no max-age.
 */
export function restrictCachePolicy(requestContext: GatewayGraphQLRequestContext, cacheControlHeader: string | null | undefined): void {
  // Typed `any` by the gateway interface (Apollo Server 2 gave a bare hint); probed before use, as Apollo Gateway does.
  const policy = requestContext.overallCachePolicy as GatewayCachePolicy | GatewayCacheHint | undefined;
  if (policy && 'restrict' in policy) policy.restrict(cacheHintOf(cacheControlHeader));
}
