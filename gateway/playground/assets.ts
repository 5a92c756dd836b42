import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** A file the playground page loads, served by the gateway itself (no CDN). */
export interface PlaygroundAsset {
  /** The file's name in its URL, e.g. `graphiql.min.js`. */
  name: string;
  /** Where it is read from: node_modules, or this folder's `client/`. */
  file: string;
  contentType: string;
  /** The first 16 hex digits of the file's SHA-256: part of its URL, so a changed file gets a new URL. */
  hash: string;
  /** `/playground/assets/<hash>/<name>`. */
  url: string;
}

export const ASSETS_PREFIX = '/playground/assets/';

/** A package's folder (react and react-dom export only their entry points, not their `umd/` files). */
const packageDir = (name: string): string => dirname(require.resolve(name));

const SOURCES: { name: string; file: () => string; contentType: string }[] = [
  { name: 'react.production.min.js', file: () => join(packageDir('react'), 'umd', 'react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'react-dom.production.min.js', file: () => join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'graphiql.min.js', file: () => require.resolve('graphiql/graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'graphiql.min.css', file: () => require.resolve('graphiql/graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  { name: 'playground.css', file: () => join(__dirname, 'client', 'playground.css'), contentType: 'text/css; charset=utf-8' },
  // The result view (table, chart, CSV): plain scripts, each adding to window.RegistriesPlayground, in this order.
  { name: 'result-data.js', file: () => join(__dirname, 'client', 'result-data.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'connection-pages.js', file: () => join(__dirname, 'client', 'connection-pages.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'result-chart.js', file: () => join(__dirname, 'client', 'result-chart.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'result-view.js', file: () => join(__dirname, 'client', 'result-view.js'), contentType: 'text/javascript; charset=utf-8' },
  { name: 'playground.js', file: () => join(__dirname, 'client', 'playground.js'), contentType: 'text/javascript; charset=utf-8' },
];

/** The playground's files, in the order the page loads them; each file is read once here, to hash it. */
export function playgroundAssets(): PlaygroundAsset[] {
  return SOURCES.map((source) => {
    const file = source.file();
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    return { name: source.name, file, contentType: source.contentType, hash, url: `${ASSETS_PREFIX}${hash}/${source.name}` };
  });
}

/** Each asset gzipped once, when first asked for so (GraphiQL's 3.5 MB took 70 ms of CPU per request). */
const gzipped = new Map<string, Promise<Buffer>>();

function gzippedOf(asset: PlaygroundAsset): Promise<Buffer> {
  let bytes = gzipped.get(asset.url);
  if (!bytes) {
    bytes = gzip(readFileSync(asset.file));
    gzipped.set(asset.url, bytes);
    bytes.catch(() => gzipped.delete(asset.url));
  }
  return bytes;
}

/**
 * Sends an asset: gzipped (compressed once, then kept) when the client accepts it, else streamed from disk. Its URL names its content, so it
 * may be cached for a year without asking again (`immutable`); the ETag answers a revalidation
 * (a reload with the cache bypassed) with 304.
 */
export async function sendAsset(request: IncomingMessage, response: ServerResponse, asset: PlaygroundAsset): Promise<void> {
  const etag = `"${asset.hash}"`;
  response.setHeader('cache-control', 'public, max-age=31536000, immutable');
  response.setHeader('etag', etag);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304);
    response.end();
    return;
  }
  response.setHeader('content-type', asset.contentType);
  const compressed = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (compressed) response.setHeader('content-encoding', 'gzip');
  if (request.method === 'HEAD') {
    response.writeHead(200);
    response.end();
    return;
  }
  if (compressed) {
    const bytes = await gzippedOf(asset);
    response.writeHead(200, { 'content-length': bytes.length });
    response.end(bytes);
    return;
  }
  response.writeHead(200);
  await pipeline(createReadStream(asset.file), response);
}
