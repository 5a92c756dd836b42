import { removeCompositionCacheFolder } from './composition-cache-folder';
import mongoGlobalTeardown from './mongo-global-teardown';

/** Jest globalTeardown: what globalSetup started and made, stopped and removed. */
export default async function globalTeardown(): Promise<void> {
  await mongoGlobalTeardown();
  removeCompositionCacheFolder();
}
