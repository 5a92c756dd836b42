import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { message, messageExtensions } from '../../shared/messages/catalog';
import { Safelist } from './safelist';
import { SafelistMode } from './settings';

/** An operation that is not in the safelist, as the plugin reports it (to the log and the metrics). */
export interface UnregisteredOperation {
  /** The operation name the client gave, or the first one its text names; undefined for an unknown id. */
  name?: string;
  /** The id sent, when the client sent one (`extensions.persistedQuery.sha256Hash`). */
  id?: string;
  requestId?: string;
  refused: boolean;
}

export interface PersistedQueriesOptions {
  safelist?: Safelist;
  mode: SafelistMode;
  requireId: boolean;
  onUnregistered?: (operation: UnregisteredOperation) => void;
}

/** Takes the persisted-query extension out of `request`, keeping its other extensions. */
const dropPersistedQuery = (request: GraphQLRequest): void => {
  if (!request.extensions || !('persistedQuery' in request.extensions)) return;
  const { persistedQuery: _dropped, ...rest } = request.extensions;
  request.extensions = rest;
};

const nameInText = (text: string | undefined): string | undefined => /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(text ?? '')?.[1];

type RefusalReason = 'unknown id' | 'unregistered text' | 'id required';

/** The error an unregistered operation gets under `SAFELIST=enforce` (HTTP 400). */
function refusal(kind: RefusalReason, name: string | undefined): GraphQLError {
  const what = name ? `operation ${name}` : 'this operation';
  const code = kind === 'unknown id' ? 'PERSISTED_QUERY_NOT_IN_LIST' : kind === 'id required' ? 'PERSISTED_QUERY_ID_REQUIRED' : 'QUERY_NOT_IN_SAFELIST';
  const refusal = message(code, { what });
  return new GraphQLError(refusal.text, { extensions: { code, ...messageExtensions(refusal), http: { status: 400 } } });
}

/**
 * Persisted queries and the safelist, before Apollo Server reads the request.
 *
 * - A request whose `extensions.persistedQuery.sha256Hash` is the id of a registered operation
 *   (manifest) runs that operation's text; the client sends no text, or the same.
 * - Anything else goes on to Apollo's automatic persisted queries (APQ: a hash alone, unknown,
 *   gets `PERSISTED_QUERY_NOT_FOUND`; hash and text register the text; then the hash alone serves it)
 *   unless the safelist says otherwise: under `SAFELIST=enforce` an operation that is not
 *   registered (by id, or by text in any spacing) is refused before it is parsed, planned or run:
 *   400 `PERSISTED_QUERY_NOT_IN_LIST` (an unknown id), `QUERY_NOT_IN_SAFELIST` (unregistered text),
 *   `PERSISTED_QUERY_ID_REQUIRED` (registered text, but ids are required). `SAFELIST=log` serves
 *   them and reports each.
 *
 * Apollo Server reads `query` and `extensions` after every plugin's `requestDidStart`, so this
 * plugin sets them there. A refused request's text is replaced by `{ __typename }` (never run),
 * so that nothing of the unregistered document is read, and the refusal is thrown where Apollo
 * Server answers errors with their HTTP status: `didResolveOperation`. Put this plugin first, so
 * that its hooks start before the others'.
 */
export function persistedQueriesPlugin<C extends BaseContext>(options: PersistedQueriesOptions): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const outcome = safelistOutcome(options, request);
      if (outcome.kind === 'by id') {
        request.query = outcome.body;
        dropPersistedQuery(request);
        return undefined;
      }
      if (outcome.kind === 'as sent') return undefined;
      const name = request.operationName ?? nameInText(request.query);
      const id = persistedQueryId(request);
      const requestId = request.http?.headers.get('x-request-id') ?? undefined;
      options.onUnregistered?.({ ...(name ? { name } : {}), ...(id ? { id } : {}), ...(requestId ? { requestId } : {}), refused: outcome.kind === 'refused' });
      if (outcome.kind === 'logged') return undefined;
      const error = refusal(outcome.reason, name);
      standIn(request);
      return {
        async didResolveOperation() {
          throw error;
        },
        async willSendResponse(requestContext) {
          // The stand-in is no operation of the client's: logs and metrics see a request refused before its document was read.
          (requestContext as { operation?: unknown }).operation = undefined;
        },
      };
    },
  };
}

/** The id a request sends (`extensions.persistedQuery.sha256Hash`), if it sends one. */
const persistedQueryId = (request: Pick<GraphQLRequest, 'extensions'>): string | undefined => {
  const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
};

/**
 * What the safelist makes of a request: `by id`, the registered operation runs in its place (its
 * persisted-query extension dropped); `as sent`, it goes on to Apollo Server as it came (APQ
 * included); `logged`, the same, reported as unregistered (`SAFELIST=log`); `refused`, it is
 * not run (`SAFELIST=enforce`).
 */
export type SafelistOutcome = { kind: 'by id'; body: string } | { kind: 'as sent' } | { kind: 'logged' } | { kind: 'refused'; reason: RefusalReason };

export function safelistOutcome(options: Pick<PersistedQueriesOptions, 'safelist' | 'mode' | 'requireId'>, request: Pick<GraphQLRequest, 'query' | 'extensions'>): SafelistOutcome {
  const { safelist, mode, requireId } = options;
  const id = persistedQueryId(request);
  if (safelist && id !== undefined) {
    const registered = safelist.byId(id);
    if (registered && (request.query === undefined || safelist.byText(request.query) === registered)) return { kind: 'by id', body: registered.body };
  }
  if (!safelist || mode === 'off') return { kind: 'as sent' };
  const registered = request.query !== undefined ? safelist.byText(request.query) : undefined;
  if (registered && !requireId) return { kind: 'as sent' };
  if (mode === 'log') return { kind: 'logged' };
  return { kind: 'refused', reason: registered ? 'id required' : request.query === undefined ? 'unknown id' : 'unregistered text' };
}

/** Replaces a refused request by a document that is never run (see persistedQueriesPlugin). */
function standIn(request: GraphQLRequest): void {
  request.query = '{ __typename }';
  delete request.operationName;
  delete request.variables;
  dropPersistedQuery(request);
}
