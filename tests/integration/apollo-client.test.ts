import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { buildManifest } from '../../gateway/persisted-queries';
import { documentedExampleSection, readmeExampleBlocks } from '../../scripts/persisted-queries/documents';
import { testToken } from '../support/auth';
import { ALL_SUBGRAPHS, startTestGraph, TestGraph } from '../support/graph';

const exampleSection = documentedExampleSection(join(__dirname, '..', '..'));
const examples = readmeExampleBlocks(exampleSection);
const nameOf = (operation: string) => /^(?:query|mutation) (\w+)/m.exec(operation)?.[1] ?? 'anonymous';

/** The scopes an example's header line asks for (the paragraph just above its block), as tests/integration/readme-examples.test.ts reads them. */
function scopesOf(index: number): string[] | undefined {
  const blocks = [...exampleSection.matchAll(/```graphql\n([\s\S]*?)```/g)];
  const start = index === 0 ? 0 : blocks[index - 1]!.index + blocks[index - 1]![0].length;
  const above = exampleSection.slice(start, blocks[index]!.index).trimEnd().split('\n\n').pop() ?? '';
  const header = /^`Authorization: Bearer \$\(npm run -s token -- (?:--subject \w+ )?--scopes "([^"]*)"\)`$/.exec(above.trim());
  return header ? header[1]!.split(' ').filter(Boolean) : undefined;
}

/** What the client sent: each request's JSON body, for the tests that look at the wire. */
type Sent = { query?: string; operationName?: string; extensions?: { persistedQuery?: { sha256Hash: string } } }[];

const recordingFetch =
  (sent: Sent): typeof fetch =>
  async (input, init) => {
    if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Sent[number]);
    return fetch(input, init);
  };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An Apollo Client for `url`, with `token` when given, optionally sending persisted queries (the hash first). */
function client(url: string, options: { token?: string; persisted?: boolean; sent?: Sent } = {}): ApolloClient {
  const http = new HttpLink({
    uri: url,
    fetch: recordingFetch(options.sent ?? []),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  const link: ApolloLink = options.persisted ? new PersistedQueryLink({ sha256 }).concat(http) : http;
  return new ApolloClient({ link, cache: new InMemoryCache() });
}

/** Runs one README example through Apollo Client: a query, or a mutation, no cache. */
async function run(apollo: ApolloClient, operation: string): Promise<{ data: unknown; error: unknown }> {
  const document = gql(operation);
  const isMutation = document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === OperationTypeNode.MUTATION);
  const result = isMutation
    ? await apollo.mutate({ mutation: document, errorPolicy: 'all' })
    : await apollo.query({ query: document, fetchPolicy: 'no-cache', errorPolicy: 'all' });
  return { data: result.data, error: result.error };
}

describe('Apollo Client against the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('has the README examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((operation, index) => [nameOf(operation), operation, index] as const))('runs the README example %s', async (_, operation, index) => {
    const scopes = scopesOf(index);
    const { data, error } = await run(client(graph.gatewayUrl, scopes ? { token: await testToken(scopes) } : {}), operation);
    expect(error).toBeUndefined();
    expect(Object.keys(data as Record<string, unknown>).length).toBeGreaterThan(0);
    for (const value of Object.values(data as Record<string, unknown>)) expect(value).not.toBeNull();
  });

  it('uses automatic persisted queries with the persisted-queries link: the hash first, the text once, then the hash alone', async () => {
    const sent: Sent = [];
    const operation = 'query ApolloClientApq { jointProjects(first: 3) { totalCount nodes { id title } } }';
    const first = await run(client(graph.gatewayUrl, { persisted: true, sent }), operation);
    expect(first.error).toBeUndefined();
    // Unknown hash -> PERSISTED_QUERY_NOT_FOUND -> the link sends hash and text.
    expect(sent.map((body) => [body.query === undefined ? 'hash' : 'hash+text', body.extensions?.persistedQuery?.sha256Hash.length])).toEqual([
      ['hash', 64],
      ['hash+text', 64],
    ]);
    const again = await run(client(graph.gatewayUrl, { persisted: true, sent }), operation);
    expect(again.error).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.query).toBeUndefined();
  });

  describe('against a gateway that serves only registered operations (SAFELIST=enforce, ids only)', () => {
    let gateway: RunningGateway;
    let dir: string;
    /** Subgraphs of their own, on fresh stores: the README's mutations run again here. */
    let fresh: TestGraph;

    beforeAll(async () => {
      fresh = await startTestGraph();
      // The manifest `npx tsx scripts/persisted-query-manifest.ts --apollo-client` makes of the README.
      dir = mkdtempSync(join(tmpdir(), 'registries-apollo-'));
      const file = join(dir, 'manifest.json');
      writeFileSync(
        file,
        JSON.stringify(
          buildManifest(
            examples.map((e) => parse(e)),
            addTypenameToDocument,
          ),
        ),
      );
      gateway = await startGateway({
        port: 0,
        host: '127.0.0.1',
        subgraphs: ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: fresh.subgraphUrls[d.key] })),
        startupTimeoutMs: 10_000,
        persistedQueries: { manifestFile: file, safelist: 'enforce', requireId: true, apq: false },
      });
    });
    afterAll(async () => {
      await gateway?.stop();
      await fresh?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(examples.map((operation, index) => [nameOf(operation), operation, index] as const))('runs the README example %s by its id alone', async (_, operation, index) => {
      const sent: Sent = [];
      const scopes = scopesOf(index);
      const { data, error } = await run(client(gateway.url, { persisted: true, sent, ...(scopes ? { token: await testToken(scopes) } : {}) }), operation);
      expect(error).toBeUndefined();
      expect(Object.keys(data as Record<string, unknown>).length).toBeGreaterThan(0);
      expect(Object.values(data as Record<string, unknown>)).not.toContain(null);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.query).toBeUndefined();
    });

    it('gets PERSISTED_QUERY_NOT_IN_LIST for an operation that is not registered, and never sends its text', async () => {
      const sent: Sent = [];
      const { data, error } = await run(client(gateway.url, { persisted: true, sent }), 'query NotRegistered { jointProjects { totalCount } }');
      expect(data).toBeUndefined();
      expect((error as { errors?: { extensions?: { code?: string } }[] }).errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.query).toBeUndefined();
    });
  });
});
