import { keysetPage } from '../graphql/keyset-page';
import { Page, PageRequest } from '../graphql/pagination';
import { Filter, revisionOf, Store, StoreCollection, withNewRevision } from '../store/port';
import { deliveriesOf, DeliveryDocument, ensureDeliveryIndexes } from './deliveries';
import { Outbox } from './outbox';
import { SubscriptionDocument, subscriptionsOf } from './subscriptions';

/** At most this many dead letters are replayed by one request. */
export const MAX_REPLAY = 1_000;

/** The store access of a registry's webhook subscriptions and dead letters (the subscription API). No GraphQL in here. */
export class WebhookRepository {
  private readonly subscriptions: StoreCollection<SubscriptionDocument>;
  private readonly deliveries: StoreCollection<DeliveryDocument>;

  constructor(private readonly store: Store) {
    this.subscriptions = subscriptionsOf(store);
    this.deliveries = deliveriesOf(store);
  }

  /** Idempotent: the outbox's, the subscriptions' and the deliveries' indexes. */
  async ensureIndexes(): Promise<void> {
    await new Outbox(this.store).ensureIndexes();
    await this.subscriptions.ensureIndex({ name: 'webhook_subscriptions_by_creation', keys: { createdAt: 1 } });
    await ensureDeliveryIndexes(this.store);
  }

  listSubscriptions(): Promise<SubscriptionDocument[]> {
    return this.subscriptions.find({}, { sort: { createdAt: 1, _id: 1 } });
  }

  async findSubscription(id: string): Promise<SubscriptionDocument | undefined> {
    return (await this.subscriptions.find({ _id: id }))[0];
  }

  countSubscriptions(): Promise<number> {
    return this.subscriptions.count({});
  }

  createSubscription(subscription: SubscriptionDocument): Promise<void> {
    return this.subscriptions.insertOne(subscription);
  }

  /** The subscription paused or resumed; false when another request changed it since it was read. */
  setPaused(previous: SubscriptionDocument, paused: boolean): Promise<boolean> {
    return this.subscriptions.replaceIfUnchanged(previous, { ...previous, paused });
  }

  /** The subscription replaced (its grant renewed); false when another request changed it since it was read. */
  replaceSubscription(previous: SubscriptionDocument, next: SubscriptionDocument): Promise<boolean> {
    return this.subscriptions.replaceIfUnchanged(previous, next);
  }

  /**
   * Removes a subscription and its deliveries; returns how many deliveries went. The deliveries go
   * first, and once more after the subscription for those a fan-out made meanwhile: cut off in
   * between, the subscription is still there to delete again. Removed first, a cut left its dead
   * letters listed for good under no subscription (audit, 2026-12-07).
   */
  async deleteSubscription(id: string): Promise<number> {
    const removed = await this.deliveries.deleteMany({ subscriptionId: id });
    await this.subscriptions.deleteMany({ _id: id });
    return removed + (await this.deliveries.deleteMany({ subscriptionId: id }));
  }

  countDeliveries(subscriptionId: string, state: DeliveryDocument['state']): Promise<number> {
    return this.deliveries.count({ subscriptionId, state });
  }

  /** Dead letters, of one subscription or all, in id order. */
  pageDeadLetters(subscriptionId: string | null | undefined, request: PageRequest): Promise<Page<DeliveryDocument>> {
    const filter: Filter = subscriptionId ? { subscriptionId, state: 'dead' } : { state: 'dead' };
    return keysetPage(this.deliveries, filter, request, (delivery) => delivery._id);
  }

  /** The dead letters named, or those of a subscription (at most MAX_REPLAY), made due again from a first attempt; returns how many. */
  async replay(select: { ids?: readonly string[]; subscriptionId?: string }, now: Date): Promise<number> {
    const filter: Filter = { state: 'dead', ...(select.ids ? { _id: { $in: [...select.ids] } } : {}), ...(select.subscriptionId ? { subscriptionId: select.subscriptionId } : {}) };
    const dead = await this.deliveries.find(filter, { sort: { _id: 1 }, limit: MAX_REPLAY });
    let replayed = 0;
    for (const letter of dead) {
      const { deadAt: _deadAt, ...rest } = letter;
      const again: DeliveryDocument = withNewRevision({ ...rest, state: 'pending', attempts: 0, nextAttemptAt: now });
      if (await this.deliveries.replaceRevision(revisionOf(letter), again)) replayed += 1;
    }
    return replayed;
  }
}
