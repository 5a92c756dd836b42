import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEERS_DIR, peerPackageDir, peerPackageNames } from '../../bench/lib/peers';

/** The benchmark's other gateways live in bench/peers with their own lockfile, out of the product's install. */

const ROOT = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('the benchmark peers', () => {
  const peers = peerPackageNames();

  it('are declared in bench/peers/package.json', () => {
    expect(peers).toContain('@graphql-hive/gateway');
  });

  it('are neither declared nor locked in the product (so `npm ci` does not install them)', () => {
    const manifest = readJson(join(ROOT, 'package.json'));
    const declared = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((field) =>
      Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}),
    );
    const overridden = Object.keys((manifest.overrides as Record<string, string> | undefined) ?? {});
    const locked = Object.keys(readJson(join(ROOT, 'package-lock.json')).packages as Record<string, unknown>);
    for (const name of peers) {
      expect(declared).not.toContain(name);
      expect(locked.filter((path) => path === `node_modules/${name}` || path.includes(`/node_modules/${name}`))).toEqual([]);
    }
    // what only the peers needed pinned is pinned in bench/peers, not in the product
    for (const name of Object.keys((readJson(join(PEERS_DIR, 'package.json')).overrides as Record<string, string> | undefined) ?? {})) {
      expect(overridden).not.toContain(name);
    }
  });

  describe('found by the benchmark', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'bench-peers-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('only in bench/peers/node_modules, with a message that says how to install them when missing', () => {
      expect(() => peerPackageDir('@graphql-hive/gateway', dir)).toThrow(/@graphql-hive\/gateway is not installed .*run `npm run bench:peers` first/);
    });

    it('in bench/peers/node_modules once installed', () => {
      const installed = join(dir, 'node_modules', '@graphql-hive', 'gateway');
      mkdirSync(installed, { recursive: true });
      writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: '@graphql-hive/gateway', version: '0.0.0' }));
      expect(peerPackageDir('@graphql-hive/gateway', dir)).toBe(installed);
    });
  });
});
