import { takeProvisionedServer } from './mongo-global-setup';

/** Jest globalTeardown: stops the server globalSetup started (if any) and removes its temporary directory. */
export default async function mongoGlobalTeardown(): Promise<void> {
  await takeProvisionedServer()?.stop();
}
