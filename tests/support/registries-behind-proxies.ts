import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, waitForSubgraphSdls } from '../../gateway/compose';
import { GatewaySettings } from '../../gateway/config';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { createLog } from '../../shared/server/log';
import { REGISTRY_KEYS, TEST_SIGNER, useTestSecrets } from './auth';
import { recordingProxy, RecordingProxy } from './recording-proxy';
import { SubgraphFleet } from './subgraph-fleet';

/**
 * The four registry subgraphs, each behind a recording proxy, and gateways over the proxies (their
 * supergraph composed once, never polled): what the suites that look at everything the gateway sends
 * each registry share.
 */
export class RegistriesBehindProxies {
  readonly fleet = new SubgraphFleet();
  readonly proxies = {} as Record<DemoRegistryKey, RecordingProxy>;
  private folder: string | undefined;
  private supergraphFile: string | undefined;
  private readonly gateways: RunningGateway[] = [];

  async start(): Promise<void> {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    await this.fleet.startAll();
    for (const key of REGISTRY_KEYS) this.proxies[key] = await recordingProxy(this.fleet.url(key));
    this.folder = mkdtempSync(join(tmpdir(), 'registries-behind-proxies-'));
    this.supergraphFile = join(this.folder, 'supergraph.graphql');
    const endpoints = REGISTRY_KEYS.map((key) => ({ name: key, url: this.proxies[key].url }));
    const sdls = await waitForSubgraphSdls(endpoints, createLog('test'), 10_000, TEST_SIGNER);
    writeFileSync(this.supergraphFile, composeSupergraph(endpoints, sdls).supergraphSdl);
  }

  /** A gateway over the proxies, `settings` added. */
  async gateway(settings: Partial<GatewaySettings> = {}): Promise<RunningGateway> {
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [],
      startupTimeoutMs: 10_000,
      pollIntervalMs: 0,
      supergraphFile: this.supergraphFile!,
      ...settings,
    });
    this.gateways.push(gateway);
    return gateway;
  }

  /** How many requests each proxy has passed on so far: where to read what follows from. */
  marks(): Record<DemoRegistryKey, number> {
    return Object.fromEntries(REGISTRY_KEYS.map((key) => [key, this.proxies[key].requests.length])) as Record<DemoRegistryKey, number>;
  }

  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((gateway) => gateway.stop()));
    await Promise.all(Object.values(this.proxies).map((proxy) => proxy.close()));
    await this.fleet.stopAll();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }
}
