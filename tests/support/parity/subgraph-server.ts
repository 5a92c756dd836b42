import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ExecutionResult, graphql, GraphQLSchema, parse } from 'graphql';

/** One small subgraph of a parity world: its SDL, resolvers, and the `cache-control` it answers with (none when undefined). */
export interface SubgraphDefinition {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
  cacheControl?: string;
}

/** A subgraph served over HTTP on a free loopback port, recording the request bodies it gets and what it answered. */
export interface ServedSubgraph {
  name: string;
  url: string;
  /** The bodies received since the last `reset`, in arrival order. */
  readonly bodies: string[];
  /** The answers given since the last `reset`, in the order they were given. */
  readonly answers: ExecutionResult[];
  reset(): void;
  /** Stops answering (closes the port) until `start` again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * Serves `definition` as an @apollo/subgraph schema over plain HTTP: a POSTed JSON body runs through
 * graphql-js and is answered as JSON with the definition's `cache-control`. Each subgraph listens on
 * its own port, the same one again after a stop and start.
 */
export async function serveSubgraph(definition: SubgraphDefinition): Promise<ServedSubgraph> {
  const schema: GraphQLSchema = buildSubgraphSchema({ typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers });
  const bodies: string[] = [];
  const answers: ExecutionResult[] = [];
  let server: Server | undefined;
  let port = 0;
  const start = async () => {
    const started = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        bodies.push(text);
        const { query, variables, operationName } = JSON.parse(text) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        void graphql({ schema, source: query, variableValues: variables ?? null, operationName: operationName ?? null }).then((result) => {
          answers.push(result);
          response.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            ...(definition.cacheControl ? { 'cache-control': definition.cacheControl } : {}),
          });
          response.end(JSON.stringify(result));
        });
      });
    });
    await new Promise<void>((resolve) => started.listen(port, '127.0.0.1', resolve));
    port = (started.address() as AddressInfo).port;
    server = started;
  };
  await start();
  return {
    name: definition.name,
    url: `http://127.0.0.1:${port}/graphql`,
    bodies,
    answers,
    reset: () => {
      bodies.length = 0;
      answers.length = 0;
    },
    stop: async () => {
      const running = server;
      server = undefined;
      if (!running) return;
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    start,
  };
}
