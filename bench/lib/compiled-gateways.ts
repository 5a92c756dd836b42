import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../scripts/build';

/** The compiled entry point of a Node gateway under bench/gateways, by its file's name without `.ts`. */
export type GatewayEntry = (name: string) => string;

export interface CompiledGateways {
  entry: GatewayEntry;
  /** Removes the compiled files. */
  remove(): void;
}

const CONFIG = join(__dirname, '..', 'tsconfig.gateways.json');
/** Inside the repository, so that the compiled code finds its packages in node_modules, as dist/ does. */
const BUILDS = join(__dirname, '..', '..', '.cache');

/**
 * Compiles the product (as `npm run build` does for production) and the Node gateways' entry points
 * (bench/gateways) to JavaScript in a new folder under .cache/, so that every Node gateway under test
 * runs as plain `node` on compiled code: what users run, with no loader in the process.
 */
export function compileGateways(): CompiledGateways {
  mkdirSync(BUILDS, { recursive: true });
  const dir = mkdtempSync(join(BUILDS, 'bench-build-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    build(dir, CONFIG);
  } catch (error) {
    remove();
    throw error;
  }
  return { entry: (name) => join(dir, 'bench', 'gateways', `${name}.js`), remove };
}
