import { Schema, Supergraph } from '@apollo/federation-internals';
import type { ApolloGateway } from '@apollo/gateway';
import { QueryPlanner, QueryPlannerConfig } from '@apollo/query-planner';
import { GraphQLSchema } from 'graphql';

/** What planning one supergraph's operations needs: the planner, the API schema operations are read against, the supergraph. */
export interface PlanningState {
  planner: QueryPlanner;
  /** Apollo's API schema (federation-internals), as `operationFromDocument` reads documents against. */
  apiSchema: Schema;
  /** The supergraph as a graphql-js schema (entity representations). */
  supergraphSchema: GraphQLSchema;
}

/** The fields Apollo Gateway (2.14, pinned) sets for a supergraph just before it tells its schema listeners. */
interface ApolloGatewayPlanning {
  queryPlanner?: unknown;
  apiSchema?: unknown;
  supergraphSchema?: unknown;
  supergraphSdl?: unknown;
}

/**
 * Apollo Gateway's own planning state for `coreSupergraphSdl`, read while it tells its listeners
 * of that supergraph: one query graph and planner per supergraph, not two (each costs start-up time
 * and memory in proportion to the schema). Built here, as Apollo Gateway builds it, when the gateway
 * does not hold this supergraph's (another version of Apollo Gateway, or a listener called late).
 */
export function planningStateOf(gateway: ApolloGateway, coreSupergraphSdl: string, plannerConfig?: QueryPlannerConfig): PlanningState {
  const held = gateway as unknown as ApolloGatewayPlanning;
  if (held.supergraphSdl === coreSupergraphSdl && held.queryPlanner instanceof QueryPlanner && held.apiSchema instanceof Schema && held.supergraphSchema instanceof GraphQLSchema) {
    return { planner: held.queryPlanner, apiSchema: held.apiSchema, supergraphSchema: held.supergraphSchema };
  }
  return ownPlanningState(coreSupergraphSdl, plannerConfig);
}

/** A planner built here over `Supergraph.build(sdl)` with Apollo Gateway's `queryPlannerConfig`. */
function ownPlanningState(coreSupergraphSdl: string, plannerConfig?: QueryPlannerConfig): PlanningState {
  const supergraph = Supergraph.build(coreSupergraphSdl, { validateSupergraph: false });
  return { planner: new QueryPlanner(supergraph, plannerConfig), apiSchema: supergraph.apiSchema(), supergraphSchema: supergraph.schema.toGraphQLJSSchema() };
}
