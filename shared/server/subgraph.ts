import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLSchema, parse } from 'graphql';
import { ResolverMap } from '../graphql/merge-resolvers';
import { Store } from '../store/port';
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

export interface RunningSubgraph {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** Serves one subgraph over HTTP with `/health`; stopping it closes the server and the store. */
export async function startSubgraph<C extends BaseContext>(
  module: SubgraphModule<C>,
  store: Store,
  port: number,
  host?: string,
): Promise<RunningSubgraph> {
  const apollo = new ApolloServer<C>({
    schema: module.schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      context: async () => module.createContext(),
      routes: { '/health': async () => ({ status: 200, body: { status: 'ok', subgraph: module.name, store: store.kind } }) },
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
      await store.close();
    },
  };
}
