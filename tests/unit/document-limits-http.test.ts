import { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { buildSchema, DocumentNode, parse, print } from 'graphql';
import { documentLimitOptions, DocumentLimits, LimitProfile } from '../../shared/limits';
import { HttpEndpoint, serveHttp, variablesOf } from '../../shared/server/http-server';
import { sha256Hex } from '../../gateway/persisted-queries';

const LIMITS: DocumentLimits = { tokens: 1_000, depth: 3, aliases: 5, rootFields: 5, cost: 5_000, introspection: false };
const ANALYST: LimitProfile = { limits: { ...LIMITS, depth: 5 }, variables: 'ANALYST_LIMIT_' };

type TestContext = BaseContext & { analyst: boolean };
const isAnalyst = (context: BaseContext): boolean => 'analyst' in context && context.analyst === true;

const DEEP = '{ items { children { children { name } } } }'; // depth 4
const schema = buildSchema('type Query { ok: Boolean, items(first: Int): [Item] } type Item { name: String, children: [Item] }');
const COSTLY = 'query Items($n: Int) { items(first: $n) { name } }';

/**
 * The document limits are decided in the HTTP layer, before Apollo Server reads the request: a
 * refused request never reaches Apollo's pipeline, and every document Apollo's hooks see is the
 * client's own (no stand-in). Only a document Apollo takes from its APQ cache (a hash alone) is
 * measured by the plugin, in didResolveOperation.
 */
describe('document limits in the HTTP layer', () => {
  let endpoint: HttpEndpoint;
  let apollo: ApolloServer<TestContext>;
  /** Requests that reached Apollo Server's request pipeline. */
  let reachedApollo = 0;
  /** Every document Apollo's hooks saw at validation and at didResolveOperation. */
  const seen: DocumentNode[] = [];

  beforeAll(async () => {
    const limits = documentLimitOptions(LIMITS, 'LIMIT_', (context) => (isAnalyst(context) ? ANALYST : undefined));
    const recorder: ApolloServerPlugin<TestContext> = {
      async requestDidStart() {
        reachedApollo += 1;
        return {
          async validationDidStart({ document }) {
            seen.push(document);
          },
          async didResolveOperation({ document }) {
            seen.push(document);
          },
        };
      },
    };
    apollo = new ApolloServer<TestContext>({
      schema,
      rootValue: { ok: true, items: () => [{ name: 'one' }] },
      parseOptions: limits.parseOptions,
      plugins: [recorder, limits.plugin],
      formatError: (error, original) => limits.formatLimitError(error, original) ?? error,
      allowBatchedHttpRequests: true,
    });
    await apollo.start();
    endpoint = await serveHttp<TestContext>(
      {
        apollo,
        context: async (request) => ({ analyst: request.headers['x-analyst'] === 'yes' }),
        checkSource: limits.checkSource,
        checkDocument: (operation, context) => (typeof operation.query === 'string' ? limits.checkText(operation.query, schema, variablesOf(operation), context) : []),
        maxBatchOperations: 3,
      },
      0,
      '127.0.0.1',
    );
  });
  afterAll(async () => {
    await endpoint?.close();
    await apollo?.stop();
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const codes = (body: unknown) => ((body as { errors?: { extensions: { code: string } }[] }).errors ?? []).map((e) => e.extensions.code);

  afterEach(() => {
    // No stand-in: whatever Apollo's hooks saw is a document a client sent, never an empty one.
    for (const document of seen) expect(document.definitions.length).toBeGreaterThan(0);
    seen.length = 0;
  });

  it('refuses a document over a limit (POST and GET) with its code, and Apollo Server never sees it', async () => {
    const before = reachedApollo;
    const posted = await post({ query: DEEP });
    expect(posted.status).toBe(400);
    expect(posted.body).toMatchObject({ errors: [{ extensions: { code: 'QUERY_TOO_DEEP', measured: 4, limit: 3 } }] });
    expect(codes(posted.body)).toEqual(['QUERY_TOO_DEEP']);
    const got = await fetch(`${endpoint.url}?query=${encodeURIComponent(DEEP)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(got.status).toBe(400);
    expect(codes(await got.json())).toEqual(['QUERY_TOO_DEEP']);
    // Every limit broken is named, as graphql-js validation would report its errors.
    expect(codes((await post({ query: '{ __schema { types { name } } items { children { children { name } } } }' })).body)).toEqual(['INTROSPECTION_DISABLED', 'QUERY_TOO_DEEP']);
    expect(codes((await post({ query: COSTLY, variables: { n: 10_000 } })).body)).toEqual(['QUERY_TOO_COSTLY']);
    expect(reachedApollo).toBe(before);
  });

  it("measures a text with variables again with each request's variables, though it is parsed once", async () => {
    const before = reachedApollo;
    expect((await post({ query: COSTLY, variables: { n: 2 } })).status).toBe(200);
    expect(codes((await post({ query: COSTLY, variables: { n: 10_000 } })).body)).toEqual(['QUERY_TOO_COSTLY']);
    expect((await post({ query: COSTLY, variables: { n: 3 } })).status).toBe(200);
    expect(reachedApollo).toBe(before + 2);
  });

  it('holds each caller to its own limits, and a text one caller passed is not passed for another', async () => {
    const before = reachedApollo;
    expect(await post({ query: DEEP }, { 'x-analyst': 'yes' })).toEqual({ status: 200, body: { data: { items: [{ children: null }] } } });
    expect(codes((await post({ query: DEEP })).body)).toEqual(['QUERY_TOO_DEEP']);
    expect(await post({ query: DEEP }, { 'x-analyst': 'yes' })).toEqual({ status: 200, body: { data: { items: [{ children: null }] } } });
    expect(reachedApollo).toBe(before + 2);
  });

  it("answers a batch's operations each on its own: the refused ones here, the others by Apollo Server", async () => {
    const before = reachedApollo;
    const answer = await post([{ query: '{ ok }' }, { query: DEEP }, { query: '{ items { name } }' }]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject([{ data: { ok: true } }, { errors: [{ extensions: { code: 'QUERY_TOO_DEEP' } }] }, { data: { items: [{ name: 'one' }] } }]);
    expect((answer.body as unknown[]).map(codes)).toEqual([[], ['QUERY_TOO_DEEP'], []]);
    // Apollo Server's pipeline ran for the two operations that passed.
    expect(reachedApollo).toBe(before + 2);
    const refused = await post([{ query: DEEP }, { query: COSTLY, variables: { n: 10_000 } }]);
    expect(refused.status).toBe(400);
    expect((refused.body as unknown[]).map(codes)).toEqual([['QUERY_TOO_DEEP'], ['QUERY_TOO_COSTLY']]);
    expect(reachedApollo).toBe(before + 2);
  });

  it('measures a document Apollo takes from its APQ cache (a hash alone) in didResolveOperation, with the variables sent', async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(COSTLY) } };
    expect(await post({ query: COSTLY, extensions, variables: { n: 2 } })).toEqual({ status: 200, body: { data: { items: [{ name: 'one' }] } } });
    expect(await post({ extensions, variables: { n: 2 } })).toEqual({ status: 200, body: { data: { items: [{ name: 'one' }] } } });
    const before = reachedApollo;
    seen.length = 0;
    const costly = await post({ extensions, variables: { n: 10_000 } });
    expect(costly.status).toBe(400);
    expect(codes(costly.body)).toEqual(['QUERY_TOO_COSTLY']);
    expect(reachedApollo).toBe(before + 1);
    // The hooks saw the cached document itself.
    expect(seen.map((document) => print(document))).toContain(print(parse(COSTLY)));
  });
});
