import { deliveriesOf, newDelivery } from '../../shared/outbox/deliveries';
import { OutboxEventDocument } from '../../shared/outbox/events';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../shared/outbox/settings';
import { AttemptResult, WebhookSender } from '../../shared/outbox/sender';
import { subscriptionsOf } from '../../shared/outbox/subscriptions';
import { WebhookWorker } from '../../shared/outbox/worker';
import { MemoryStore } from '../../shared/store/memory-store';

const event = (id: string, sequence: number): OutboxEventDocument => ({
  _id: id,
  type: 'resolution.due',
  record: { type: 'RESOLUTION', id: 'example:resolution:1' },
  recordKey: 'RESOLUTION|example:resolution:1',
  organisationId: null,
  sequence,
  occurredAt: new Date('2026-03-01T08:00:00Z'),
  data: {},
});

describe('the webhook delivery worker', () => {
  it('removes the deliveries of a subscription deleted while a fan-out was handing them out, so none is left for ever', async () => {
    const store = new MemoryStore();
    const sent: string[] = [];
    const send: WebhookSender = async ({ id }): Promise<AttemptResult> => {
      sent.push(id);
      return { ok: true, status: 204 };
    };
    const now = new Date('2026-03-01T08:00:00Z');
    // A fan-out read the subscription, then it was deleted (with the deliveries there were), then the fan-out wrote these.
    await deliveriesOf(store).insertMany([newDelivery(event('e1', 1), 'example:webhook:gone', now), newDelivery(event('e2', 2), 'example:webhook:gone', now)]);
    expect(await subscriptionsOf(store).count({})).toBe(0);

    const worker = new WebhookWorker({ registry: 'example', store, settings: DEFAULT_WEBHOOK_SETTINGS, clock: () => now, send });
    await worker.pass();

    expect({ sent, left: await deliveriesOf(store).count({}) }).toEqual({ sent: [], left: 0 });
  });
});
