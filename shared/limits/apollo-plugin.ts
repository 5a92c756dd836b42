import { createHash } from 'node:crypto';
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind, parse } from 'graphql';
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

/** The document limits as pieces of Apollo Server's options and as the HTTP layer's checks, for the gateway and for each subgraph. */
export interface DocumentLimitOptions {
  parseOptions: NonNullable<ApolloServerOptions<BaseContext>['parseOptions']>;
  plugin: ApolloServerPlugin<BaseContext>;
  /**
   * The token and nesting scan of an operation's text, for the HTTP layer to run before Apollo Server
   * parses it (an error thrown from Apollo's `didResolveSource` would be answered 500): the refusal, or
   * undefined. Texts that passed are remembered (the last 5,000), so a text sent again is not read twice.
   */
  checkSource: (text: string) => GraphQLFormattedError | undefined;
  /**
   * The document checks (depth, aliases, root fields, cost, introspection) of an operation's text,
   * for the HTTP layer to run before Apollo Server reads the request: parsed here (with the token
   * limit), measured against `schema` and `variables` with the limits of the caller `context` holds.
   * The refusals (one per limit broken), or none; a text that does not parse is left to Apollo Server.
   */
  checkText: (text: string, schema: GraphQLSchema, variables: Record<string, unknown> | undefined, context: BaseContext) => GraphQLFormattedError[];
  /** The client's view of an error the limits raised (or that graphql-js raised at a limit of its own); undefined for any other error. */
  formatLimitError: (error: GraphQLFormattedError, original: unknown) => GraphQLFormattedError | undefined;
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

/** How many texts each cache remembers by digest (the oldest forgotten first). */
const TEXTS_KEPT = 5_000;

/** Digests remembered in the order they came, the oldest forgotten past `TEXTS_KEPT`. */
class RecentDigests {
  private readonly digests = new Set<string>();
  has(digest: string): boolean {
    return this.digests.has(digest);
  }
  add(digest: string): void {
    if (this.digests.size >= TEXTS_KEPT) this.digests.delete(this.digests.values().next().value!);
    this.digests.add(digest);
  }
}

// Remembered by digest, not by text: a text may be a megabyte of comments, which have no tokens.
// The HTTP layer scans a text, then checks it: the last digest is kept so the text is hashed once.
let lastDigest: { text: string; digest: string } | undefined;
const digestOf = (text: string): string => {
  if (lastDigest?.text !== text) lastDigest = { text, digest: createHash('sha256').update(text).digest('base64') };
  return lastDigest.digest;
};

/** How many parsed documents with variables `checkText` keeps (their cost is measured again with each request's variables). */
const PARSED_KEPT = 500;

const withoutVariables = (document: DocumentNode) =>
  document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || !d.variableDefinitions || d.variableDefinitions.length === 0);

/**
 * The token limit and the document checks (depth, aliases, root fields, cost, introspection), with
 * errors that carry their codes; refusals name the variables `variables` says (a prefix, such as
 * `LIMIT_`, or a name for each limit). `profileOf` may hold a request to other limits, chosen from its context (the gateway's callers
 * holding the analysts' scope); without it, or where it answers undefined, `settings` apply.
 *
 * Both run in the HTTP layer, before Apollo Server reads the request, so a refused request never
 * reaches it. First `checkSource`: graphql-js's lexer counts the text's tokens and how deeply its
 * brackets nest (source-scan.ts); too many tokens, or nesting past `MAX_READABLE_NESTING`, is refused
 * with its code, so the parser never meets a document that could exhaust the stack. Then `checkText`
 * parses the text and measures it against the schema, the variables and the caller's limits, before
 * graphql-js validation (itself costly on a huge document) could read it: 400 with one error per
 * limit broken.
 *
 * A text that passed is remembered by its SHA-256 (per schema and per profile: what passed an
 * analyst's limits may not pass another caller's), when its cost does not depend on variables, so
 * a text sent again is neither parsed nor walked again here.
 *
 * The one document Apollo Server runs that the HTTP layer never saw is one an automatic persisted
 * query names by its hash alone: its text comes from Apollo's APQ cache, registered by an earlier
 * request (another caller's, or with other variables). The plugin measures that one in
 * `didResolveOperation`, the hook where Apollo Server answers a thrown error with its HTTP status
 * (400), still before anything is planned, executed or read.
 */
