import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind, ValidationRule } from 'graphql';
import { checkDocument } from './check-document';
import { LimitRefusal, limitRefusals } from './errors';
import { LimitSettings } from './settings';

/** 400 `OPERATION_RESOLUTION_FAILURE`: the operation named is not in the document, or none is named among several. */
function unresolvedOperation(document: DocumentNode, operationName: string | undefined): GraphQLError {
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
  const message =
    names.length === 0
      ? 'The document has no operation to run.'
      : operationName
        ? `The document has no operation named "${operationName}"; it has ${names.join(', ')}.`
        : `The document has ${names.length} operations (${names.join(', ')}); name the one to run in operationName.`;
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
}

/** A refusal as the client sees it: message, code, limit and measured value (no HTTP details). */
function formatted(refusal: LimitRefusal): GraphQLFormattedError {
  const { http: _http, ...extensions } = refusal.extensions as Record<string, unknown>;
  return { message: refusal.message, extensions };
}

/**
 * The request limits as Apollo Server options: the parser's token limit, the document checks (depth,
 * aliases, root fields, cost, introspection), batching, CSRF prevention, and errors with their codes.
 *
 * The document is checked after parsing and before graphql-js validation, which is itself costly
 * on a huge document. Apollo Server answers an error thrown from `validationDidStart` with a 500
 * (it supports throwing only from `didResolveOperation`, after validation: apollo-server #7829), so
 * `validationDidStart` measures the document and, when a limit is broken, puts an empty stand-in
 * document in its place; validation then reads only that stand-in, where the `refusedDocument`
 * rule reports the refusals (HTTP 400). `formatError` gives them back their own codes, which Apollo
 * replaces with GRAPHQL_VALIDATION_FAILED.
 *
 * Validated documents are cached by their text and skip parsing and validation next time, but
 * their cost depends on the variables (`first: $n`), so a cached document is measured again in
 * `didResolveOperation`, still before the query is planned or executed.
 */
export function limitsApolloOptions(settings: LimitSettings): Required<
  Pick<
    ApolloServerOptions<BaseContext>,
    'parseOptions' | 'validationRules' | 'plugins' | 'formatError' | 'introspection' | 'allowBatchedHttpRequests' | 'csrfPrevention'
  >
> {
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
          const refusals = checkDocument(requestContext.document, requestContext.schema, requestContext.request.variables, settings);
          if (refusals.length === 0) return;
          const standIn: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };
          refused.set(standIn, refusals);
          (requestContext as { document: DocumentNode }).document = standIn;
        },
        async didResolveOperation(requestContext) {
          // Apollo Gateway throws on a document without the operation asked for, which Apollo Server answers with a 500.
          if (!requestContext.operation) throw unresolvedOperation(requestContext.document, requestContext.request.operationName);
          if (checked) return;
          const { document, schema } = requestContext;
          if (passed.get(document) === schema) return;
          const [refusal] = checkDocument(document, schema, requestContext.request.variables, settings);
          if (refusal) throw refusal;
          if (withoutVariables(document)) passed.set(document, schema);
        },
      };
    },
  };

  const formatError = (error: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    if (original instanceof LimitRefusal) return formatted(original);
    if (original instanceof GraphQLError && original.originalError instanceof LimitRefusal) return formatted(original.originalError);
    const code = error.extensions?.code;
    if (code === 'GRAPHQL_PARSE_FAILED') {
      if (/Document contains more tha[nt] \d+ tokens/.test(error.message)) return formatted(limitRefusals.tooManyTokens(settings.tokens));
      if (/Maximum call stack size exceeded/.test(error.message)) return formatted(limitRefusals.tooDeepToRead(settings.depth));
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && /introspection is not allowed/i.test(error.message)) {
      return formatted(limitRefusals.introspectionDisabled('__schema or __type'));
    }
    if (code === 'INTERNAL_SERVER_ERROR' && /^(provided sha does not match query|Unsupported persisted query version)/.test(error.message)) {
      // Apollo Server's persisted-query checks throw these without a code; they are the client's mistake.
      return { ...error, extensions: { ...error.extensions, code: 'BAD_REQUEST' } };
    }
    if (code === 'BAD_REQUEST' && /batching disabled/i.test(error.message)) {
      return {
        message: 'This gateway does not accept batched requests (a JSON array of operations); send each operation in its own request.',
        extensions: { code: 'BATCHING_NOT_SUPPORTED' },
      };
    }
    return error;
  };

  return {
    parseOptions: { maxTokens: settings.tokens },
    validationRules: [refusedDocument],
    plugins: [plugin],
    formatError,
    introspection: settings.introspection,
    allowBatchedHttpRequests: settings.batch > 1,
    csrfPrevention: true,
  };
}

/** The limits the HTTP layer applies before Apollo Server sees the request. */
export function limitsHttpOptions(settings: LimitSettings): { maxBodyBytes: number; maxBatchOperations: number; corsOrigins: string[] } {
  return { maxBodyBytes: settings.bodyBytes, maxBatchOperations: settings.batch, corsOrigins: settings.corsOrigins };
}
