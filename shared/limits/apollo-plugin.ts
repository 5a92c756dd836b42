import { createHash } from 'node:crypto';
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind, ValidationRule } from 'graphql';
import { validationAbortedError } from 'graphql/validation/validationAbortedError';
import { checkDocument, DocumentLimits } from './check-document';
import { LimitRefusal, limitRefusals, LimitVariables } from './errors';
import { scanSource } from './source-scan';

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
  /**
   * The token and nesting scan of an operation's text, for the HTTP layer to run before Apollo Server
   * parses it (an error thrown from Apollo's `didResolveSource` would be answered 500): the refusal, or
   * undefined. Texts that passed are remembered (the last 5,000), so a text sent again is not read twice.
   */
  checkSource(text: string): GraphQLFormattedError | undefined;
  /** The client's view of an error the limits raised (or that graphql-js raised at a limit of its own); undefined for any other error. */
  formatLimitError(error: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined;
}

/** A refusal as the client sees it: message, code, limit and measured value (no HTTP details). */
function formatted(refusal: LimitRefusal): GraphQLFormattedError {
  const { http: _http, ...extensions } = refusal.extensions as Record<string, unknown>;
  return { message: refusal.message, extensions };
}

/**
 * How deeply a document's brackets may nest before it is refused unread, as too deep: far more than
 * any depth limit needs (so a document a little too deep is still measured and told its depth), and
 * well within what the parser, the validator and the measure can recurse through on Node's stack.
 */
export const MAX_READABLE_NESTING = 1_024;

/** Digests of the texts that passed the scan (the oldest forgotten first), so a text sent again is not read twice. */
const SCANNED_TEXTS_KEPT = 5_000;

/**
 * The token limit and the document checks (depth, aliases, root fields, cost, introspection), with
 * errors that carry their codes; refusals name the variables `variables` says (a prefix, such as
 * `LIMIT_`, or a name for each limit). `profileOf` may hold a request to other limits, chosen from its context (the gateway's callers
 * holding the analysts' scope); without it, or where it answers undefined, `settings` apply.
 *
 * Before anything parses the text (`checkSource`, run by the HTTP layer), graphql-js's lexer counts its tokens and how
 * deeply its brackets nest (source-scan.ts): too many tokens, or nesting past `MAX_READABLE_NESTING`,
 * is refused there with its code, so neither the parser nor the validator meets a
 * document that could exhaust the stack, and no library error has to be recognised by its text.
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

  const scanned = new Set<string>();

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

  const checkSource = (text: string): GraphQLFormattedError | undefined => {
    // Remembered by digest, not by text: a text may be a megabyte of comments, which have no tokens.
    const digest = createHash('sha256').update(text).digest('base64');
    if (scanned.has(digest)) return undefined;
    const scan = scanSource(text, settings.tokens, MAX_READABLE_NESTING);
    if (scan.tokens > settings.tokens) return formatted(refusals.tooManyTokens(settings.tokens));
    if (scan.nesting > MAX_READABLE_NESTING) return formatted(refusals.tooDeepToRead(settings.depth));
    if (scanned.size >= SCANNED_TEXTS_KEPT) scanned.delete(scanned.values().next().value!);
    scanned.add(digest);
    return undefined;
  };

  const formatLimitError = (_error: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined => {
    if (original instanceof LimitRefusal) return formatted(original);
    if (original instanceof GraphQLError && original.originalError instanceof LimitRefusal) return formatted(original.originalError);
    // graphql-js stops validating with this one error object when OverlappingFieldsCanBeMerged runs out of its comparison budget.
    if (original instanceof GraphQLError && (original === validationAbortedError || original.originalError === validationAbortedError)) {
      return formatted(refusals.tooComplexToValidate());
    }
    return undefined;
  };

  return { parseOptions: { maxTokens: settings.tokens }, validationRules: [refusedDocument], plugin, formatLimitError, checkSource };
}
