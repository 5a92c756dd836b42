/**
 * Preloaded after tsx in every process the benchmark starts (`--import tsx --import
 * ./bench/lib/source-maps-off.ts`): tsx turns on source-mapped stack traces, which makes every
 * `new Error().stack` far dearer than in a compiled deployment (the stock Apollo Gateway's HTTP
 * agent builds one per subgraph request). Turning them back off keeps TypeScript entry points
 * while measuring what plain `node` would.
 */
process.setSourceMapsEnabled(false);
