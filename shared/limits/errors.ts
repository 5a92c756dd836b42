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

/**
 * How refusals name the variable behind each limit, when the limits of one kind of caller are not
 * all set by variables of one prefix; `beyond` may add a sentence on where more is allowed.
 */
export interface LimitVariables {
  variable(limit: LimitName): string;
  beyond?(limit: LimitName): string | undefined;
}

/**
 * The refusals, each naming the variable that sets its limit: `variables` is a prefix (`LIMIT_` at
 * the gateway, `SUBGRAPH_LIMIT_` in a subgraph) followed by the limit's name (`DEPTH`, `COST`...),
 * or names each limit's variable itself.
 */
export const limitRefusals = (variables: string | LimitVariables) => {
  const variableOf = (limit: LimitName) => (typeof variables === 'string' ? `${variables}${limit}` : variables.variable(limit));
  const beyond = (limit: LimitName) => {
    const more = typeof variables === 'string' ? undefined : variables.beyond?.(limit);
    return more ? ` ${more}` : '';
  };
  return {
    tooDeep: (name: string, depth: number, limit: number) => {
      const refusal = message('QUERY_TOO_DEEP', { operation: operation(name), name, depth: figure(depth), limit, variable: variableOf('DEPTH') });
      return new LimitRefusal('QUERY_TOO_DEEP', refusal.text, { limit, measured: measured(depth), ...messageExtensions(refusal) });
    },
    tooDeepToRead: (limit: number) =>
      new LimitRefusal('QUERY_TOO_DEEP', `The document is nested too deeply to be read; the limit is ${limit} levels of fields (${variableOf('DEPTH')}).`, {
        limit,
        measured: `>${limit}`,
      }),
    tooManyAliases: (name: string, aliases: number, limit: number) =>
      new LimitRefusal(
        'TOO_MANY_ALIASES',
        `${operation(name)} uses ${figure(aliases)} aliases (fragments counted each time they are spread); the limit is ${limit} (${variableOf('ALIASES')}).${beyond('ALIASES')} Use a list field or split the request.`,
        { limit, measured: measured(aliases) },
      ),
    tooManyRootFields: (name: string, fields: number, limit: number) =>
      new LimitRefusal(
        'TOO_MANY_ROOT_FIELDS',
        `${operation(name)} selects ${figure(fields)} top-level fields; the limit is ${limit} (${variableOf('ROOT_FIELDS')}).${beyond('ROOT_FIELDS')} Split it into several requests.`,
        { limit, measured: measured(fields) },
      ),
    tooCostly: (name: string, cost: number, limit: number) =>
      new LimitRefusal(
        'QUERY_TOO_COSTLY',
        `${operation(name)} has an estimated cost of ${figure(Math.ceil(cost))}; the limit is ${limit.toLocaleString('en-US')} (${variableOf('COST')}).${beyond('COST')} ` +
          'Every field costs 1 for each item of the lists above it; a list counts as its `first` argument, ' +
          'as 20 items for a page without one, as 10 for other lists, and an entity batch (_entities) as its representations. Ask for smaller pages or fewer nested lists.',
        { limit, measured: measured(Math.ceil(cost)) },
      ),
    tooManyTokens: (limit: number) =>
      new LimitRefusal(
        'TOO_MANY_TOKENS',
        `The document has more than ${limit.toLocaleString('en-US')} tokens (names, punctuation and values); the limit is ${limit.toLocaleString('en-US')} (${variableOf('TOKENS')}). Send a smaller document.`,
        { limit, measured: `>${limit}` },
      ),
    introspectionDisabled: (field: string) =>
      new LimitRefusal(
        'INTROSPECTION_DISABLED',
        `Introspection (${field}) is turned off on this gateway (INTROSPECTION=false). Ask its operators for the schema; __typename still works.`,
      ),
    /** graphql-js stopped validating: checking that fields of the same response name can be merged compares them in pairs, up to a budget. */
    tooComplexToValidate: () =>
      new LimitRefusal(
        'QUERY_TOO_COMPLEX',
        "The document selects fields of the same name so many times that checking they can be merged (graphql-js compares them in pairs) went past the validator's budget of comparisons, so it was not validated. " +
          'Select each field once in a selection set (use aliases for different arguments) and send a smaller document.',
        { limit: 'field merge comparisons' },
      ),
  };
};
