import type { ApolloServerPlugin, BaseContext, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { Kind, OperationDefinitionNode, OperationTypeNode } from 'graphql';

/** What the GraphQL layer learnt about one HTTP request: the operation, and the codes of the errors it answered with. */
export interface GraphQLOutcome {
  /** The operation's name once the document is read: its own name, `(anonymous)`, or undefined when it never got that far. */
  operationName?: string;
  operationType?: string;
  /** `extensions.code` of every error in the answer, in order (`INTERNAL_SERVER_ERROR` for an error without one). */
  errorCodes: string[];
  /** True when the answer had `data` (possibly partial, beside errors). */
  hasData: boolean;
  /** True when the operation asked for the subgraph's schema (`_service`) and nothing else: the gateway's schema poll. */
  schemaOnly?: boolean;
}

/**
 * Outcomes by the headers of the HTTP request Apollo Server was handed (the one object every
 * operation of a batch shares): the HTTP layer reads them back once the answer is made.
 */
const outcomes = new WeakMap<HeaderMap, GraphQLOutcome>();

/** The outcome the plugin noted for this HTTP request, if the request reached Apollo's pipeline (a batch's operations merged). */
export function outcomeOf(request: HTTPGraphQLRequest): GraphQLOutcome | undefined {
  return outcomes.get(request.headers);
}

const codeOf = (extensions: Record<string, unknown> | undefined): string => (typeof extensions?.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR');

/** Two operations of one batch as one outcome: names joined, codes appended. */
function mergeOutcomes(a: GraphQLOutcome, b: GraphQLOutcome): GraphQLOutcome {
  const names = [a.operationName, b.operationName].filter((n): n is string => n !== undefined);
  return {
    ...(names.length ? { operationName: names.join(',') } : {}),
    ...((a.operationType ?? b.operationType) ? { operationType: (a.operationType ?? b.operationType)! } : {}),
    errorCodes: [...a.errorCodes, ...b.errorCodes],
    hasData: a.hasData || b.hasData,
    ...(a.schemaOnly && b.schemaOnly ? { schemaOnly: true } : {}),
  };
}

/** Whether an operation is a query whose only root field is `_service` (the federation schema query). */
function asksOnlyForSchema(operation: OperationDefinitionNode): boolean {
  const [field, ...more] = operation.selectionSet.selections;
  return operation.operation === OperationTypeNode.QUERY && more.length === 0 && field?.kind === Kind.FIELD && field.name.value === '_service';
}

/** Notes the operation and the answer's error codes of every request (after `formatError`, so as the client sees them). */
export function requestOutcomePlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const http = requestContext.request.http;
          if (!http) return;
          const body = requestContext.response.body;
          const result: { errors?: readonly { extensions?: Record<string, unknown> }[]; data?: unknown } = body.kind === 'single' ? body.singleResult : body.initialResult;
          const operation = requestContext.operation;
          const outcome: GraphQLOutcome = {
            ...(operation ? { operationName: operation.name?.value ?? '(anonymous)', operationType: operation.operation } : {}),
            errorCodes: (result.errors ?? []).map((e) => codeOf(e.extensions)),
            hasData: result.data !== undefined && result.data !== null,
            ...(operation && asksOnlyForSchema(operation) ? { schemaOnly: true } : {}),
          };
          const earlier = outcomes.get(http.headers);
          outcomes.set(http.headers, earlier ? mergeOutcomes(earlier, outcome) : outcome);
        },
      };
    },
  };
}
