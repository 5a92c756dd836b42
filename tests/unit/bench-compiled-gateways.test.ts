import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The benchmark runs its Node gateways compiled (bench/lib/compiled-gateways.ts): the product as
 * production builds it (tsconfig.build.json), plus the entry points under bench/gateways, and
 * nothing else changed.
 */

const ROOT = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { extends?: string; include?: string[]; compilerOptions?: Record<string, unknown> };

describe("the benchmark's compiled gateways", () => {
  const production = readJson('tsconfig.build.json');
  const bench = readJson('bench/tsconfig.gateways.json');

  it('compile what production compiles, with the same options, and the gateways under bench/gateways', () => {
    expect(bench.extends).toBe('../tsconfig.build.json');
    const fromRoot = (bench.include ?? []).map((folder) => join('bench', folder).replace(/\\/g, '/'));
    expect(fromRoot.sort()).toEqual([...(production.include ?? []), 'bench/gateways'].sort());
    // Source maps only: nothing that changes the emitted code.
    expect(Object.keys(bench.compilerOptions ?? {})).toEqual(['sourceMap']);
  });

  it('are run by the benchmark from that build, with no loader', () => {
    const run = readFileSync(join(ROOT, 'bench', 'run.ts'), 'utf8');
    expect(run).toContain('compileGateways(');
    for (const name of ['apollo-stock', 'product', 'product-production', 'hive.config']) expect(run).toContain(`entry('${name}')`);
    expect(run).not.toMatch(/join\(__dirname, 'gateways', '[a-z.-]+\.ts'\)/);
  });
});
