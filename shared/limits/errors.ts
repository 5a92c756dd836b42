import { GraphQLError } from 'graphql';
import { message, messageExtensions, MessageParams } from '../messages/catalog';

/** The codes a refused request carries in `extensions.code`. */
export type LimitCode =
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_TOKENS'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_ROOT_FIELDS'
  | 'QUERY_TOO_COSTLY'
  | 'QUERY_TOO_COMPLEX'
  | 'INTROSPECTION_DISABLED'
  | 'BATCHING_NOT_SUPPORTED'
  | 'BATCH_TOO_LARGE';

/** A request refused by a limit: HTTP 400, the limit and, where known, what the request measured. */
export class LimitRefusal extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    details: { limit?: number | string; measured?: number | string; messageId?: string; params?: MessageParams } = {},
  ) {
    super(message, { extensions: { code, ...details, http: { status: 400 } } });
    this.name = 'LimitRefusal';
  }
}

const figure = (n: number): string => (Number.isSafeInteger(n) ? n.toLocaleString('en-US') : `more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}`);
const measured = (n: number): number | string => (Number.isSafeInteger(n) ? n : `>${Number.MAX_SAFE_INTEGER}`);
const operation = (name: string) => (name === 'anonymous' ? 'The operation' : `Operation ${name}`);

/** The limits a refusal names, each set by one variable (`LIMIT_DEPTH`, `SUBGRAPH_LIMIT_COST`...). */
export type LimitName = 'TOKENS' | 'DEPTH' | 'ALIASES' | 'ROOT_FIELDS' | 'COST';

/** Where a caller of another kind may send more: the scope that gives it, that limit, and its variable. */
export interface LimitRoom {
  scope: string;
  limit: number;
  variable: string;
}

/**
 * How refusals name the variable behind each limit, when the limits of one kind of caller are not
 * all set by variables of one prefix; `room` may tell where more is allowed.
 */
export interface LimitVariables {
  variable(limit: LimitName): string;
  room?(limit: LimitName): LimitRoom | undefined;
}

/**
 * The refusals, each naming the variable that sets its limit: `variables` is a prefix (`LIMIT_` at
 * the gateway, `SUBGRAPH_LIMIT_` in a subgraph) followed by the limit's name (`DEPTH`, `COST`...),
 * or names each limit's variable itself. Each carries its message id and parameters, so the gateway
 * answers it in the caller's language (shared/messages).
 */
export const limitRefusals = (variables: string | LimitVariables) => {
  const variableOf = (limit: LimitName) => (typeof variables === 'string' ? `${variables}${limit}` : variables.variable(limit));
  const roomOf = (limit: LimitName) => (typeof variables === 'string' ? undefined : variables.room?.(limit));
  const refusal = (code: LimitCode, id: string, params: MessageParams, details: { limit?: number | string; measured?: number | string } = {}) => {
    const text = message(id, params);
    return new LimitRefusal(code, text.text, { ...details, ...messageExtensions(text) });
  };
  /** A refusal of a limit other kinds of caller may have more of: the message that says so, when they do. */
  const withRoom = (code: LimitCode, id: string, limitName: LimitName, params: MessageParams, details: { limit: number; measured: number | string }) => {
    const room = roomOf(limitName);
    const base = { ...params, limit: figure(details.limit), variable: variableOf(limitName) };
    return room
      ? refusal(code, `${id}_WITH_ROOM`, { ...base, scope: room.scope, roomLimit: figure(room.limit), roomVariable: room.variable }, details)
      : refusal(code, id, base, details);
  };
  return {
    tooDeep: (name: string, depth: number, limit: number) => {
      const refusal = message('QUERY_TOO_DEEP', { operation: operation(name), name, depth: figure(depth), limit, variable: variableOf('DEPTH') });
      return new LimitRefusal('QUERY_TOO_DEEP', refusal.text, { limit, measured: measured(depth), ...messageExtensions(refusal) });
    },
    tooDeepToRead: (limit: number) => refusal('QUERY_TOO_DEEP', 'QUERY_TOO_DEEP_TO_READ', { limit, variable: variableOf('DEPTH') }, { limit, measured: `>${limit}` }),
    tooManyAliases: (name: string, aliases: number, limit: number) =>
      withRoom('TOO_MANY_ALIASES', 'TOO_MANY_ALIASES', 'ALIASES', { operation: operation(name), name, aliases: figure(aliases) }, { limit, measured: measured(aliases) }),
    tooManyRootFields: (name: string, fields: number, limit: number) =>
      withRoom('TOO_MANY_ROOT_FIELDS', 'TOO_MANY_ROOT_FIELDS', 'ROOT_FIELDS', { operation: operation(name), name, fields: figure(fields) }, { limit, measured: measured(fields) }),
    tooCostly: (name: string, cost: number, limit: number) =>
      withRoom('QUERY_TOO_COSTLY', 'QUERY_TOO_COSTLY', 'COST', { operation: operation(name), name, cost: figure(Math.ceil(cost)) }, { limit, measured: measured(Math.ceil(cost)) }),
    tooManyTokens: (limit: number) => refusal('TOO_MANY_TOKENS', 'TOO_MANY_TOKENS', { limit: figure(limit), variable: variableOf('TOKENS') }, { limit, measured: `>${limit}` }),
    introspectionDisabled: (field: string) => refusal('INTROSPECTION_DISABLED', 'INTROSPECTION_DISABLED', { field }),
    /** graphql-js stopped validating: checking that fields of the same response name can be merged compares them in pairs, up to a budget. */
    tooComplexToValidate: () => refusal('QUERY_TOO_COMPLEX', 'QUERY_TOO_COMPLEX_TO_VALIDATE', {}, { limit: 'field merge comparisons' }),
  };
};
