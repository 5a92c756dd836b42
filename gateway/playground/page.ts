import { createHash } from 'node:crypto';
import { PlaygroundAsset } from './assets';
import { PlaygroundExample } from './examples';

/** What the page's script reads: where to send operations, the tabs to open with, where to keep state. */
export interface PlaygroundConfig {
  endpoint: string;
  examples: { query: string; variables?: string }[];
  /** GraphiQL keeps tabs and history in localStorage under this name; it changes with the examples, so new ones show. */
  storageNamespace: string;
}

/**
 * The page's Content-Security-Policy: scripts, styles and requests from the gateway's own origin
 * only, so even a changed asset could not reach another host. Styles may be inline (React and
 * CodeMirror set `style` attributes); fonts are the data: URLs GraphiQL's CSS embeds.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON that is safe inside a `<script>` element: no `<` (so no `</script>`), no U+2028/2029. */
const scriptSafeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const escapeAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function playgroundConfig(endpoint: string, examples: readonly PlaygroundExample[]): PlaygroundConfig {
  const tabs = examples.map((example) => ({ query: example.query, ...(example.variables ? { variables: example.variables } : {}) }));
  const version = createHash('sha256').update(JSON.stringify(tabs)).digest('hex').slice(0, 12);
  return { endpoint, examples: tabs, storageNamespace: `registries-playground-${version}` };
}

/**
 * The playground's HTML: GraphiQL with the docs explorer, its scripts and styles from the gateway's
 * own routes, the configuration as inert JSON (the page runs no inline script). The interface is
 * left-to-right; playground.css gives each string and comment in the editors its own direction, so
 * Persian and Arabic values read right-to-left without disturbing the JSON around them.
 */
export function playgroundHtml(assets: readonly PlaygroundAsset[], config: PlaygroundConfig): string {
  const styles = assets.filter((a) => a.contentType.startsWith('text/css'));
  const scripts = assets.filter((a) => a.contentType.startsWith('text/javascript'));
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Association registries graph: playground</title>
${styles.map((a) => `<link rel="stylesheet" href="${escapeAttribute(a.url)}">`).join('\n')}
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script type="application/json" id="playground-config">${scriptSafeJson(config)}</script>
${scripts.map((a) => `<script src="${escapeAttribute(a.url)}"></script>`).join('\n')}
</body>
</html>
`;
}
