import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema, parse } from 'graphql';
import { ANONYMOUS, Caller } from '../auth/caller';
import { enforceAccessDirectives } from '../auth/enforce-directives';
import { MemoryReplayGuard, ReplayGuard } from '../auth/replay-guard';
import { isSchemaQuery } from '../auth/schema-query';
import { SUBGRAPH_JWKS_PATH } from '../auth/pairwise-mac';
import { CALLER_HEADER, callerOfSubgraphRequest, subgraphTrustFromEnvironment, unconfiguredMessage } from '../auth/subgraph-trust';
import { announceCursorKey } from '../graphql/cursor-keys';
import { sealListCursors } from '../graphql/list-cursors';
import { ResolverMap } from '../graphql/merge-resolvers';
import { documentLimitOptions, SUBGRAPH_LIMIT_PREFIX, SubgraphLimitSettings, subgraphLimitSettingsFromEnvironment } from '../limits';
import { message, messageExtensions } from '../messages/catalog';
import { StoreUnavailableError, WriteConflictError, WriteOutcomeUnknownError } from '../store/port';
import { HttpEndpoint, serveHttp, variablesOf } from './http-server';
import { createLog, Log } from './log';
import { currentRequestId, noteRequestSubject } from './request-id';
import { logRequest } from './request-log';
import { requestOutcomePlugin } from './request-outcome';

/** Everything the shared bootstrap needs to know about one association's subgraph. */
export interface SubgraphModule<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  createContext: () => C;
}

const SHARED_TYPES = ['values.graphql', 'common.graphql', 'lists.graphql', 'member-codes.graphql', 'references.graphql'].map((file) => join(__dirname, '..', 'graphql', file));

/**
 * The subgraph's own schema files (its schema.graphql first, then its features' files, which use
 * `extend type`), followed by the enums and types every registry shares.
 */
export function readSubgraphTypeDefs(schemaFiles: string | readonly string[]): string {
  const own = typeof schemaFiles === 'string' ? [schemaFiles] : schemaFiles;
  return [...own, ...SHARED_TYPES].map((file) => readFileSync(file, 'utf8')).join('\n');
}

/**
 * The schema of the subgraph `name`, with its `@authenticated` and `@requiresScopes` fields
 * enforced (see enforceAccessDirectives) and its lists' cursors sealed with its own key (see sealListCursors).
 */
