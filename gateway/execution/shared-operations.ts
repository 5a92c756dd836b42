import type { GatewayCacheHint, GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { Caller } from '../../shared/auth/caller';
import { callerIdentity, InFlightShares } from '../transport/in-flight-shares';
import { jsonOfData, preSerialisedData } from './serialised-result';

/**
 * Identical queries in flight at the same time, executed once: the same document and operation
 * name, the same variables, the same caller (subject and sorted scopes, or anonymous: every
 * anonymous caller alike) and the same values of the client headers the data sources pass on to
 * the subgraphs. Each request still goes through Apollo Server on its own (limits, authorization,
 * formatting, its own language); only the plan's execution is shared. Each gets its own copy of
 * the answer (the data's JSON text as the executor wrote it, its own errors), and its cache policy
 * restricted by every subgraph answer as the execution's was (so its `cache-control` is the same).
 * Nothing is kept once the execution is done: this is not a cache.
 */

/** The part of a request's cache policy the subgraph answers restrict. */
interface Restrictable {
  restrict(hint: GatewayCacheHint): void;
}

function policyOf(requestContext: GatewayGraphQLRequestContext): Restrictable | undefined {
  const policy: unknown = requestContext.overallCachePolicy;
  return typeof policy === 'object' && policy !== null && typeof (policy as Partial<Restrictable>).restrict === 'function' ? (policy as Restrictable) : undefined;
}

interface Outcome {
  result: GatewayExecutionResult;
  /** The data's JSON text, taken before the first requester's plugins could change it. */
  json: string | undefined;
  /** Every restriction the subgraph answers made to the cache policy. */
  hints: GatewayCacheHint[];
}

/** The sharing key of a request, or undefined when it must run on its own. */
export function operationShareKey(requestContext: GatewayGraphQLRequestContext, forwardedHeaders: readonly string[]): string | undefined {
  if (requestContext.operation?.operation !== OperationTypeNode.QUERY || !requestContext.queryHash) return undefined;
  const context = requestContext.context as { caller?: Caller } | undefined;
  const headers = requestContext.request.http?.headers;
  return JSON.stringify([
    requestContext.queryHash,
    requestContext.request.operationName ?? null,
    requestContext.request.variables ?? null,
    callerIdentity(context?.caller),
    forwardedHeaders.map((name) => headers?.get(name) ?? null),
  ]);
}

function copyOf(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions },
  });
}

export class SharedOperations {
  private readonly shares = new InFlightShares<Outcome>();

  /** `execute()`'s answer for this request, or a copy of that of the identical one in flight. */
  async run(key: string, requestContext: GatewayGraphQLRequestContext, execute: () => Promise<GatewayExecutionResult>): Promise<GatewayExecutionResult> {
    const { promise, joined } = this.shares.share(key, () => recordingCachePolicy(requestContext, execute));
    const outcome = await promise;
    if (!joined) return outcome.result;
    const policy = policyOf(requestContext);
    if (policy) for (const hint of outcome.hints) policy.restrict(hint);
    const { result, json } = outcome;
    return {
      ...(result.errors ? { errors: result.errors.map(copyOf) as GraphQLError[] } : {}),
      ...(result.data === undefined ? {} : { data: json === undefined ? result.data : preSerialisedData(json) }),
      ...(result.extensions ? { extensions: { ...result.extensions } } : {}),
    };
  }

  /** How many requests wait on each execution in flight (for tests). */
  callersInFlight(): number[] {
    return this.shares.callersInFlight();
  }
}

/** Runs `execute`, noting each restriction made to the request's cache policy meanwhile. */
async function recordingCachePolicy(requestContext: GatewayGraphQLRequestContext, execute: () => Promise<GatewayExecutionResult>): Promise<Outcome> {
  const hints: GatewayCacheHint[] = [];
  const policy = policyOf(requestContext);
  const restrict = policy ? policy.restrict.bind(policy) : undefined;
  const own = policy ? Object.getOwnPropertyDescriptor(policy, 'restrict') : undefined;
  if (policy && restrict) {
    policy.restrict = (hint: GatewayCacheHint) => {
      hints.push({ ...hint });
      restrict(hint);
    };
  }
  try {
    const result = await execute();
    const data = result.data;
    return { result, json: data === null || data === undefined ? undefined : jsonOfData(data), hints };
  } finally {
    // The policy's `restrict` as it was: its own property again, or the inherited one.
    if (policy && own) Object.defineProperty(policy, 'restrict', own);
    else if (policy) delete (policy as Partial<Restrictable>).restrict;
  }
}
