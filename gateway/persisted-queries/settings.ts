import { resolve } from 'node:path';
import { z } from 'zod';
import { choice, flag, readConfiguration, text } from '../../shared/config';

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

/** Persisted queries and the safelist (docs/configuration.md lists them). */
export const persistedQueryVariables = z.object({
  PERSISTED_QUERIES_MANIFEST: text(
    { description: "The registered operations (Apollo's persisted query manifest format); clients may send their ids.", accepts: 'a file path' },
    undefined,
  ),
  SAFELIST: choice<SafelistMode>(
    ['off', 'log', 'enforce'],
    'off',
    '`off` serves any operation; `log` serves them but logs and counts unregistered ones; `enforce` refuses those. `log` and `enforce` need `PERSISTED_QUERIES_MANIFEST`.',
  ),
  PERSISTED_QUERIES_REQUIRE_ID: flag(false, 'With `SAFELIST=enforce`: registered operations only by id, never by their text.'),
  APQ: flag(true, 'Automatic persisted queries; `false` turns them off.'),
});

/** The persisted-query settings as read, refusing a safelist without a manifest. */
export function persistedQuerySettingsOf(config: ReturnType<typeof persistedQueryVariables.parse>): PersistedQuerySettings {
  const manifestFile = config.PERSISTED_QUERIES_MANIFEST ? resolve(config.PERSISTED_QUERIES_MANIFEST) : undefined;
  const settings: PersistedQuerySettings = {
    ...(manifestFile ? { manifestFile } : {}),
    safelist: config.SAFELIST,
    requireId: config.PERSISTED_QUERIES_REQUIRE_ID,
    apq: config.APQ,
  };
  checkPersistedQuerySettings(settings);
  return settings;
}

/** Reads `PERSISTED_QUERIES_MANIFEST`, `SAFELIST`, `PERSISTED_QUERIES_REQUIRE_ID` and `APQ`, refusing a safelist without a manifest. */
export function persistedQuerySettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): PersistedQuerySettings {
  return persistedQuerySettingsOf(readConfiguration(persistedQueryVariables, env));
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
