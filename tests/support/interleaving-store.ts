import { DemoRegistryKey } from '../../shared/demo/scale';
import { ForwardingStore } from '../../shared/store/forwarding-store';
import { DocumentWrite, Store } from '../../shared/store/port';
import { startTestGraph, TestGraph } from './graph';

/** A store that runs a step of the test once, just before the first all-or-nothing write into the collection it waits for: the moment a concurrent request would have to hit by chance. */
export class InterleavingStore extends ForwardingStore {
  private pending: { collection: string; run: () => Promise<void> } | undefined;

  constructor(inner: Store) {
    super(inner);
  }

  /** Runs `run` just before the next write that writes into `collection`, then writes. */
  beforeNextWriteOf(collection: string, run: () => Promise<void>): void {
    this.pending = { collection, run };
  }

  override async writeAll(writes: DocumentWrite[]): Promise<void> {
    const pending = this.pending;
    if (pending && writes.some((write) => write.collection === pending.collection)) {
      this.pending = undefined;
      await pending.run();
    }
    return super.writeAll(writes);
  }
}

/** The test graph on `open`'s stores, `registry`'s wrapped in an InterleavingStore the test steers. */
export async function startInterleavedGraph(
  registry: DemoRegistryKey,
  open: (key: DemoRegistryKey) => Promise<Store>,
): Promise<{ graph: TestGraph; interleaved: InterleavingStore }> {
  let interleaved: InterleavingStore | undefined;
  const graph = await startTestGraph(async (key) => {
    const store = await open(key);
    if (key !== registry) return store;
    interleaved = new InterleavingStore(store);
    return interleaved;
  });
  return { graph, interleaved: interleaved! };
}
