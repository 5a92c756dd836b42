import { resolve } from 'node:path';

/** `SAFELIST`: `off` serves any operation; `log` serves them but logs and counts unregistered ones; `enforce` refuses those. */
export type SafelistMode = 'off' | 'log' | 'enforce';

export interface PersistedQuerySettings {
  /** `PERSISTED_QUERIES_MANIFEST`: the registered operations (Apollo's persisted query manifest format); clients may send their ids. */
  manifestFile?: string;
  /** `SAFELIST`, `off` by default; `log` and `enforce` need a manifest. */
  safelist: SafelistMode;
  /** `PERSISTED_QUERIES_REQUIRE_ID=true` (with `SAFELIST=enforce`): registered operations only by id, never by their text. */
  requireId: boolean;
  /** `APQ=false` turns automatic persisted queries off (on by default). */
  apq: boolean;
}

const MODES: readonly SafelistMode[] = ['off', 'log', 'enforce'];

const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new Error(`${name} must be true or false; got "${env[name]}"`);
  return raw === 'true';
};

/** Reads `PERSISTED_QUERIES_MANIFEST`, `SAFELIST`, `PERSISTED_QUERIES_REQUIRE_ID` and `APQ`, refusing a safelist without a manifest. */
export function persistedQuerySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): PersistedQuerySettings {
  const safelist = (env.SAFELIST?.trim().toLowerCase() || 'off') as SafelistMode;
  if (!MODES.includes(safelist)) throw new Error(`SAFELIST must be one of ${MODES.join(', ')}; got "${env.SAFELIST}"`);
  const manifestFile = env.PERSISTED_QUERIES_MANIFEST?.trim() ? resolve(env.PERSISTED_QUERIES_MANIFEST.trim()) : undefined;
  const settings: PersistedQuerySettings = {
    ...(manifestFile ? { manifestFile } : {}),
    safelist,
    requireId: flag(env, 'PERSISTED_QUERIES_REQUIRE_ID', false),
    apq: flag(env, 'APQ', true),
  };
  checkPersistedQuerySettings(settings);
  return settings;
}

/** A safelist needs the list: `SAFELIST=log|enforce` without `PERSISTED_QUERIES_MANIFEST` is a configuration mistake. */
export function checkPersistedQuerySettings(settings: PersistedQuerySettings): void {
  if (settings.safelist !== 'off' && !settings.manifestFile) {
    throw new Error(
      `SAFELIST=${settings.safelist} needs PERSISTED_QUERIES_MANIFEST: the path of the registered operations (npx tsx scripts/persisted-query-manifest.ts writes one)`,
    );
  }
  if (settings.requireId && settings.safelist !== 'enforce') throw new Error('PERSISTED_QUERIES_REQUIRE_ID=true needs SAFELIST=enforce');
}
