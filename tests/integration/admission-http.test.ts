import { ApolloServer } from '@apollo/server';
import { AdmissionGate } from '../../shared/server/admission';
import { HttpEndpoint, serveHttp } from '../../shared/server/http-server';

/**
 * The admission gate in front of Apollo Server (shared/server/http-server.ts), over real HTTP: a
 * process kept "busy" (the busy share given as 1) lets one request run at once. The one running
 * waits in its resolver until the test lets it go; the others are held at the door.
 */

process.env.APOLLO_TELEMETRY_DISABLED = '1';

const ran: number[] = [];
let release = () => undefined as void;
let released = Promise.resolve();
const holdResolvers = (): void => {
  released = new Promise<void>((resolve) => (release = resolve));
};

const typeDefs = `
  type Query {
    "The number given, back, once the test lets the resolver go."
    echo(n: Int!): Int!
  }`;
const resolvers = {
  Query: {
    echo: async (_: unknown, { n }: { n: number }) => {
      ran.push(n);
      await released;
      return n;
    },
  },
};

let apollo: ApolloServer;
let endpoint: HttpEndpoint;
let gate: AdmissionGate;
/** Requests that reached the point where identical ones are matched (after their checks): what a twin must pass before it can follow. */
let matched = 0;

beforeAll(async () => {
  apollo = new ApolloServer({ typeDefs, resolvers });
  await apollo.start();
  gate = new AdmissionGate({ minActive: 1, busyAbove: 0.9, windowMs: 20 }, () => 1);
  endpoint = await serveHttp({ apollo, context: async () => ({}), admission: gate, shareAnswers: () => ((matched += 1), 'everyone') }, 0, '127.0.0.1');
});
afterAll(async () => {
  await endpoint.close(0);
  await apollo.stop();
});

const ask = (n: number, signal?: AbortSignal) =>
  fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ echo(n: ${n}) }` }), ...(signal ? { signal } : {}) });

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('requests held at the door', () => {
  it('are answered in turn; one whose client left is never run and holds no place', async () => {
    ran.length = 0;
    holdResolvers();
    const first = ask(1);
    await until(() => ran.length === 1);
    const leaving = new AbortController();
    const gone = ask(2, leaving.signal).then(
      () => 'answered',
      (error: unknown) => (error as Error).name,
    );
    const third = ask(3);
    await until(() => gate.state.waiting === 2);
    expect(ran).toEqual([1]);
    leaving.abort();
    expect(await gone).toBe('AbortError');
    await until(() => gate.state.waiting === 1);
    release();
    expect(await (await first).json()).toEqual({ data: { echo: 1 } });
    expect(await (await third).json()).toEqual({ data: { echo: 3 } });
    expect(ran).toEqual([1, 3]);
    await until(() => gate.state.running === 0);
    expect(gate.state).toEqual({ running: 0, waiting: 0, limit: 1 });
  });

  it('answers identical requests that arrive while their first is held with its answer, without places of their own', async () => {
    ran.length = 0;
    holdResolvers();
    const first = ask(10);
    await until(() => ran.length === 1);
    matched = 0;
    const twins = [ask(11), ask(11), ask(11)];
    // One of the three is held (the leader); the other two follow it and wait for its answer. All three
    // must have arrived before the first is let go: on a loaded machine one may come after the leader has answered.
    await until(() => gate.state.waiting === 1 && matched === 3);
    release();
    expect(await (await first).json()).toEqual({ data: { echo: 10 } });
    for (const twin of twins) expect(await (await twin).json()).toEqual({ data: { echo: 11 } });
    expect(ran).toEqual([10, 11]);
    await until(() => gate.state.running === 0);
  });
});
