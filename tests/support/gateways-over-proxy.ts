import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, waitForSubgraphSdls } from '../../gateway/compose';
import { GatewaySettings } from '../../gateway/config';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { createLog } from '../../shared/server/log';
import { TEST_SIGNER, useTestSecrets } from './auth';
import { recordingProxy, RecordingProxy } from './recording-proxy';
import { SubgraphFleet } from './subgraph-fleet';

/**
 * The four subgraphs, one of them (`proxied`) also behind a recording proxy that may rewrite or hold
 * back its answers (an operator the others do not control, or a slow one), and gateways on the plan
 * executor over them, through the proxy or not: what the suites about one misbehaving subgraph share.
 */
export class GatewaysOverProxy {
  readonly fleet = new SubgraphFleet();
  private proxyStarted: RecordingProxy | undefined;
  private folder: string | undefined;
  private readonly gateways: RunningGateway[] = [];

  constructor(private readonly proxied: DemoRegistryKey) {}

  /** The proxy in front of the `proxied` subgraph (once started). */
  get proxy(): RecordingProxy {
    return this.proxyStarted!;
  }

  async start(proxy: Parameters<typeof recordingProxy>[1]): Promise<void> {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    await this.fleet.startAll();
    this.folder = mkdtempSync(join(tmpdir(), 'gateways-over-proxy-'));
    this.proxyStarted = await recordingProxy(this.fleet.url(this.proxied), proxy);
  }

  /**
   * A gateway over the subgraphs, through the proxy when `throughProxy`: its supergraph composed from
   * their schemas once (through the proxy too) and never polled again; `settings` added.
   */
  async gateway(name: string, throughProxy: boolean, settings: Partial<GatewaySettings> = {}): Promise<RunningGateway> {
    const endpoints = this.fleet.endpoints(throughProxy ? { [this.proxied]: this.proxy.url } : {});
    const sdls = await waitForSubgraphSdls(endpoints, createLog('test'), 10_000, TEST_SIGNER);
    const supergraphFile = join(this.folder!, `${name}.graphql`);
    writeFileSync(supergraphFile, composeSupergraph(endpoints, sdls).supergraphSdl);
    const gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphs: [], startupTimeoutMs: 10_000, pollIntervalMs: 0, supergraphFile, executor: 'plan', ...settings });
    this.gateways.push(gateway);
    return gateway;
  }

  async stop(): Promise<void> {
    await Promise.all(this.gateways.map((gateway) => gateway.stop()));
    await this.proxyStarted?.close();
    await this.fleet.stopAll();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }
}
