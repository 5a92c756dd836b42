import { join } from 'node:path';
import { build } from '../../scripts/build';

/** The compiled entry point of a Node gateway under bench/gateways, by its file's name without `.ts`. */
export type GatewayEntry = (name: string) => string;

const CONFIG = join(__dirname, '..', 'tsconfig.gateways.json');

/**
 * Compiles the product (as `npm run build` does for production) and the Node gateways' entry points
 * (bench/gateways) to JavaScript in `outDir`, so that every Node gateway under test runs as plain
 * `node` on compiled code: what users run, with no loader in the process.
 */
export function compileGateways(outDir: string): GatewayEntry {
  build(outDir, CONFIG);
  return (name) => join(outDir, 'bench', 'gateways', `${name}.js`);
}
