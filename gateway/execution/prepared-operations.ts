import { operationFromDocument, Schema } from '@apollo/federation-internals';
import { FetchNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import { buildOperationContext } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { trace } from '@opentelemetry/api';
import { GraphQLSchema, OperationTypeNode } from 'graphql';
import { answerShapeOf, fetchSelectionsOf } from './answer-shape';
import { BoundedCache } from './bounded-cache';
import { PlanningState } from './planning-state';
import { fetchedFieldsOf, fetchNodesOf, PreparedFetch, rootFetchesOf, unsupportedPlanFeature } from './execute-plan';
import { CompiledShape, compileShape } from './shape';

type OperationContext = ReturnType<typeof buildOperationContext>;

/** What one (document, operation name) needs at run time, worked out once. */
export type PreparedOperation =
  | {
      supported: true;
      plan: QueryPlan;
      operationContext: OperationContext;
      shape: CompiledShape;
      fetches: Map<FetchNode, PreparedFetch>;
      /** The root fields (response names) the plan's fetches at the root ask a subgraph for. */
      rootFetched: ReadonlySet<string>;
    }
  | { supported: false; reason: string };

const tracer = trace.getTracer('@apollo/gateway');

/** How many prepared operations are kept (least recently used dropped first). */
const MAX_PREPARED = 2_000;

/**
 * The planner's security limits, as Apollo Gateway reads them (its constructor): on unless these
 * variables say `true`.
 */
const plannerLimits = () => ({
  recursiveSelectionsLimitDisabled: process.env.APOLLO_DISABLE_SECURITY_RECURSIVE_SELECTIONS_CHECK === 'true',
  nonLocalSelectionsLimitDisabled: process.env.APOLLO_DISABLE_SECURITY_NON_LOCAL_SELECTIONS_CHECK === 'true',
});

/**
 * One supergraph's operations: planned by its planning state (planning-state.ts: Apollo Gateway's
 * own query planner, called with its limits exactly as Apollo Gateway calls it) and kept in a cache
 * keyed by the document's hash and the operation name. A new supergraph gets a new instance (so a
 * new, empty cache).
 */
export class PreparedOperations {
  private readonly planner: QueryPlanner;
  private readonly apiSchema: Schema;
  /** graphql-js versions: the API schema (result shaping) and the supergraph (entity representations). */
  readonly graphqlApiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  private readonly cache = new BoundedCache<string, PreparedOperation>(MAX_PREPARED);

  private readonly limits = plannerLimits();

  constructor(planning: PlanningState, graphqlApiSchema: GraphQLSchema) {
    this.apiSchema = planning.apiSchema;
    this.planner = planning.planner;
    this.supergraphSchema = planning.supergraphSchema;
    this.graphqlApiSchema = graphqlApiSchema;
  }

  get size(): number {
    return this.cache.size;
  }

  /** The prepared operation of the request (planned on first sight). */
  forRequest(requestContext: GatewayGraphQLRequestContext): PreparedOperation {
    const name = requestContext.request.operationName ?? '';
    const key = `${requestContext.queryHash}\u0000${name}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const prepared = this.prepare(requestContext);
    this.cache.set(key, prepared);
    return prepared;
  }

  private prepare(requestContext: GatewayGraphQLRequestContext): PreparedOperation {
    const { document, request } = requestContext;
    try {
      const operationContext = buildOperationContext({
        schema: this.graphqlApiSchema,
        operationDocument: document,
        ...(request.operationName ? { operationName: request.operationName } : {}),
      });
      if (operationContext.operation.operation === OperationTypeNode.SUBSCRIPTION) return { supported: false, reason: 'subscription' };
      const plan = tracer.startActiveSpan('gateway.plan', (span) => {
        try {
          const operation = operationFromDocument(this.apiSchema, document, request.operationName !== undefined ? { operationName: request.operationName } : {});
          return this.planner.buildQueryPlan(operation, this.limits);
        } finally {
          span.end();
        }
      });
      if (plan.node?.kind === 'Subscription') return { supported: false, reason: 'subscription' };
      const unsupported = unsupportedPlanFeature(plan.node);
      if (unsupported) return { supported: false, reason: unsupported };
      const shape = compileShape(this.graphqlApiSchema, operationContext.operation, operationContext.fragments);
      const fetches = new Map<FetchNode, PreparedFetch>(
        fetchNodesOf(plan.node).map((fetch) => {
          const selections = fetchSelectionsOf(fetch);
          return [
            fetch,
            { queryJson: JSON.stringify(fetch.operation), fields: fetchedFieldsOf(fetch, selections), answer: answerShapeOf(fetch, this.supergraphSchema, selections) },
          ];
        }),
      );
      const rootFetched = new Set(rootFetchesOf(plan.node).flatMap((fetch) => fetches.get(fetch)!.fields.map((field) => field.responseName)));
      return { supported: true, plan, operationContext, shape, fetches, rootFetched };
    } catch (error) {
      // Whatever this executor cannot prepare, Apollo Gateway's executor handles (and reports) itself.
      return { supported: false, reason: (error as Error).message };
    }
  }
}
