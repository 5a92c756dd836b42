import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph, waitForSubgraphSdls } from '../../gateway/compose';
import { GatewaySettings } from '../../gateway/config';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { createLog } from '../../shared/server/log';
import { TEST_SIGNER } from './auth';

/**
 * A gateway on the plan executor over `endpoints` (some of them proxies standing in front of a
 * subgraph), its supergraph composed from their schemas once into `folder` as `<name>.graphql` and
 * never polled again; `settings` added (per-subgraph timeouts, say).
 */
export async function gatewayOver(folder: string, endpoints: { name: string; url: string }[], name: string, settings: Partial<GatewaySettings> = {}): Promise<RunningGateway> {
  const sdls = await waitForSubgraphSdls(endpoints, createLog('test'), 10_000, TEST_SIGNER);
  const supergraphFile = join(folder, `${name}.graphql`);
  writeFileSync(supergraphFile, composeSupergraph(endpoints, sdls).supergraphSdl);
  return startGateway({ port: 0, host: '127.0.0.1', subgraphs: [], startupTimeoutMs: 10_000, pollIntervalMs: 0, supergraphFile, executor: 'plan', ...settings });
}
