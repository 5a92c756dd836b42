import { OUTBOX_COLLECTIONS } from '../../shared/outbox/events';
import { DeliveryDocument } from '../../shared/outbox/deliveries';
import { WebhookRepository } from '../../shared/outbox/repository';
import { ForwardingStore } from '../../shared/store/forwarding-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoreCollection, StoredDocument, StoreUnavailableError } from '../../shared/store/port';

/** A store whose database goes away at the k-th `deleteMany` (0 for the first), for that call only. */
class LosesOneDelete extends ForwardingStore {
  private deletes = 0;
  constructor(
    inner: MemoryStore,
    private readonly lost: number,
  ) {
    super(inner);
  }
  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        if (property !== 'deleteMany') return Reflect.get(target, property, receiver) as unknown;
        return (filter: Record<string, unknown>) => {
          if (this.deletes++ === this.lost) return Promise.reject(new StoreUnavailableError('connection closed'));
          return target.deleteMany(filter);
        };
      },
    });
  }
}

/**
 * Deleting a webhook subscription cut off by the database between its steps leaves either the
 * subscription (to delete again) or nothing of it: never its dead letters listed under no
 * subscription, which no request could then remove (audit, 2026-12-07: the subscription went first).
 */
describe('deleting a webhook subscription cut off midway', () => {
  it.each([0, 1, 2])('leaves nothing of it without the subscription, when the database goes away at step %i', async (lost) => {
    const memory = new MemoryStore();
    await memory.collection<StoredDocument>(OUTBOX_COLLECTIONS.subscriptions).insertMany([{ _id: 'sub-1' }]);
    await memory
      .collection<StoredDocument>(OUTBOX_COLLECTIONS.deliveries)
      .insertMany(['e1', 'e2'].map((event) => ({ _id: `${event}|sub-1`, subscriptionId: 'sub-1', state: 'dead' }) as unknown as DeliveryDocument));
    const repository = new WebhookRepository(new LosesOneDelete(memory, lost));

    await expect(repository.deleteSubscription('sub-1')).rejects.toThrow(StoreUnavailableError);

    const subscriptions = await memory.collection(OUTBOX_COLLECTIONS.subscriptions).count({});
    const deliveries = await memory.collection(OUTBOX_COLLECTIONS.deliveries).count({});
    expect(subscriptions === 1 || deliveries === 0).toBe(true);
    if (subscriptions === 1) {
      await new WebhookRepository(memory).deleteSubscription('sub-1');
      expect(await memory.collection(OUTBOX_COLLECTIONS.deliveries).count({})).toBe(0);
    }
  });
});