export function loadSubgraphSchema(name: string, schemaFiles: string | readonly string[], resolvers: ResolverMap): GraphQLSchema {
  const schema = buildSubgraphSchema({
    typeDefs: parse(readSubgraphTypeDefs(schemaFiles)),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
  return sealListCursors(enforceAccessDirectives(schema), name);
}

/** What the server adds to every subgraph's own context: who is asking, as the gateway signed it. */
export interface SubgraphContext {
  caller: Caller;
}

export interface Readiness {
  ready: boolean;
  reason?: string;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * A database outage becomes an error a client can act on, instead of an internal error, and says
 * whether a change was cut off (it is rolled back, never kept in part); the driver's own words
 * (StoreUnavailableError.reason) stay in the logs. A request refused by a limit keeps its own code
 * (`formatLimitError`). A write refused by the store as changed meanwhile (WriteConflictError) that
 * no resolver turned into its own WRITE_CONFLICT is told as one, naming no record. Any other error the code did not make for clients (not a GraphQLError: a
 * record that does not hold together, a driver's message) is told as an internal error, its
 * words kept in the log with the request's id only: they may name a stored id, and some ids hold a
 * national code.
 */
function formatErrorFor(name: string, formatLimitError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError | undefined, log: Log) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const limit = formatLimitError(formatted, error);
    if (limit) return limit;
    const cause = unwrapResolverError(error);
    if (cause instanceof WriteOutcomeUnknownError) {
      const unknown = message('WRITE_OUTCOME_UNKNOWN', { registry: name });
      return { ...formatted, message: unknown.text, extensions: { code: 'WRITE_OUTCOME_UNKNOWN', ...messageExtensions(unknown) } };
    }
    if (cause instanceof StoreUnavailableError) {
      const unavailable = message(cause.interruptedWrite ? 'DATABASE_WENT_AWAY' : 'DATABASE_UNREACHABLE', { registry: name });
      return { ...formatted, message: unavailable.text, extensions: { code: 'DATABASE_UNAVAILABLE', ...messageExtensions(unavailable) } };
    }
    if (cause instanceof WriteConflictError) {
      // A write the code let through untold (an upsert that lost its race on every attempt): nothing of it was kept. Its id may hold a national code.
      const conflict = message('WRITE_CONFLICT', { what: 'A record this change writes' });
      return { ...formatted, message: conflict.text, extensions: { code: 'WRITE_CONFLICT', ...messageExtensions(conflict) } };
    }
    if (cause !== error && !(cause instanceof GraphQLError)) {
      // The request id stays out of the answer, which identical requests in flight may share.
      log.error(`internal error answering request ${currentRequestId() ?? '-'} at ${(formatted.path ?? []).join('.')}`, cause);
      const internal = message('INTERNAL_ERROR', { registry: name });
      return { ...formatted, message: internal.text, extensions: { code: 'INTERNAL_SERVER_ERROR', ...messageExtensions(internal) } };
    }
    return formatted;
  };
}

const NO_BODY = Buffer.alloc(0);

/** Where a subgraph listens, and what it holds each request to. */
export interface SubgraphListenOptions {
  port: number;
  host?: string | undefined;
  /** Where the caller assertions accepted are remembered; this process's memory by default. */
  replays?: ReplayGuard | undefined;
  /** The subgraph's own request limits; `SUBGRAPH_LIMIT_*` from the environment by default. */
  limits?: SubgraphLimitSettings | undefined;
}

/**
 * Serves one subgraph over HTTP with `/health` (alive) and `/ready` (its database answers), both
 * open. GraphQL requests must carry a caller assertion the gateway signed for this subgraph and
 * this exact body (checked against the gateway's public key set: shared/auth/subgraph-trust.ts),
 * else they get 401; only the schema query `{ _service { sdl } }` is answered to anyone.
 * `SUBGRAPH_TRUST=unsigned` (development) answers every request, as anonymous. Every document,
 * whoever sent it, is held to the subgraph's own limits (`SUBGRAPH_LIMIT_*`, shared/limits) by the
 * HTTP layer, once the caller is checked and before Apollo Server reads the request, so nothing is
 * validated, executed or read for a document over them.
 */
export async function startSubgraph<C extends BaseContext>(
  module: SubgraphModule<C>,
  readiness: () => Promise<Readiness>,
  { port, host, replays = new MemoryReplayGuard(), limits = subgraphLimitSettingsFromEnvironment() }: SubgraphListenOptions,
): Promise<RunningSubgraph> {
  const log = createLog(module.name);
  const trust = subgraphTrustFromEnvironment(process.env, (problem) => log.warn(problem), replays);
  announceCursorKey(module.name, log);
  if (trust.mode === 'unsigned') {
    log.warn(
      `SUBGRAPH_TRUST=unsigned: development mode, answering requests without the gateway's signature, every one as an anonymous caller` +
        `${trust.ignored.length ? ` (${trust.ignored.join(', ')} set but ignored)` : ''}; never run a subgraph this way where others can reach it`,
    );
  } else if (trust.mode === 'unconfigured') {
    log.error(`refusing every GraphQL request but the schema query until configured. ${unconfiguredMessage(module.name, trust.retiredSecret)}`);
  } else {
    log.info(`answering requests the gateway signed, checked against ${trust.keys.source}; assertions good for at most ${trust.maxLifetimeSeconds} s, each once`);
    if (!trust.own) log.info(`no X25519 key (SUBGRAPH_X25519_KEY=none): the gateway's assertions to this subgraph stay signed (Ed25519)`);
    else {
      const kids = trust.own.keys.map((key) => key.kid).join(', ');
      log.info(`X25519 keys ${kids} of ${trust.own.source} published at ${SUBGRAPH_JWKS_PATH}: HS256 assertions (pairwise MAC keys) accepted under them`);
      if (trust.own.generated) {
        log.warn(
          `neither SUBGRAPH_X25519_KEY_FILE nor SUBGRAPH_X25519_KEY is set: using an X25519 key pair made for this run. Replicas would each have their own ` +
            `(the gateway's HS256 assertions would reach replicas that cannot check them); give replicas the same key in production, or SUBGRAPH_X25519_KEY=none.`,
        );
      }
    }
  }
  const ownKeySet = trust.mode === 'signed' && trust.own ? JSON.stringify(trust.own.jwks()) : undefined;
  const documentLimits = documentLimitOptions(limits, SUBGRAPH_LIMIT_PREFIX);
  const apollo = new ApolloServer<C & SubgraphContext>({
    schema: module.schema,
    introspection: limits.introspection,
    includeStacktraceInErrorResponses: false,
    parseOptions: documentLimits.parseOptions,
    formatError: formatErrorFor(module.name, documentLimits.formatLimitError, log),
    // No landing page: Apollo's loads its scripts from Apollo's CDN into the visitor's browser, and a subgraph answers the gateway alone.
    plugins: [documentLimits.plugin, ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), requestOutcomePlugin()],
    logger: log.pino,
    // runService owns SIGINT and SIGTERM: it drains the requests in flight, then exits 0. Apollo's own
    // handlers (on outside NODE_ENV=test) would stop it at once and kill the process with the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      maxBodyBytes: limits.bodyBytes,
      maxConnections: limits.connections,
      requestTimeoutMs: limits.requestSeconds * 1_000,
      checkSource: documentLimits.checkSource,
      checkDocument: (operation, context) => (typeof operation.query === 'string' ? documentLimits.checkText(operation.query, module.schema, variablesOf(operation), context) : []),
      context: async (request, body) => {
        const caller = isSchemaQuery(body) ? ANONYMOUS : await callerOfSubgraphRequest(trust, module.name, request.headers[CALLER_HEADER], body ?? NO_BODY);
        noteRequestSubject(caller.subject);
        return { ...module.createContext(), caller };
      },
      onRequestDone: (done) => logRequest(log, done),
      routes: {
        '/health': async () => ({ status: 200, body: { status: 'alive', subgraph: module.name } }),
        // The subgraph's X25519 public keys, open as its schema is: the gateway derives their pairwise MAC key from them.
        ...(ownKeySet ? { [SUBGRAPH_JWKS_PATH]: async () => ({ status: 200, body: ownKeySet, contentType: 'application/jwk-set+json' }) } : {}),
        '/ready': async () => {
          const state: Readiness = trust.mode === 'unconfigured' ? { ready: false, reason: unconfiguredMessage(module.name, trust.retiredSecret) } : await readiness();
          return { status: state.ready ? 200 : 503, body: { status: state.ready ? 'ready' : 'not ready', subgraph: module.name, ...state } };
        },
      },
    },
    port,
    host,
  );
  return {
    name: module.name,
    url: endpoint.url,
    stop: async () => {
      await endpoint.close();
      await apollo.stop();
    },
  };
}
