import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind, ValidationRule } from 'graphql';
import { checkDocument, DocumentLimits } from './check-document';
import { LimitRefusal, limitRefusals, LimitVariables } from './errors';

/**
 * The document limits one kind of caller is held to, and how its refusals name their variables.
 * Only the limits checked after parsing may differ by caller (the parser's token limit is one for all).
 */
export interface LimitProfile {
  limits: DocumentLimits;
  variables: string | LimitVariables;
}

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
 * introspection), with errors that carry their codes; refusals name the variables `variables`
 * says (a prefix, such as `LIMIT_`, or a name for each limit). `profileOf` may hold a request to other limits, chosen from its context (the gateway's callers
 * holding the analysts' scope); without it, or where it answers undefined, `settings` apply.
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
export function documentLimitOptions(
  settings: DocumentLimits,
  variables: string | LimitVariables,
  profileOf?: (context: BaseContext) => LimitProfile | undefined,
): DocumentLimitOptions {
  const refusals = limitRefusals(variables);
  const refused = new WeakMap<DocumentNode, LimitRefusal[]>();
  const general: LimitProfile = { limits: settings, variables };

  const refusedDocument: ValidationRule = (context) => {
    for (const refusal of refused.get(context.getDocument()) ?? []) context.reportError(refusal);
    return {};
  };

  // A document without variables measures the same every time: one that passed is remembered
  // (per schema and per profile: what passed an analyst's limits may not pass another caller's),
  // so a request for it from the document cache is not walked again.
  const passed = new WeakMap<LimitProfile, WeakMap<DocumentNode, GraphQLSchema>>();
  const passedFor = (profile: LimitProfile) => {
    let documents = passed.get(profile);
    if (!documents) passed.set(profile, (documents = new WeakMap()));
    return documents;
  };
  const withoutVariables = (document: DocumentNode) =>
    document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || !d.variableDefinitions || d.variableDefinitions.length === 0);

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      let checked = false;
      return {
        async validationDidStart(requestContext) {
          checked = true;
          const profile = profileOf?.(requestContext.contextValue) ?? general;
          const found = checkDocument(requestContext.document, requestContext.schema, requestContext.request.variables, profile.limits, profile.variables);
          if (found.length === 0) return;
          const standIn: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };
          refused.set(standIn, found);
          (requestContext as { document: DocumentNode }).document = standIn;
        },
        async didResolveOperation(requestContext) {
          if (checked) return;
          const { document, schema } = requestContext;
          const profile = profileOf?.(requestContext.contextValue) ?? general;
          const documents = passedFor(profile);
          if (documents.get(document) === schema) return;
          const [refusal] = checkDocument(document, schema, requestContext.request.variables, profile.limits, profile.variables);
          if (refusal) throw refusal;
          if (withoutVariables(document)) documents.set(document, schema);
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
    // A document the parser read with the stack it had left can still overflow it in validation.
    if (code === 'GRAPHQL_VALIDATION_FAILED' && /Maximum call stack size exceeded/.test(error.message)) return formatted(refusals.tooDeepToRead(settings.depth));
    return undefined;
  };

  return { parseOptions: { maxTokens: settings.tokens }, validationRules: [refusedDocument], plugin, formatLimitError };
}
