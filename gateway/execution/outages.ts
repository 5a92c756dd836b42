import { GraphQLError } from 'graphql';

/** The code of every error that says a subgraph did not answer (or answered for some entities only). */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';
/** A change (a mutation's fetch) sent to a subgraph that did not answer it: it may have been made. */
export const SUBGRAPH_OUTCOME_UNKNOWN = 'SUBGRAPH_OUTCOME_UNKNOWN';

/** The subgraphs a fetch failed at during one client request, by the request's context object. */
const failedByRequest = new WeakMap<object, Set<string>>();

/**
 * Notes that a fetch from `subgraph` failed while answering the request whose context this is, so
 * that what is computed later in the same request from that subgraph's part (the directory's
 * fields) knows the part is unknown, not empty.
 */
export function noteSubgraphFailed(requestContext: unknown, subgraph: string): void {
  if (typeof requestContext !== 'object' || requestContext === null) return;
  let failed = failedByRequest.get(requestContext);
  if (!failed) {
    failed = new Set();
    failedByRequest.set(requestContext, failed);
  }
  failed.add(subgraph);
}

/** The subgraphs that failed a fetch so far in the request whose context this is. */
export function failedSubgraphs(requestContext: unknown): ReadonlySet<string> {
  return (typeof requestContext === 'object' && requestContext !== null && failedByRequest.get(requestContext)) || NONE;
}
const NONE: ReadonlySet<string> = new Set();

/**
 * The error that says `subgraph` could not be reached, with what that means for the field at
 * `path`; `partial` when the field still has a value (what the other subgraphs gave).
 */
export function subgraphUnavailable(subgraph: string, message: string, options: { path?: readonly (string | number)[]; partial?: boolean } = {}): GraphQLError {
  return new GraphQLError(message, {
    ...(options.path ? { path: options.path } : {}),
    extensions: { code: SUBGRAPH_UNAVAILABLE, subgraph, ...(options.partial ? { partial: true } : {}) },
  });
}
