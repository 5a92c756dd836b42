import { ApolloServer } from '@apollo/server';
import { answerSharing } from '../../gateway/execution/shareable-answers';
import type { Caller } from '../../shared/auth/caller';
import { HttpEndpoint, serveHttp } from '../../shared/server/http-server';

/**
 * Issue #17 item 2: identical requests in flight answered once at the HTTP layer, before Apollo
 * Server (shared/server/shared-answers.ts, the gateway's key gateway/execution/shareable-answers.ts).
 * Every resolver waits at a gate the test opens once every request has reached the server, so all
 * are in flight together; the answers are compared byte for byte with those of a server that shares
 * nothing (the same schema and resolvers).
 */

process.env.APOLLO_TELEMETRY_DISABLED = '1';

interface Context {
  caller: Caller;
}

let runs = 0;
let contexts = 0;
let gate: { open: () => void; opened: Promise<void> };
const newGate = () => {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  gate = { open, opened };
};

const typeDefs = `
  type Query {
    "The caller's subject, or null for an anonymous caller."
    me: String
    "The number given, back."
    echo(n: Int!): Int!
    "A list long enough to make a sizeable answer."
    items: [String!]!
    "How many times a resolver has run so far."
    runs: Int!
  }
  type Mutation {
    "Adds one run; answers the runs so far."
    bump: Int!
  }`;

const resolvers = {
  Query: {
    me: async (_: unknown, __: unknown, context: Context) => {
      runs += 1;
      await gate.opened;
      return context.caller.authenticated ? (context.caller.subject ?? null) : null;
    },
    echo: async (_: unknown, { n }: { n: number }) => {
      runs += 1;
      await gate.opened;
      return n;
    },
    items: () => Array.from({ length: 2_000 }, (_, i) => `item ${i} «é»`),
    runs: () => runs,
  },
  Mutation: {
    bump: async () => {
      runs += 1;
      const mine = runs;
      await gate.opened;
      return mine;
    },
  },
};

const callerOf = (authorization: string | undefined): Caller =>
  authorization ? { authenticated: true, subject: authorization.replace(/^Bearer /, ''), scopes: [] } : { authenticated: false, scopes: [] };

async function start(share: boolean): Promise<{ endpoint: HttpEndpoint; apollo: ApolloServer<Context> }> {
  const apollo = new ApolloServer<Context>({ typeDefs, resolvers });
  await apollo.start();
  const endpoint = await serveHttp<Context>(
    {
      apollo,
      context: async (request) => {
        contexts += 1;
        return { caller: callerOf(request.headers.authorization) };
      },
      ...(share ? { shareAnswers: answerSharing(() => undefined) } : {}),
    },
    0,
    '127.0.0.1',
  );
  return { endpoint, apollo };
}

let sharing: { endpoint: HttpEndpoint; apollo: ApolloServer<Context> };
let alone: { endpoint: HttpEndpoint; apollo: ApolloServer<Context> };

beforeAll(async () => {
  sharing = await start(true);
  alone = await start(false);
});

afterAll(async () => {
  for (const server of [sharing, alone]) {
    await server.endpoint.close(0);
    await server.apollo.stop();
  }
});

interface Sent {
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  bytes: Buffer;
  headers: Headers;
}

/** Sends every request at once to `url`; opens the gate once all have reached the server; answers in order. */
async function inFlightTogether(url: string, requests: Sent[]): Promise<Answer[]> {
  runs = 0;
  contexts = 0;
  newGate();
  const answers = Promise.all(
    requests.map(async ({ body, headers }) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
    }),
  );
  while (contexts < requests.length) await new Promise((resolve) => setTimeout(resolve, 5));
  // Let the last request reach its leader (or Apollo Server) before the resolvers go on.
  await new Promise((resolve) => setTimeout(resolve, 20));
  gate.open();
  return answers;
}

const N = 8;
const QUERY = 'query Heavy { me items }';

