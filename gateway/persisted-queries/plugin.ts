import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
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
}

/** Takes the persisted-query extension out of `request`, keeping its other extensions. */
const dropPersistedQuery = (request: GraphQLRequest): void => {
  if (!request.extensions || !('persistedQuery' in request.extensions)) return;
  const { persistedQuery: _dropped, ...rest } = request.extensions;
  request.extensions = rest;
};

/** The operation's name as the client gave it, or the first one its text names. */
export const nameOfOperation = (operationName: string | undefined, text: string | undefined): string | undefined =>
  operationName ?? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(text ?? '')?.[1];

type RefusalReason = 'unknown id' | 'unregistered text' | 'id required';

/** The error an unregistered operation gets under `SAFELIST=enforce` (HTTP 400), as the client sees it. */
export function safelistRefusal(kind: RefusalReason, name: string | undefined): GraphQLFormattedError {
  const what = name ? `operation ${name}` : 'this operation';
  const code = kind === 'unknown id' ? 'PERSISTED_QUERY_NOT_IN_LIST' : kind === 'id required' ? 'PERSISTED_QUERY_ID_REQUIRED' : 'QUERY_NOT_IN_SAFELIST';
  const refusal = message(code, { what });
  return { message: refusal.text, extensions: { code, ...messageExtensions(refusal) } };
}

/**
 * Registered operations served by id, in Apollo Server: a request whose
 * `extensions.persistedQuery.sha256Hash` is the id of a registered operation (manifest) runs that
 * operation's text (the client sends no text, or the same), its persisted-query extension dropped,
 * so Apollo's automatic persisted queries (APQ) never see it. Apollo Server reads `query` and
 * `extensions` after every plugin's `requestDidStart`, so this plugin sets them there; put it first.
 *
 * The safelist's refusals and reports are the HTTP layer's, before Apollo Server reads the request
 * (gateway-persisted-queries.ts: `checkOperation`). Should an operation the safelist refuses reach
 * Apollo Server all the same (a server without that check), it is refused in `didResolveOperation`,
 * before it is planned or run.
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
      if (outcome.kind !== 'refused') return undefined;
      const { message: text, extensions } = safelistRefusal(outcome.reason, nameOfOperation(request.operationName, request.query));
      return {
        async didResolveOperation() {
          throw new GraphQLError(text, { extensions: { ...extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/** The id a request sends (`extensions.persistedQuery.sha256Hash`), if it sends one. */
export const persistedQueryId = (request: Pick<GraphQLRequest, 'extensions'>): string | undefined => {
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
