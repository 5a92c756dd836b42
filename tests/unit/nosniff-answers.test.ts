import { ApolloServer } from '@apollo/server';
import { HttpEndpoint, serveHttp } from '../../shared/server/http-server';

/**
 * Every answer of the shared HTTP server says `x-content-type-options: nosniff`: some echo what the
 * client sent (a variable's value, a path) and must be read as the JSON or text they say they are,
 * never sniffed into a page (audit, 2026-12-07: GraphQL answers, routes and 404s went without it).
 */
describe('the content type of every answer is binding', () => {
  let endpoint: HttpEndpoint;
  let apollo: ApolloServer;
  let base: string;

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: 'type Query { echo(text: String): String }',
      resolvers: { Query: { echo: (_: unknown, args: { text?: string }) => args.text ?? null } },
    });
    await apollo.start();
    const routes = { '/ready': async () => ({ status: 200, body: { ready: true } }) };
    endpoint = await serveHttp({ apollo, context: async () => ({}), routes }, 0, '127.0.0.1');
    base = `http://127.0.0.1:${endpoint.port}`;
  });
  afterAll(async () => {
    await endpoint?.close();
    await apollo?.stop();
  });

  const post = (body: string) => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['a GraphQL answer echoing a variable', () => post(JSON.stringify({ query: 'query($t: String) { echo(text: $t) }', variables: { t: '<script>alert(1)</script>' } }))],
    ['a refused document', () => post(JSON.stringify({ query: '{ <img src=x onerror=alert(1)> }' }))],
    ['a body that is not JSON', () => post('<html>')],
    ['a route', () => fetch(`${base}/ready`)],
    ['a path nobody serves', () => fetch(`${base}/<svg onload=alert(1)>`)],
  ])('%s', async (_, send) => {
    const answer = await send();
    await answer.arrayBuffer();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
