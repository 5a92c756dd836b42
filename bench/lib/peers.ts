import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * bench/peers: the other gateways the benchmark measures beside the product, with their own
 * package.json and lockfile so that they stay out of the product's install. `npm run bench:peers`
 * installs them (and `npm run bench` runs it first).
 */
export const PEERS_DIR = join(__dirname, '..', 'peers');

/** The packages bench/peers/package.json declares. */
export function peerPackageNames(peersDir = PEERS_DIR): string[] {
  const manifest = JSON.parse(readFileSync(join(peersDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

/**
 * The folder of a peer package as installed in bench/peers/node_modules (never the product's own
 * node_modules), or an error that says how to install it.
 */
export function peerPackageDir(name: string, peersDir = PEERS_DIR): string {
  const dir = join(peersDir, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) {
    throw new Error(`${name} is not installed in ${peersDir}: run \`npm run bench:peers\` first (it installs the benchmark's other gateways from bench/peers/package-lock.json)`);
  }
  return dir;
}

/** Hive Gateway's command-line entry point (`hive-gateway`), from bench/peers. */
export function hiveGatewayBin(peersDir = PEERS_DIR): string {
  return join(peerPackageDir('@graphql-hive/gateway', peersDir), 'dist', 'bin.js');
}
