import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder where the test workers of one run share their compositions (tests/support/composition-cache.ts). */
export const COMPOSITION_CACHE_VARIABLE = 'TEST_COMPOSITION_CACHE_DIR';

/** Jest's global setup: a fresh folder for this run, named to the workers it starts. */
export function createCompositionCacheFolder(): void {
  process.env[COMPOSITION_CACHE_VARIABLE] = mkdtempSync(join(tmpdir(), 'registries-compositions-'));
}

/** Jest's global teardown: the folder removed. */
export function removeCompositionCacheFolder(): void {
  const folder = process.env[COMPOSITION_CACHE_VARIABLE];
  if (folder) rmSync(folder, { recursive: true, force: true });
  delete process.env[COMPOSITION_CACHE_VARIABLE];
}
