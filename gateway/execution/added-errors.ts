import { ExecutionResult, GraphQLError, GraphQLResolveInfo } from 'graphql';

/**
 * Errors a subgraph served in this process (the directory) adds to its answer beside the values its
 * resolvers return: a field answered in part (a list without one registry's part) keeps its value
 * and gets an error that says what is missing, or a field answered null gets one error per cause.
 * The process passes one of these as the root value of each execution and appends what it holds to
 * the answer's errors.
 */
export class AddedErrors {
  readonly errors: GraphQLError[] = [];
}

/** Adds `error` to the answer of the execution `info` belongs to; false when that execution collects none (run outside the gateway). */
export function addError(info: Pick<GraphQLResolveInfo, 'rootValue'>, error: GraphQLError): boolean {
  if (!(info.rootValue instanceof AddedErrors)) return false;
  info.rootValue.errors.push(error);
  return true;
}

/** The execution's result with the errors its resolvers added, after its own. */
export function withAddedErrors<R extends ExecutionResult>(result: R, added: AddedErrors): R {
  if (added.errors.length === 0) return result;
  return { ...result, errors: [...(result.errors ?? []), ...added.errors] };
}
