import { ForwardingStore } from '../../shared/store/forwarding-store';
import { DocumentWrite, StoreCollection, StoredDocument, StoreUnavailableError } from '../../shared/store/port';

/**
 * A store whose database a test can take away and give back: while `down`, every call fails as an
 * adapter's does when its server is gone (StoreUnavailableError), and the subgraph on it keeps
 * serving, answering DATABASE_UNAVAILABLE.
 */
export class OutageStore extends ForwardingStore {
  down = false;

  private check(): void {
    if (this.down) throw new StoreUnavailableError('connection refused (test outage)');
  }

  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          this.check();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  override async writeAll(writes: DocumentWrite[]): Promise<void> {
    this.check();
    return super.writeAll(writes);
  }

  override async ping(): Promise<void> {
    this.check();
    return super.ping();
  }
}