export function documentLimitOptions(
  settings: DocumentLimits,
  variables: string | LimitVariables,
  profileOf?: (context: BaseContext) => LimitProfile | undefined,
): DocumentLimitOptions {
  const refusals = limitRefusals(variables);
  const general: LimitProfile = { limits: settings, variables };

  // A document without variables measures the same every time: one that passed is remembered per profile and schema.
  const passedDocuments = new WeakMap<LimitProfile, WeakMap<DocumentNode, GraphQLSchema>>();
  const passedTexts = new WeakMap<LimitProfile, WeakMap<GraphQLSchema, RecentDigests>>();
  const documentsPassed = (profile: LimitProfile) => {
    let documents = passedDocuments.get(profile);
    if (!documents) passedDocuments.set(profile, (documents = new WeakMap()));
    return documents;
  };
  const textsPassed = (profile: LimitProfile, schema: GraphQLSchema) => {
    let bySchema = passedTexts.get(profile);
    if (!bySchema) passedTexts.set(profile, (bySchema = new WeakMap()));
    let texts = bySchema.get(schema);
    if (!texts) bySchema.set(schema, (texts = new RecentDigests()));
    return texts;
  };

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart({ request }) {
      // A text sent with the request went through the HTTP layer's `checkText`; without one, Apollo takes it from its APQ cache.
      if (request.query !== undefined) return undefined;
      return {
        async didResolveOperation(requestContext) {
          const { document, schema } = requestContext;
          const profile = profileOf?.(requestContext.contextValue) ?? general;
          const documents = documentsPassed(profile);
          if (documents.get(document) === schema) return;
          const [refusal] = checkDocument(document, schema, requestContext.request.variables, profile.limits, profile.variables);
          if (refusal) throw refusal;
          if (withoutVariables(document)) documents.set(document, schema);
        },
      };
    },
  };

  const scanned = new RecentDigests();
  const checkSource = (text: string): GraphQLFormattedError | undefined => {
    const digest = digestOf(text);
    if (scanned.has(digest)) return undefined;
    const scan = scanSource(text, settings.tokens, MAX_READABLE_NESTING);
    if (scan.tokens > settings.tokens) return formatted(refusals.tooManyTokens(settings.tokens));
    if (scan.nesting > MAX_READABLE_NESTING) return formatted(refusals.tooDeepToRead(settings.depth));
    scanned.add(digest);
    return undefined;
  };

  // A text with variables that passed once is parsed once: only its measure depends on the variables.
  const parsedWithVariables = new Map<string, DocumentNode>();
  const checkText = (text: string, schema: GraphQLSchema, sentVariables: Record<string, unknown> | undefined, context: BaseContext): GraphQLFormattedError[] => {
    const profile = profileOf?.(context) ?? general;
    const texts = textsPassed(profile, schema);
    const digest = digestOf(text);
    if (texts.has(digest)) return [];
    let document = parsedWithVariables.get(digest);
    if (!document) {
      try {
        document = parse(text, { maxTokens: settings.tokens });
      } catch {
        return []; // Apollo Server answers a text that does not parse (GRAPHQL_PARSE_FAILED).
      }
    }
    const found = checkDocument(document, schema, sentVariables, profile.limits, profile.variables);
    if (found.length === 0 && withoutVariables(document)) texts.add(digest);
    else if (found.length === 0 && !parsedWithVariables.has(digest)) {
      if (parsedWithVariables.size >= PARSED_KEPT) parsedWithVariables.delete(parsedWithVariables.keys().next().value!);
      parsedWithVariables.set(digest, document);
    }
    return found.map(formatted);
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

  return { parseOptions: { maxTokens: settings.tokens }, plugin, formatLimitError, checkSource, checkText };
}
