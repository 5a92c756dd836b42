import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLFormattedError, GraphQLSchema, parse } from 'graphql';
import { ResolverMap } from '../graphql/merge-resolvers';
import { StoreUnavailableError } from '../store/port';
import { HttpEndpoint, serveHttp } from './http-server';

/** Everything the shared bootstrap needs to know about one association's subgraph. */
export interface SubgraphModule<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  createContext: () => C;
}

const COMMON_TYPES = join(__dirname, '..', 'graphql', 'common.graphql');

/** The subgraph's own schema.graphql, preceded by the types every registry shares. */
export function readSubgraphTypeDefs(schemaFile: string): string {
  return `${readFileSync(schemaFile, 'utf8')}\n${readFileSync(COMMON_TYPES, 'utf8')}`;
}

export function loadSubgraphSchema(schemaFile: string, resolvers: ResolverMap): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parse(readSubgraphTypeDefs(schemaFile)),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
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

/** A database outage becomes an error a client can act on, instead of an internal error. */
function formatErrorFor(name: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (unwrapResolverError(error) instanceof StoreUnavailableError) {
      return {
        ...formatted,
        message: `The ${name} registry's database cannot be reached at the moment; try again shortly.`,
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      };
    }
    return formatted;
  };
}

/** Serves one subgraph over HTTP with `/health` (alive) and `/ready` (its database answers). */
export async function startSubgraph<C extends BaseContext>(
  module: SubgraphModule<C>,
  readiness: () => Promise<Readiness>,
  port: number,
  host?: string,
): Promise<RunningSubgraph> {
  const apollo = new ApolloServer<C>({
    schema: module.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatErrorFor(module.name),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      context: async () => module.createContext(),
      routes: {
        '/health': async () => ({ status: 200, body: { status: 'alive', subgraph: module.name } }),
        '/ready': async () => {
          const state = await readiness();
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
