import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind, ValidationRule } from 'graphql';
import { checkDocument, DocumentLimits } from './check-document';
import { LimitRefusal, limitRefusals } from './errors';

/** The document limits as pieces of Apollo Server's options, for the gateway and for each subgraph. */
export interface DocumentLimitOptions {
  parseOptions: NonNullable<ApolloServerOptions<BaseContext>['parseOptions']>;
  validationRules: ValidationRule[];
  plugin: ApolloServerPlugin<BaseContext>;
  /** The client's view of an error the limits raised (or that graphql-js raised at a limit of its own); undefined for any other error. */
  formatLimitError(error: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined;
}

/** A refusal as the client sees it: message, code, limit and measured value (no HTTP details). */
function formatted(refusal: LimitRefusal): GraphQLFormattedError {
  const { http: _http, ...extensions } = refusal.extensions as Record<string, unknown>;
  return { message: refusal.message, extensions };
}

/** graphql-js's own message when OverlappingFieldsCanBeMerged runs out of its comparison budget (it has no code). */
const VALIDATION_ABORTED = 'Validation aborted.';

/**
 * The parser's token limit and the document checks (depth, aliases, root fields, cost,
 * introspection), with errors that carry their codes; refusals name `variablePrefix` variables.
 *
 * The document is checked after parsing and before graphql-js validation, which is itself costly
 * on a huge document. Apollo Server answers an error thrown from `validationDidStart` with a 500
 * (it supports throwing only from `didResolveOperation`, after validation: apollo-server #7829), so
 * `validationDidStart` measures the document and, when a limit is broken, puts an empty stand-in
 * document in its place; validation then reads only that stand-in, where the `refusedDocument`
 * rule reports the refusals (HTTP 400). `formatLimitError` gives them back their own codes, which
 * Apollo replaces with GRAPHQL_VALIDATION_FAILED.
 *
 * Validated documents are cached by their text and skip parsing and validation next time, but
 * their cost depends on the variables (`first: $n`, an entity batch's representations), so a
 * cached document is measured again in `didResolveOperation`, still before anything is planned,
 * executed or read.
 */
export function documentLimitOptions(settings: DocumentLimits, variablePrefix: string): DocumentLimitOptions {
  const refusals = limitRefusals(variablePrefix);
  const refused = new WeakMap<DocumentNode, LimitRefusal[]>();

  const refusedDocument: ValidationRule = (context) => {
    for (const refusal of refused.get(context.getDocument()) ?? []) context.reportError(refusal);
    return {};
  };

  // A document without variables measures the same every time: one that passed is remembered
  // (per schema), so a request for it from the document cache is not walked again.
  const passed = new WeakMap<DocumentNode, GraphQLSchema>();
  const withoutVariables = (document: DocumentNode) =>
    document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || !d.variableDefinitions || d.variableDefinitions.length === 0);

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      let checked = false;
      return {
        async validationDidStart(requestContext) {
          checked = true;
          const found = checkDocument(requestContext.document, requestContext.schema, requestContext.request.variables, settings, variablePrefix);
          if (found.length === 0) return;
          const standIn: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };
          refused.set(standIn, found);
          (requestContext as { document: DocumentNode }).document = standIn;
        },
        async didResolveOperation(requestContext) {
          if (checked) return;
          const { document, schema } = requestContext;
          if (passed.get(document) === schema) return;
          const [refusal] = checkDocument(document, schema, requestContext.request.variables, settings, variablePrefix);
          if (refusal) throw refusal;
          if (withoutVariables(document)) passed.set(document, schema);
        },
      };
    },
  };

  const formatLimitError = (error: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined => {
    if (original instanceof LimitRefusal) return formatted(original);
    if (original instanceof GraphQLError && original.originalError instanceof LimitRefusal) return formatted(original.originalError);
    const code = error.extensions?.code;
    if (code === 'GRAPHQL_PARSE_FAILED') {
      if (/Document contains more tha[nt] \d+ tokens/.test(error.message)) return formatted(refusals.tooManyTokens(settings.tokens));
      if (/Maximum call stack size exceeded/.test(error.message)) return formatted(refusals.tooDeepToRead(settings.depth));
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && error.message === VALIDATION_ABORTED) return formatted(refusals.tooComplexToValidate());
    return undefined;
  };

  return { parseOptions: { maxTokens: settings.tokens }, validationRules: [refusedDocument], plugin, formatLimitError };
}
