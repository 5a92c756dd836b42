import { IncomingMessage, ServerResponse } from 'node:http';
import { ASSETS_PREFIX, PlaygroundAsset, playgroundAssets, sendAsset } from './assets';
import { PLAYGROUND_EXAMPLES } from './examples';
import { PLAYGROUND_CSP, playgroundConfig, playgroundHtml } from './page';

export const PLAYGROUND_PATH = '/playground';

/** Whether a client asks for a web page: a browser's navigation names text/html in its Accept header. */
const wantsHtml = (request: IncomingMessage): boolean => /\btext\/html\b/.test(String(request.headers.accept ?? ''));

/**
 * The playground as a `pages` hook of the gateway's HTTP server. It answers GET (and HEAD):
 * - `/playground`, always, with the page;
 * - `/` and `/graphql` when a browser asks for HTML and the URL carries no `query` (an operation sent
 *   by GET still goes to GraphQL, CSRF prevention included), with the same page;
 * - `/playground/assets/<hash>/<file>`, with React, ReactDOM, GraphiQL and the playground's own
 *   script and styles, streamed from disk.
 * Everything else (POSTs, JSON GETs) passes on to the routes and GraphQL.
 */
export function playgroundPages(graphqlPath = '/graphql'): (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean> {
  const assets = playgroundAssets();
  const byUrl = new Map<string, PlaygroundAsset>(assets.map((asset) => [asset.url, asset]));
  const html = playgroundHtml(assets, playgroundConfig(graphqlPath, PLAYGROUND_EXAMPLES));

  return async (request, response, url) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (url.pathname.startsWith(ASSETS_PREFIX)) {
      const asset = byUrl.get(url.pathname);
      if (!asset) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end(`No playground file ${url.pathname}; reload the playground.\n`);
        return true;
      }
      await sendAsset(request, response, asset);
      return true;
    }
    const page = url.pathname === PLAYGROUND_PATH || ((url.pathname === '/' || url.pathname === graphqlPath) && wantsHtml(request) && !url.searchParams.has('query'));
    if (!page) return false;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PLAYGROUND_CSP,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    response.end(request.method === 'HEAD' ? undefined : html);
    return true;
  };
}
