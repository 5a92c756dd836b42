import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind } from 'graphql';
import { documentLimitOptions, DocumentLimitOptions } from '../../shared/limits';
import { HttpServerOptions, SentOperation, variablesOf } from '../../shared/server/http-server';
import { callerKindProfiles } from './caller-kinds';
import { LimitSettings } from './settings';
import { checkConditionVariables } from './condition-variables';

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

/** The document limits of the gateway, made once for Apollo Server's options and the HTTP layer's checks (one set of caches). */
export function gatewayDocumentLimits(settings: LimitSettings): DocumentLimitOptions {
  const kinds = callerKindProfiles(settings);
  return documentLimitOptions(settings, kinds.generalVariables, kinds.profileOf);
}

/**
 * The request limits as Apollo Server options: the document limits' parser token limit, the
 * measure of a document Apollo takes from its APQ cache, the limit errors' codes (shared/limits),
 * and the gateway's own: an operation the document lacks, batching, CSRF prevention. The rest is
 * refused by the HTTP layer before Apollo Server reads the request (limitsHttpOptions,
 * persisted-queries/apq-checks.ts).
 */
export function limitsApolloOptions(
  settings: LimitSettings,
  documentLimits: DocumentLimitOptions,
): Required<Pick<ApolloServerOptions<BaseContext>, 'parseOptions' | 'plugins' | 'formatError' | 'introspection' | 'allowBatchedHttpRequests' | 'csrfPrevention'>> {
  // Apollo Gateway throws on a document without the operation asked for, which Apollo Server answers with a 500.
  const operationResolution: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          if (!requestContext.operation) throw unresolvedOperation(requestContext.document, requestContext.request.operationName);
          checkConditionVariables(requestContext.document, requestContext.operation, requestContext.request.variables);
        },
      };
    },
  };

  const formatError = (error: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    return documentLimits.formatLimitError(error, original) ?? error;
  };

  return {
    parseOptions: documentLimits.parseOptions,
    // The operation is resolved before a document from the APQ cache is measured, so a missing one is named as such.
    plugins: [operationResolution, documentLimits.plugin],
    formatError,
    introspection: settings.introspection,
    allowBatchedHttpRequests: settings.batch > 1,
    csrfPrevention: true,
  };
}

/** What the HTTP layer's document check needs of the gateway: the API schema served now, and the text an operation runs. */
export interface CheckedDocuments {
  /** The API schema Apollo Server serves (undefined before the first supergraph: Apollo Server answers then). */
  schema: () => GraphQLSchema | undefined;
  /** The text the operation runs: the one sent, or the registered operation its persisted-query id names; undefined when none is known yet (APQ by hash). */
  textOf: (operation: SentOperation) => string | undefined;
}

/**
 * The limits the HTTP layer applies before Apollo Server sees the request: body size, batches,
 * CORS, the token and nesting scan (the same for every caller), and the document checks, with the
 * limits of the request's caller (the analysts' for a caller holding their scope).
 */
export function limitsHttpOptions(
  settings: LimitSettings,
  documentLimits: DocumentLimitOptions,
  documents: CheckedDocuments,
): Required<Pick<HttpServerOptions<BaseContext>, 'maxBodyBytes' | 'maxBatchOperations' | 'corsOrigins' | 'checkSource' | 'checkDocument' | 'maxConnections' | 'requestTimeoutMs'>> {
  const checkDocument = (operation: SentOperation, context: BaseContext): GraphQLFormattedError[] => {
    const text = documents.textOf(operation);
    const schema = documents.schema();
    return text !== undefined && schema ? documentLimits.checkText(text, schema, variablesOf(operation), context) : [];
  };
  return {
    maxBodyBytes: settings.bodyBytes,
    maxBatchOperations: settings.batch,
    corsOrigins: settings.corsOrigins,
    checkSource: documentLimits.checkSource,
    checkDocument,
    maxConnections: settings.connections,
    requestTimeoutMs: settings.requestSeconds * 1_000,
  };
}
