import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLFormattedError, Kind } from 'graphql';
import { documentLimitOptions } from '../../shared/limits';
import { callerKindProfiles } from './caller-kinds';
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

/**
 * The request limits as Apollo Server options: the document limits every service checks
 * (shared/limits: the parser's token limit, depth, aliases, root fields, cost, introspection; the
 * aliases, root fields and cost larger for callers holding the analysts' scope), and
 * the gateway's own: an operation the document lacks, batching, CSRF prevention. Batches beyond
 * `LIMIT_BATCH` and the persisted-query mistakes Apollo would answer without a code are refused by
 * the HTTP layer before Apollo Server reads the request (limitsHttpOptions, persisted-queries/apq-checks.ts).
 */
export function limitsApolloOptions(
  settings: LimitSettings,
): Required<
  Pick<ApolloServerOptions<BaseContext>, 'parseOptions' | 'validationRules' | 'plugins' | 'formatError' | 'introspection' | 'allowBatchedHttpRequests' | 'csrfPrevention'>
> {
  const kinds = callerKindProfiles(settings);
  const documentLimits = documentLimitOptions(settings, kinds.generalVariables, kinds.profileOf);

  // Apollo Gateway throws on a document without the operation asked for, which Apollo Server answers with a 500.
  const operationResolution: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          if (!requestContext.operation) throw unresolvedOperation(requestContext.document, requestContext.request.operationName);
        },
      };
    },
  };

  const formatError = (error: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    return documentLimits.formatLimitError(error, original) ?? error;
  };

  return {
    parseOptions: documentLimits.parseOptions,
    validationRules: documentLimits.validationRules,
    // The operation is resolved before it is measured again (a cached document), so a missing one is named as such.
    plugins: [operationResolution, documentLimits.plugin],
    formatError,
    introspection: settings.introspection,
    allowBatchedHttpRequests: settings.batch > 1,
    csrfPrevention: true,
  };
}

/** The limits the HTTP layer applies before Apollo Server sees the request. */
export function limitsHttpOptions(settings: LimitSettings): {
  maxBodyBytes: number;
  maxBatchOperations: number;
  corsOrigins: string[];
  checkSource: (query: string) => GraphQLFormattedError | undefined;
} {
  // The token and nesting limits are the same for every kind of caller: the scan runs before anyone is known.
  const { checkSource } = documentLimitOptions(settings, callerKindProfiles(settings).generalVariables);
  return { maxBodyBytes: settings.bodyBytes, maxBatchOperations: settings.batch, corsOrigins: settings.corsOrigins, checkSource };
}
