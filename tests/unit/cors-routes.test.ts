import { ApolloServer } from '@apollo/server';
import { HttpEndpoint, serveHttp } from '../../shared/server/http-server';

/**
 * CORS_ORIGINS opens GraphQL to other origins' pages, and nothing else: `/metrics` answers any
 * caller on the gateway's machine while METRICS_TOKEN is unset (operation names say what other
 * callers ask), so with `access-control-allow-origin` on it any page an operator opened on that
 * machine (every page, with `*`) could read it.
 */
describe.each([
  ['*', 'https://evil.example'],
  ['https://app.example', 'https://app.example'],
])('with CORS_ORIGINS=%s, a page of %s', (allowed, origin) => {
  let endpoint: HttpEndpoint;
  let apollo: ApolloServer;
  let base: string;

  beforeAll(async () => {
    apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
    await apollo.start();
    const routes = {
      '/metrics': async () => ({ status: 200, body: 'graphql_requests_total{operation="WhoHasCode0061234508"} 1\n', contentType: 'text/plain; version=0.0.4' }),
      '/ready': async () => ({ status: 200, body: { ready: true } }),
    };
    endpoint = await serveHttp({ apollo, context: async () => ({}), routes, corsOrigins: [allowed] }, 0, '127.0.0.1');
    base = `http://127.0.0.1:${endpoint.port}`;
  });
  afterAll(async () => {
    await endpoint?.close();
    await apollo?.stop();
  });

  it('may read GraphQL answers', async () => {
    const answer = await fetch(`${base}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ok }' }) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it.each(['/metrics', '/ready'])('may not read %s, nor is its preflight allowed', async (path) => {
    const answer = await fetch(`${base}${path}`, { headers: { origin } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${base}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });
});
