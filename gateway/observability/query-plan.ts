import type { ApolloServerPlugin } from '@apollo/server';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { hasScope } from '../../shared/auth/caller';
import type { GatewayContext } from '../auth';
import { textOf } from '../../shared/text/text-of';

/** The request header an analyst sends to get the operation's query plan back in `extensions.queryPlan`. */
export const QUERY_PLAN_HEADER = 'x-query-plan';
/** The scope that lets a caller see query plans (unless `QUERY_PLAN=open`). */
export const QUERY_PLAN_SCOPE = 'query-plan:read';

/** Who may ask for query plans: callers with `query-plan:read` (`scope`), anyone (`open`, development), nobody (`off`). */
export type QueryPlanAccess = 'scope' | 'open' | 'off';

type QueryPlan = Parameters<Experimental_DidResolveQueryPlanCallback>[0]['queryPlan'];

/** What `extensions.queryPlan` holds: the plan as text, and the subgraphs it fetches from, in the plan's order. */
export interface QueryPlanExtension {
  text: string;
  fetches: number;
  subgraphs: string[];
}

type Node = { kind?: string; [key: string]: unknown };

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every fetch node of a plan, depth first in the plan's order. */
function fetchesOf(node: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const child of node) fetchesOf(child, found);
  else if (isNode(node)) {
    if (node.kind === 'Fetch') found.push(node);
    else for (const [key, value] of Object.entries(node)) if (key !== 'operationDocumentNode') fetchesOf(value, found);
  }
  return found;
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');

/** A plan node as indented text, in the style of Apollo's query plan printer. */
function formatNode(node: unknown): string {
  if (!isNode(node)) return '';
  const block = (head: string, children: unknown[]) => `${head} {\n${indent(children.map(formatNode).filter(Boolean).join(',\n'), '  ')}\n}`;
  switch (node.kind) {
    case 'Fetch': {
      const requires = Array.isArray(node.requires) && node.requires.length ? '{\n  ...requires the representations of the entities above\n} =>\n' : '';
      return `Fetch(service: "${String(node.serviceName)}") {\n${indent(requires + textOf(node.operation ?? '').trim(), '  ')}\n}`;
    }
    case 'Flatten':
      return block(`Flatten(path: "${(node.path as unknown[] | undefined)?.join('.') ?? ''}")`, [node.node]);
    case 'Sequence':
    case 'Parallel':
      return block(node.kind, (node.nodes as unknown[] | undefined) ?? []);
    default:
      // Defer, Condition, Subscription: their children, under their kind.
      return block(
        String(node.kind),
        Object.entries(node)
          .filter(([key, value]) => key !== 'kind' && typeof value === 'object')
          .map(([, value]) => value),
      );
  }
}

/** The plan as `extensions.queryPlan` gives it. */
export function describeQueryPlan(plan: QueryPlan): QueryPlanExtension {
  const fetches = fetchesOf(plan.node);
  const subgraphs = [...new Set(fetches.map((f) => String(f.serviceName)))];
  return { text: plan.node ? `QueryPlan {\n${indent(formatNode(plan.node), '  ')}\n}` : 'QueryPlan {}', fetches: fetches.length, subgraphs };
}

const asked = (value: string | null | undefined) => value !== undefined && value !== null && /^(1|true|yes)$/i.test(value.trim());

/**
 * Query plans for analysts. A request with `x-query-plan: true` runs as usual and its answer
 * carries `extensions.queryPlan` (`text`, `fetches`, `subgraphs`): how the gateway split the
 * operation among the subgraphs. Only a caller with `query-plan:read` may ask (`QUERY_PLAN=open`:
 * anyone, for development; `off`: nobody); another is refused before anything runs, 401
 * `UNAUTHENTICATED` when anonymous, 403 `FORBIDDEN` otherwise.
 *
 * `didResolveQueryPlan` goes to Apollo Gateway's `experimental_didResolveQueryPlan`; `plugin` to
 * Apollo Server.
 */
export function queryPlans(access: QueryPlanAccess): {
  didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback;
  plugin: ApolloServerPlugin<GatewayContext>;
} {
  const plans = new WeakMap<object, QueryPlanExtension>();
  return {
    didResolveQueryPlan: ({ queryPlan, requestContext }) => {
      if (access === 'off' || !asked(requestContext.request.http?.headers.get(QUERY_PLAN_HEADER))) return;
      plans.set(requestContext.context, describeQueryPlan(queryPlan));
    },
    plugin: {
      async requestDidStart(requestContext) {
        if (!asked(requestContext.request.http?.headers.get(QUERY_PLAN_HEADER))) return undefined;
        return {
          async didResolveOperation({ contextValue }) {
            if (access === 'open') return;
            if (access === 'off') {
              throw new GraphQLError(`Query plans are switched off on this gateway (QUERY_PLAN=off); send the request without ${QUERY_PLAN_HEADER}.`, {
                extensions: { code: 'QUERY_PLAN_DISABLED', http: { status: 400 } },
              });
            }
            if (hasScope(contextValue.caller, QUERY_PLAN_SCOPE)) return;
            const anonymous = !contextValue.caller.authenticated;
            throw new GraphQLError(`The query plan (${QUERY_PLAN_HEADER}) needs the scope ${QUERY_PLAN_SCOPE}`, {
              extensions: { code: anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN', scope: QUERY_PLAN_SCOPE, http: { status: anonymous ? 401 : 403 } },
            });
          },
          async willSendResponse({ contextValue, response }) {
            const plan = plans.get(contextValue);
            if (!plan || response.body.kind !== 'single') return;
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, queryPlan: plan };
          },
        };
      },
    },
  };
}
