import { createCompositionCacheFolder } from './composition-cache-folder';
import mongoGlobalSetup from './mongo-global-setup';

/** Jest globalSetup: the folder the workers share compositions in, and the MongoDB server (mongo-global-setup.ts). */
export default async function globalSetup(): Promise<void> {
  createCompositionCacheFolder();
  await mongoGlobalSetup();
}
