import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DocumentNode, execute, GraphQLError, GraphQLSchema, parse, validate } from 'graphql';
import { agreementKeysOf, generateAgreementKeyPem, SUBGRAPH_JWKS_PATH } from '../../shared/auth/pairwise-mac';
import { SubgraphAgreementKeys } from '../../shared/auth/subgraph-agreement-keys';
import { findBenchSubgraph } from './index';
import { buildBenchSubgraphSchema } from './subgraph';

/**
 * A minimal HTTP server for one benchmark subgraph: `POST /graphql` (JSON), `GET /health`,
 * `GET /__stats` and `POST /__reset`, and an X25519 public key at SUBGRAPH_JWKS_PATH (made per run), as
 * the product's subgraphs publish it: the product's gateway sends them HS256 caller assertions (not
 * checked here) when it holds an X25519 key too, else Ed25519 ones. `BENCH_SUBGRAPH_X25519=0` publishes none.
 *
 * The subgraphs are not what the benchmark measures, and they share one core with the load
 * generator, so they are made cheap: an answer is computed once with graphql-js and then
 * replayed for the same request body (the gateways send the same subgraph operations and entity
 * representations for every copy of the heavy query). `BENCH_SUBGRAPH_MEMO=0` turns that off.
 *
 * The stats say whether each gateway really forwarded every client's unique `authorization`
 * header: the number of requests, those without the header, and how many distinct values came.
 */

const MEMO_LIMIT = 10_000;
const DISTINCT_AUTHORIZATION_LIMIT = 5_000_000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface SubgraphStats {
  subgraph: string;
  requests: number;
  withoutAuthorization: number;
  distinctAuthorization: number;
  memoHits: number;
  errors: number;
}

export interface ServingSubgraph {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveBenchSubgraph(name: string, port: number, host = '127.0.0.1'): Promise<ServingSubgraph> {
  const subgraph = findBenchSubgraph(name);
  const schema: GraphQLSchema = buildBenchSubgraphSchema(subgraph);
  const memoEnabled = process.env.BENCH_SUBGRAPH_MEMO !== '0';
  const memo = new Map<string, string>();
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  let distinct = new Set<string>();
  const stats = { requests: 0, withoutAuthorization: 0, memoHits: 0, errors: 0 };
  const keySet =
    process.env.BENCH_SUBGRAPH_X25519 === '0'
      ? undefined
      : JSON.stringify(new SubgraphAgreementKeys(agreementKeysOf(generateAgreementKeyPem(), 'a key for the run'), 'a key for the run').jwks());

  function documentFor(query: string): DocumentNode | readonly GraphQLError[] {
    let document = documents.get(query);
    if (!document) {
      try {
        const parsed = parse(query);
        const errors = validate(schema, parsed);
        document = errors.length ? errors : parsed;
      } catch (error) {
        document = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
      }
      if (documents.size < MEMO_LIMIT) documents.set(query, document);
    }
    return document;
  }

  async function answer(body: string): Promise<string> {
    let request: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return JSON.stringify({ errors: [{ message: 'request body is not JSON' }] });
    }
    if (typeof request.query !== 'string') return JSON.stringify({ errors: [{ message: 'no query' }] });
    const document = documentFor(request.query);
    if (Array.isArray(document)) return JSON.stringify({ errors: document.map((e: GraphQLError) => ({ message: e.message })) });
    const result = await execute({
      schema,
      document: document as DocumentNode,
      variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
    });
    return JSON.stringify(result);
  }

  function send(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health') return send(response, 200, '{"status":"ok"}');
    if (request.method === 'GET' && path === SUBGRAPH_JWKS_PATH && keySet) return send(response, 200, keySet);
    if (request.method === 'GET' && path === '/__stats') {
      const body: SubgraphStats = { subgraph: name, ...stats, distinctAuthorization: distinct.size };
      return send(response, 200, JSON.stringify(body));
    }
    if (request.method === 'POST' && path === '/__reset') {
      stats.requests = stats.withoutAuthorization = stats.memoHits = stats.errors = 0;
      distinct = new Set();
      return send(response, 200, '{"reset":true}');
    }
    if (request.method !== 'POST' || path !== '/graphql') return send(response, 404, '{"errors":[{"message":"not found"}]}');

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return send(response, 413, '{"errors":[{"message":"body too large"}]}');
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks).toString('utf8');

    stats.requests += 1;
    const authorization = request.headers.authorization;
    if (!authorization) stats.withoutAuthorization += 1;
    else if (distinct.size < DISTINCT_AUTHORIZATION_LIMIT) distinct.add(authorization);

    let text = memoEnabled ? memo.get(body) : undefined;
    if (text !== undefined) {
      stats.memoHits += 1;
    } else {
      text = await answer(body);
      if (text.includes('"errors"')) stats.errors += 1;
      if (memoEnabled && memo.size < MEMO_LIMIT) memo.set(body, text);
    }
    send(response, 200, text);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, JSON.stringify({ errors: [{ message: String(error) }] }));
      else response.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/graphql`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `node --import tsx bench/federation-subgraphs/serve.ts <name> <port>` */
if (require.main === module) {
  const [name, portText] = process.argv.slice(2);
  if (!name || !portText) {
    console.error('usage: serve.ts <accounts|inventory|products|reviews> <port>');
    process.exit(2);
  }
  serveBenchSubgraph(name, Number(portText), process.env.BENCH_HOST ?? '127.0.0.1')
    .then((serving) => {
      console.log(`bench subgraph ${name} ready at ${serving.url}`);
      const stop = (): void => void serving.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    })
    .catch((error: unknown) => {
      console.error(`bench subgraph ${name} could not start:`, error);
      process.exit(1);
    });
}
