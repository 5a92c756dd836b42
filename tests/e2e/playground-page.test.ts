import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { PLAYGROUND_EXAMPLES } from '../../gateway/playground';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * The playground over plain HTTP (issue #7, item 1): the page and every file it loads come from the
 * gateway itself, nothing names another host, the files are cached by content, the default Apollo
 * landing page (which loads from a CDN) is gone, and GraphQL requests are handled as before, CSRF
 * prevention included. tests/e2e/playground-browser.test.ts runs it in Chromium.
 */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let graph: TestGraph;
let origin: string;

beforeAll(async () => {
  graph = await startTestGraph();
  origin = new URL(graph.gatewayUrl).origin;
});

afterAll(async () => {
  await graph?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers });

/** The `src` and `href` values of the page. */
const referencesOf = (html: string): string[] => [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);

describe('the playground page', () => {
  it('is served at /playground with a same-origin content security policy', async () => {
    const response = await get('/playground');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain('<div id="graphiql">');
    // No inline script runs: the only inline <script> is inert JSON.
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline).toEqual([' type="application/json" id="playground-config"']);
  });

  it('is what a browser gets at / and at /graphql, while GraphQL clients get GraphQL', async () => {
    for (const path of ['/', '/graphql']) {
      const page = await get(path, { accept: BROWSER_ACCEPT });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="graphiql">');
    }
    const post = await graph.query<{ __typename: string }>('{ __typename }');
    expect(post.data).toEqual({ __typename: 'Query' });
    // A GET carrying an operation still goes to GraphQL, where CSRF prevention asks for a preflight header...
    const csrf = await get('/graphql?query=%7B__typename%7D', { accept: BROWSER_ACCEPT });
    expect(csrf.status).toBe(400);
    expect(await csrf.text()).toMatch(/apollo-require-preflight/);
    // ...and with it, answers.
    const allowed = await get('/graphql?query=%7B__typename%7D', { accept: 'application/json', 'apollo-require-preflight': 'true' });
    expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('replaces the Apollo landing page, which loads from a CDN', async () => {
    // Apollo answers a browser's GET with its landing page before it reads the operation; it is disabled.
    const response = await get('/graphql?query=%7B__typename%7D', { accept: 'text/html' });
    const body = await response.text();
    expect(body).not.toMatch(/apollographql\.com|cdn\./i);
    expect(body).not.toContain('<html');
  });

  it('opens with the saved operations as tabs', async () => {
    const html = await (await get('/playground')).text();
    const json = /<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(html)?.[1];
    const config = JSON.parse(json!) as { endpoint: string; examples: { query: string }[]; storageNamespace: string };
    expect(config.endpoint).toBe('/graphql');
    expect(config.examples.map((tab) => /query (\w+)/.exec(tab.query)?.[1])).toEqual(PLAYGROUND_EXAMPLES.map((example) => example.name));
    expect(config.examples.length).toBeGreaterThanOrEqual(9);
    expect(config.examples.map((tab) => tab.query)).toEqual(PLAYGROUND_EXAMPLES.map((example) => example.query));
    expect(config.storageNamespace).toMatch(/^registries-playground-[0-9a-f]{12}$/);
  });
});

describe('the playground files', () => {
  let references: string[];

  beforeAll(async () => {
    references = referencesOf(await (await get('/playground')).text());
  });

  it('are all on the gateway itself: no URL of the page names a host', () => {
    expect(references.length).toBeGreaterThanOrEqual(5);
    for (const reference of references) expect(reference).toMatch(/^\/playground\/assets\/[0-9a-f]{16}\/[\w.-]+$/);
    expect(references).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/react\.production\.min\.js$/),
        expect.stringMatching(/react-dom\.production\.min\.js$/),
        expect.stringMatching(/graphiql\.min\.js$/),
        expect.stringMatching(/graphiql\.min\.css$/),
        expect.stringMatching(/playground\.js$/),
        expect.stringMatching(/result-data\.js$/),
        expect.stringMatching(/connection-pages\.js$/),
        expect.stringMatching(/result-chart\.js$/),
        expect.stringMatching(/result-view\.js$/),
      ]),
    );
    // Each script adds to window.RegistriesPlayground what the next ones use; playground.js starts GraphiQL last.
    const scripts = references.filter((r) => r.endsWith('.js')).map((r) => r.split('/').pop());
    expect(scripts.slice(-5)).toEqual(['result-data.js', 'connection-pages.js', 'result-chart.js', 'result-view.js', 'playground.js']);
  });

  it('are served with their type, cached for a year by content, and revalidated by ETag', async () => {
    for (const reference of references) {
      const response = await get(reference);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(reference.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      const again = await get(reference, { 'if-none-match': etag! });
      expect(again.status).toBe(304);
    }
  });

  it('are gzipped for a client that accepts it', async () => {
    const script = references.find((r) => r.endsWith('graphiql.min.js'))!;
    // Node's fetch would unzip by itself: read the raw bytes through a plain request instead.
    const raw = await new Promise<{ encoding?: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${origin}${script}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(raw.encoding).toBe('gzip');
    const plain = Buffer.from(await (await get(script)).arrayBuffer());
    expect(raw.body.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(raw.body).equals(plain)).toBe(true);
  });

  it('load no font or stylesheet from elsewhere', async () => {
    for (const reference of references.filter((r) => r.endsWith('.css'))) {
      const css = await (await get(reference)).text();
      const urls = [...css.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!);
      expect(urls.filter((url) => !url.startsWith('data:'))).toEqual([]);
      expect(css).not.toMatch(/@import\s+(url\()?['"]?https?:/);
    }
  });

  it('answer 404 for a file that is not there', async () => {
    const response = await get('/playground/assets/0000000000000000/graphiql.min.js');
    expect(response.status).toBe(404);
  });
});
