import { GATEWAY_ONLY_VARIABLES, subgraphEnvironment } from '../../scripts/start-environments';

/** `npm start` (scripts/start-all.ts) hands each subgraph its environment without what only the gateway holds. */
describe("npm start's subgraph environment", () => {
  const shell: NodeJS.ProcessEnv = {
    AUTH_SECRET: 'a-bearer-token-secret-of-32-bytes-or-more',
    GATEWAY_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----',
    GATEWAY_SIGNING_KEY_FILE: '/srv/gateway/key.pem',
    CURSOR_SECRET: 'the-cursor-secret-of-this-run-0123456789',
    REDIS_URL: 'redis://:the-redis-passw0rd@redis:6379',
    METRICS_TOKEN: 'the-metrics-scraper-token-of-32-bytes-0123',
    LABS_PORT: '6301',
  };

  it('holds neither the signing key nor AUTH_SECRET, with which a subgraph could mint any bearer token', () => {
    const env = subgraphEnvironment(shell);
    for (const name of ['AUTH_SECRET', 'GATEWAY_SIGNING_KEY', 'GATEWAY_SIGNING_KEY_FILE']) expect(env).not.toHaveProperty(name);
    expect(GATEWAY_ONLY_VARIABLES).toContain('AUTH_SECRET');
  });

  // The gateway's Redis holds the texts signed-in callers registered (national codes typed in) and the answers served to anonymous callers (audit, 2026-12-07).
  it("holds neither the gateway's Redis URL, with its password, nor the metrics scraper's token", () => {
    const env = subgraphEnvironment(shell);
    for (const name of ['REDIS_URL', 'METRICS_TOKEN']) expect(env).not.toHaveProperty(name);
  });

  it('keeps the rest, and leaves the environment it was given as it was', () => {
    expect(subgraphEnvironment(shell)).toEqual({ CURSOR_SECRET: shell.CURSOR_SECRET, LABS_PORT: '6301' });
    expect(shell.AUTH_SECRET).toBeDefined();
  });
});
