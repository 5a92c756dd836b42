import { ApolloGateway, Experimental_DidResolveQueryPlanCallback, GatewayConfig, GraphQLDataSource, RemoteGraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import type { QueryPlannerConfig } from '@apollo/query-planner';
import type {
  GatewayApolloConfig,
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from '@apollo/server-gateway-interface';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { getVariableValues, GraphQLError } from 'graphql';
import { executePlanNode, PlanContext } from './execute-plan';
import { PreparedOperations } from './prepared-operations';
import { planningStateOf } from './planning-state';
import { preSerialisedData } from './serialised-result';
import { applyShape, selectedRootFields } from './shape';
import { forwardedHeadersOf } from './forward-headers';
import { operationShareKey, SharedOperations } from './shared-operations';
import { sendsThroughTransport, SubgraphClient } from './subgraph-client';
import { DirectoryDataSource } from '../data-sources';
import { writeShapedJson } from './write-json';

const tracer = trace.getTracer('@apollo/gateway');

/** The code of the refusal of an operation the query planner found no way to fetch a root field of. */
export const QUERY_PLANNING_FAILED = 'QUERY_PLANNING_FAILED';

/**
 * Deliberately unlike Apollo Gateway, which answers such a field null without a word: an operation
 * asking for a root field no fetch of its plan asks any subgraph for (the planner found no way to
 * it, as for an interface no subgraph can resolve) is refused whole, naming the fields.
 */
function unplannedFields(names: readonly string[]): GraphQLError {
  const list = names.map((name) => `\`${name}\``).join(', ');
  return new GraphQLError(`No subgraph can answer ${list} as asked: the query planner found no way to fetch ${names.length > 1 ? 'them' : 'it'}, so the operation was not run.`, {
    extensions: { code: QUERY_PLANNING_FAILED, fields: [...names] },
  });
}

/** Makes the client the executor uses to reach a subgraph, from the data source Apollo Gateway built for it. */
export type ClientFactory = (name: string, dataSource: GraphQLDataSource) => SubgraphClient;

export interface PlanExecutorOptions {
  clientFor: ClientFactory;
  /** Apollo Gateway's `experimental_didResolveQueryPlan`, called the same way (query plans for analysts). */
  didResolveQueryPlan?: Experimental_DidResolveQueryPlanCallback | undefined;
  /** Apollo Gateway's `queryPlannerConfig`: the planner here plans as Apollo Gateway's would. */
  queryPlannerConfig?: QueryPlannerConfig | undefined;
  /** Told once per operation this executor leaves to Apollo Gateway's, and why. */
  onFallback?(reason: string): void;
  /**
   * Entity fetches of one wave of the plan to one subgraph sent as one request, each representation
   * once (fetch-merging.ts). On when not given (the gateway passes `GATEWAY_FETCH_MERGING`).
   */
  mergeFetches?: boolean | undefined;
  /**
   * Identical queries in flight at the same time (document, variables, caller, forwarded headers)
   * executed once (shared-operations.ts). On when not given (the gateway passes `GATEWAY_OPERATION_SHARING`).
   */
  shareOperations?: boolean | undefined;
}

/**
 * The plan-executing gateway over an Apollo Gateway built from `config`: the one configuration gives
 * both their data sources (`buildService`, RemoteGraphQLDataSource by default, as Apollo Gateway
 * builds them), their query planner's configuration (`queryPlannerConfig`) and the query-plan
 * callback (`experimental_didResolveQueryPlan`), so the two cannot plan or fetch differently.
 */
export function planExecutingGateway(
  config: GatewayConfig,
  options: Pick<PlanExecutorOptions, 'clientFor' | 'onFallback' | 'mergeFetches' | 'shareOperations'>,
): PlanExecutingGateway {
  const services = capturingDataSources(config.buildService ?? (({ url }) => new RemoteGraphQLDataSource(url !== undefined ? { url } : {})));
  const inner = new ApolloGateway({ ...config, buildService: services.buildService });
  return new PlanExecutingGateway(inner, services.dataSources, {
    ...options,
    didResolveQueryPlan: config.experimental_didResolveQueryPlan,
    queryPlannerConfig: config.queryPlannerConfig,
  });
}

/**
 * Wraps `buildService` so that the data sources Apollo Gateway builds are known by subgraph name
 * (the newest per name: a supergraph update builds new ones).
 */
export function capturingDataSources(buildService: (definition: ServiceEndpointDefinition) => GraphQLDataSource): {
  buildService: (definition: ServiceEndpointDefinition) => GraphQLDataSource;
  dataSources: Map<string, GraphQLDataSource>;
} {
  const dataSources = new Map<string, GraphQLDataSource>();
  return {
    dataSources,
    buildService: (definition) => {
      const dataSource = buildService(definition);
      dataSources.set(definition.name, dataSource);
      return dataSource;
    },
  };
}

interface ExecutionState {
  operations: PreparedOperations;
  clients: Map<string, SubgraphClient>;
  /** The data sources by name, as `experimental_didResolveQueryPlan` is given them. */
  serviceMap: Record<string, GraphQLDataSource>;
  /** The client headers the data sources pass on (part of what makes two requests identical); undefined when identical queries must not share an execution. */
  sharing: readonly string[] | undefined;
}

/**
 * Whether a request's answer depends only on what `operationShareKey` reads: every data source is
 * the directory (run in process with the request's caller) or sends through the transport with no
 * hooks but forwarding named headers; any other may read anything of the request.
 */
function sharingHeaders(dataSources: ReadonlyMap<string, GraphQLDataSource>): readonly string[] | undefined {
  const names = new Set<string>();
  for (const dataSource of dataSources.values()) {
    if (dataSource instanceof DirectoryDataSource) continue;
    if (!(dataSource instanceof RemoteGraphQLDataSource)) return undefined;
    const remote = dataSource as RemoteGraphQLDataSource<Record<string, unknown>>;
    if (!sendsThroughTransport(remote) || remote.didReceiveResponse) return undefined;
    const forwarded = forwardedHeadersOf(remote);
    if (!forwarded) return undefined;
    for (const name of forwarded) names.add(name.toLowerCase());
  }
  return [...names].sort();
}

/**
 * The gateway Apollo Server is given: Apollo Gateway loads, composes, swaps supergraphs and serves
 * the schema; operations are planned by Apollo's query planner and run by this package's executor
 * (execute-plan.ts, shape.ts) over keep-alive connection pools, with Apollo Gateway's own executor
 * as the fallback for what it does not run (subscriptions, @defer, data rewrites, schema
 * introspection, anything it fails to prepare).
 */
export class PlanExecutingGateway implements GatewayInterface {
  private state: ExecutionState | undefined;
  private fallback: GatewayExecutor | undefined;
  private readonly fellBack = new Set<string>();
  private readonly mergeFetches: boolean;
  private readonly shared: SharedOperations | undefined;

  constructor(
    private readonly inner: ApolloGateway,
    private readonly dataSources: ReadonlyMap<string, GraphQLDataSource>,
    private readonly options: PlanExecutorOptions,
  ) {
    this.mergeFetches = options.mergeFetches ?? true;
    this.shared = (options.shareOperations ?? true) ? new SharedOperations() : undefined;
  }

  /** How many requests wait on each shared execution in flight (for tests). */
  sharedExecutionsInFlight(): number[] {
    return this.shared?.callersInFlight() ?? [];
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async load(options: { apollo: GatewayApolloConfig }): Promise<GatewayLoadResult> {
    this.inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => this.update(apiSchema, coreSupergraphSdl));
    const loaded = await this.inner.load(options);
    this.fallback = loaded.executor ?? undefined;
    return { executor: this.executor };
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    const state = this.state;
    this.state = undefined;
    if (state) await Promise.all([...state.clients.values()].map((client) => client.close()));
  }

  /** How many operations are prepared for the current supergraph (for tests). */
  get preparedCount(): number {
    return this.state?.operations.size ?? 0;
  }

  private update(apiSchema: Parameters<GatewaySchemaLoadOrUpdateCallback>[0]['apiSchema'], coreSupergraphSdl: string): void {
    const previous = this.state;
    const clients = new Map<string, SubgraphClient>();
    for (const [name, dataSource] of this.dataSources) clients.set(name, this.options.clientFor(name, dataSource));
    try {
      this.state = {
        operations: new PreparedOperations(planningStateOf(this.inner, coreSupergraphSdl, this.options.queryPlannerConfig), apiSchema),
        clients,
        serviceMap: Object.fromEntries(this.dataSources),
        sharing: this.shared ? sharingHeaders(this.dataSources) : undefined,
      };
    } catch (error) {
      // Apollo Gateway serves this supergraph; so does its executor until the next one.
      this.state = undefined;
      this.options.onFallback?.(`the supergraph could not be planned here: ${(error as Error).message}`);
    }
    // The old pools close once the requests they carry are done (undici's close waits for them).
    if (previous) for (const client of previous.clients.values()) void client.close().catch(() => undefined);
  }

  private readonly executor: GatewayExecutor = async (requestContext) => {
    const state = this.state;
    if (!state) return this.fallbackFor(requestContext, 'no supergraph yet');
    const prepared = state.operations.forRequest(requestContext);
    if (!prepared.supported) return this.fallbackFor(requestContext, prepared.reason);
    return tracer.startActiveSpan('gateway.request', async (span) => {
      try {
        const variableDefinitions = prepared.operationContext.operation.variableDefinitions;
        if (variableDefinitions && variableDefinitions.length > 0) {
          const { errors } = getVariableValues(state.operations.graphqlApiSchema, variableDefinitions, requestContext.request.variables ?? {});
          if (errors) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            return { errors };
          }
        }
        if (this.options.didResolveQueryPlan) {
          this.options.didResolveQueryPlan({
            queryPlan: prepared.plan,
            serviceMap: state.serviceMap,
            requestContext,
            operationContext: prepared.operationContext,
          });
        }
        const result = await tracer.startActiveSpan('gateway.execute', async (executeSpan) => {
          try {
            const key = this.shared && state.sharing ? operationShareKey(requestContext, state.sharing) : undefined;
            if (key === undefined) return await this.run(state, prepared, requestContext);
            return await this.shared!.run(key, requestContext, () => this.run(state, prepared, requestContext));
          } finally {
            executeSpan.end();
          }
        });
        if (result.errors) span.setStatus({ code: SpanStatusCode.ERROR });
        return result;
      } finally {
        span.end();
      }
    });
  };

  private async run(
    state: ExecutionState,
    prepared: Extract<ReturnType<PreparedOperations['forRequest']>, { supported: true }>,
    requestContext: GatewayGraphQLRequestContext,
  ): Promise<GatewayExecutionResult> {
    const variables = requestContext.request.variables ?? undefined;
    const unplanned = selectedRootFields(prepared.shape, { variables: variables ?? {}, defaults: prepared.shape.defaults }).filter((name) => !prepared.rootFetched.has(name));
    if (unplanned.length > 0) return { errors: [unplannedFields(unplanned)] };
    const context: PlanContext = {
      requestContext,
      variables,
      defaults: prepared.shape.defaults,
      clients: state.clients,
      fetches: prepared.fetches,
      supergraphSchema: state.operations.supergraphSchema,
      shape: prepared.shape,
      apiSchema: state.operations.graphqlApiSchema,
      errors: [],
      mergeFetches: this.mergeFetches,
    };
    const data = Object.create(null) as Record<string, unknown>;
    if (prepared.plan.node?.kind !== 'Subscription') await executePlanNode(context, prepared.plan.node, data);
    const errors = context.errors as GraphQLError[];
    try {
      // The answer written straight to JSON when shaping meets no error (nearly always); else shaped as Apollo does.
      const json = writeShapedJson(state.operations.graphqlApiSchema, prepared.shape, data, variables);
      if (json !== undefined) return errors.length === 0 ? { data: preSerialisedData(json) } : { errors, data: preSerialisedData(json) };
      const shaped = applyShape(state.operations.graphqlApiSchema, prepared.shape, data, variables);
      // As Apollo Gateway: value-completion errors are only reported (as an extension) when the plan itself went well.
      if (errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
      return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    }
  }

  private fallbackFor(requestContext: GatewayGraphQLRequestContext, reason: string): Promise<GatewayExecutionResult> {
    if (!this.fellBack.has(reason) && this.fellBack.size < 100) {
      this.fellBack.add(reason);
      this.options.onFallback?.(reason);
    }
    if (!this.fallback) throw new Error('the gateway is not loaded');
    return this.fallback(requestContext);
  }
}
