export { ASSETS_PREFIX, playgroundAssets } from './assets';
export type { PlaygroundAsset } from './assets';
export { PLAYGROUND_EXAMPLES } from './examples';
export type { PlaygroundExample } from './examples';
export { PLAYGROUND_PATH, playgroundPages } from './handler';
export { PLAYGROUND_CSP, playgroundConfig, playgroundHtml } from './page';