it('N identical anonymous queries in flight: Apollo Server runs once, every answer is the same bytes as a server that shares nothing, each with its own request id', async () => {
  const requests = Array.from({ length: N }, () => ({ body: { query: QUERY, operationName: 'Heavy' } }));
  const shared = await inFlightTogether(sharing.endpoint.url, requests);
  expect(runs).toBe(1);
  const own = await inFlightTogether(alone.endpoint.url, requests);
  expect(runs).toBe(N);
  for (const answer of [...shared, ...own]) {
    expect(answer.status).toBe(200);
    expect(answer.bytes.equals(own[0]!.bytes)).toBe(true);
    expect(answer.headers.get('content-type')).toBe(own[0]!.headers.get('content-type'));
    expect(answer.headers.get('content-length')).toBe(String(own[0]!.bytes.length));
  }
  expect(new Set(shared.map((answer) => answer.headers.get('x-request-id'))).size).toBe(N);
});

it('the same caller (the same token) shares; different callers never do, each gets its own answer', async () => {
  const names = ['ana', 'bob', 'ana', 'cyrus', 'bob'];
  const answers = await inFlightTogether(
    sharing.endpoint.url,
    names.map((name) => ({ body: { query: '{ me }' }, headers: { authorization: `Bearer ${name}` } })),
  );
  expect(runs).toBe(3);
  expect(answers.map((answer) => JSON.parse(answer.bytes.toString('utf8')) as unknown)).toEqual(names.map((name) => ({ data: { me: name } })));
  const anonymousAndNamed = await inFlightTogether(sharing.endpoint.url, [{ body: { query: '{ me }' } }, { body: { query: '{ me }' }, headers: { authorization: 'Bearer ana' } }]);
  expect(runs).toBe(2);
  expect(anonymousAndNamed.map((answer) => answer.bytes.toString('utf8'))).toEqual(['{"data":{"me":null}}\n', '{"data":{"me":"ana"}}\n']);
});

it('different variables never share: each request gets its own value', async () => {
  const values = [1, 2, 1, 3, 2, 1];
  const answers = await inFlightTogether(
    sharing.endpoint.url,
    values.map((n) => ({ body: { query: 'query Echo($n: Int!) { echo(n: $n) }', variables: { n } } })),
  );
  expect(runs).toBe(3);
  expect(answers.map((answer) => answer.bytes.toString('utf8'))).toEqual(values.map((n) => `{"data":{"echo":${n}}}\n`));
});

it('identical mutations in flight never share: each runs', async () => {
  const answers = await inFlightTogether(
    sharing.endpoint.url,
    Array.from({ length: N }, () => ({ body: { query: 'mutation { bump }' } })),
  );
  expect(runs).toBe(N);
  expect(new Set(answers.map((answer) => answer.bytes.toString('utf8'))).size).toBe(N);
});

it('a request that carries a trace, or a different language, is answered on its own', async () => {
  const traced = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  await inFlightTogether(
    sharing.endpoint.url,
    Array.from({ length: 4 }, () => ({ body: { query: QUERY }, headers: traced })),
  );
  expect(runs).toBe(4);
  await inFlightTogether(sharing.endpoint.url, [
    { body: { query: QUERY }, headers: { 'accept-language': 'fa' } },
    { body: { query: QUERY }, headers: { 'accept-language': 'en' } },
  ]);
  expect(runs).toBe(2);
});

it('nothing is kept: the same query after the answer runs again', async () => {
  await inFlightTogether(sharing.endpoint.url, [{ body: { query: QUERY } }]);
  expect(runs).toBe(1);
  const [again] = await inFlightTogether(sharing.endpoint.url, [{ body: { query: '{ me runs }' } }]);
  expect(runs).toBe(1);
  expect(again!.bytes.toString('utf8')).toBe('{"data":{"me":null,"runs":1}}\n');
});
