import { DemoRegistryKey } from '../../shared/demo/scale';
import { RunningRegistrySubgraph, runSubgraph } from '../../shared/server/run';
import { MemoryStore } from '../../shared/store/memory-store';
import { Store } from '../../shared/store/port';
import { ALL_SUBGRAPHS } from './graph';

/**
 * The four subgraphs, each of which a test can stop and start again on the port it had: a dead
 * subgraph that comes back where the gateway expects it. Each start opens its association's store
 * with `openStore` (a new embedded store by default; a database store reopens the same database).
 */
export class SubgraphFleet {
  private readonly running = new Map<DemoRegistryKey, RunningRegistrySubgraph>();
  private readonly ports = new Map<DemoRegistryKey, number>();

  constructor(private readonly openStore: (key: DemoRegistryKey) => Promise<Store> = async () => new MemoryStore()) {}

  async startAll(): Promise<this> {
    for (const definition of ALL_SUBGRAPHS) await this.start(definition.key);
    return this;
  }

  async start(key: DemoRegistryKey): Promise<void> {
    const definition = ALL_SUBGRAPHS.find((d) => d.key === key)!;
    const settings = { port: this.ports.get(key) ?? 0, host: '127.0.0.1', databaseName: key, seedDemoData: true };
    const subgraph = await runSubgraph(definition, settings, await this.openStore(key));
    this.running.set(key, subgraph);
    this.ports.set(key, Number(new URL(subgraph.url).port));
  }

  async stop(key: DemoRegistryKey): Promise<void> {
    await this.running.get(key)?.stop();
    this.running.delete(key);
  }

  url(key: DemoRegistryKey): string {
    return `http://127.0.0.1:${this.ports.get(key)}/graphql`;
  }

  /** Name and URL of every subgraph, for the gateway's settings; `override` swaps some URLs (a proxy). */
  endpoints(override: Partial<Record<DemoRegistryKey, string>> = {}) {
    return ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: override[d.key] ?? this.url(d.key) }));
  }

  async stopAll(): Promise<void> {
    for (const key of [...this.running.keys()]) await this.stop(key);
  }
}
