import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLFormattedError, GraphQLSchema, parse } from 'graphql';
import { Caller } from '../auth/caller';
import { enforceAccessDirectives } from '../auth/enforce-directives';
import { CALLER_HEADER, callerOfSubgraphRequest, SIGNING_SECRET_VARIABLE, subgraphTrustFromEnvironment, unconfiguredMessage } from '../auth/subgraph-trust';
import { ResolverMap } from '../graphql/merge-resolvers';
import { StoreUnavailableError } from '../store/port';
import { HttpEndpoint, serveHttp } from './http-server';
import { createLog } from './log';
import { logRequest } from './request-log';
import { requestOutcomePlugin } from './request-outcome';

/** Everything the shared bootstrap needs to know about one association's subgraph. */
export interface SubgraphModule<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  createContext: () => C;
}

const SHARED_TYPES = ['values.graphql', 'common.graphql', 'lists.graphql', 'member-codes.graphql'].map((file) => join(__dirname, '..', 'graphql', file));

/**
 * The subgraph's own schema files (its schema.graphql first, then its features' files, which use
 * `extend type`), followed by the enums and types every registry shares.
 */
export function readSubgraphTypeDefs(schemaFiles: string | readonly string[]): string {
  const own = typeof schemaFiles === 'string' ? [schemaFiles] : schemaFiles;
  return [...own, ...SHARED_TYPES].map((file) => readFileSync(file, 'utf8')).join('\n');
}

/** The subgraph's schema, with its `@authenticated` and `@requiresScopes` fields enforced (see enforceAccessDirectives). */
export function loadSubgraphSchema(schemaFiles: string | readonly string[], resolvers: ResolverMap): GraphQLSchema {
  return enforceAccessDirectives(
    buildSubgraphSchema({
      typeDefs: parse(readSubgraphTypeDefs(schemaFiles)),
      resolvers: resolvers as GraphQLResolverMap<unknown>,
    }),
  );
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
 * (StoreUnavailableError.reason) stay in the logs.
 */
function formatErrorFor(name: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const cause = unwrapResolverError(error);
    if (cause instanceof StoreUnavailableError) {
      return {
        ...formatted,
        message: cause.interruptedWrite
          ? `The ${name} registry's database went away while this change was being written, so it was not made (anything already written is rolled back); try again shortly.`
          : `The ${name} registry's database cannot be reached at the moment; try again shortly.`,
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      };
    }
    return formatted;
  };
}

/**
 * Serves one subgraph over HTTP with `/health` (alive) and `/ready` (its database answers), both
 * open. GraphQL requests must carry the caller header the gateway signs (`SUBGRAPH_SIGNING_SECRET`),
 * else they get 401; `SUBGRAPH_TRUST=unsigned` (development) answers them all, as anonymous.
 */
export async function startSubgraph<C extends BaseContext>(
  module: SubgraphModule<C>,
  readiness: () => Promise<Readiness>,
  port: number,
  host?: string,
): Promise<RunningSubgraph> {
  const log = createLog(module.name);
  const trust = subgraphTrustFromEnvironment();
  if (trust.mode === 'unsigned') {
    log.warn(
      `SUBGRAPH_TRUST=unsigned: development mode, answering requests without the gateway's signature, every one as an anonymous caller` +
        `${trust.ignoredSecret ? ` (${SIGNING_SECRET_VARIABLE} is set but ignored)` : ''}; never run a subgraph this way where others can reach it`,
    );
  } else if (trust.mode === 'unconfigured') {
    log.error(`refusing every GraphQL request until configured. ${unconfiguredMessage(module.name)}`);
  }
  const apollo = new ApolloServer<C & SubgraphContext>({
    schema: module.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatErrorFor(module.name),
    plugins: [ApolloServerPluginInlineTraceDisabled(), requestOutcomePlugin()],
    logger: log.pino,
  });
  await apollo.start();
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      context: async (request) => {
        const caller = await callerOfSubgraphRequest(trust, module.name, request.headers[CALLER_HEADER]);
        return { ...module.createContext(), caller };
      },
      onRequestDone: (done) => logRequest(log, done),
      routes: {
        '/health': async () => ({ status: 200, body: { status: 'alive', subgraph: module.name } }),
        '/ready': async () => {
          const state: Readiness = trust.mode === 'unconfigured' ? { ready: false, reason: unconfiguredMessage(module.name) } : await readiness();
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
