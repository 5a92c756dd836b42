import { deliveriesOf, DeliveryDocument, newDelivery } from '../../shared/outbox/deliveries';
import { OutboxEventDocument } from '../../shared/outbox/events';
import { WebhookRepository } from '../../shared/outbox/repository';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../shared/outbox/settings';
import { AttemptResult, WebhookSender } from '../../shared/outbox/sender';
import { webhookSecretBoxFor } from '../../shared/outbox/secret-box';
import { newWebhookSecret } from '../../shared/outbox/signature';
import { SubscriptionDocument, subscriptionsOf } from '../../shared/outbox/subscriptions';
import { WebhookWorker } from '../../shared/outbox/worker';
import { MemoryStore } from '../../shared/store/memory-store';

const CODE = '0061234508';
const start = new Date('2026-03-01T08:00:00Z');
const DAY = 86_400_000;

const event = (id: string, sequence: number): OutboxEventDocument => ({
  _id: id,
  type: 'credential.expiring',
  record: { type: 'LAB_ACCREDITATION', id: `example:lab-accreditation:${id}` },
  recordKey: `LAB_ACCREDITATION|example:lab-accreditation:${id}`,
  organisationId: null,
  sequence,
  occurredAt: start,
  data: {},
  personal: { holderNationalCode: CODE },
});

const subscription = (id: string, personalUntil: Date, paused = false): SubscriptionDocument => ({
  _id: id,
  url: 'https://receiver.example/hook',
  eventTypes: [],
  organisationId: null,
  sealedSecret: webhookSecretBoxFor('example').seal(id, newWebhookSecret()),
  scopes: ['personal:read'],
  personalUntil,
  createdBy: 'admin',
  createdAt: start,
  paused,
});

/** Every stored delivery's personal part, by id (null when it holds none). */
async function personalAtRest(store: MemoryStore): Promise<Record<string, unknown>> {
  const stored: DeliveryDocument[] = await deliveriesOf(store).find({});
  return Object.fromEntries(stored.map((delivery) => [delivery._id, delivery.event.personal ?? null]));
}

describe("what a registry's webhook deliveries keep of an event's personal part at rest", () => {
  const failing: WebhookSender = async (): Promise<AttemptResult> => ({ ok: false, status: null, error: 'the receiver refused the connection' });

  it('keeps none in a dead letter, nor sends it when the dead letter is replayed', async () => {
    const store = new MemoryStore();
    await subscriptionsOf(store).insertOne(subscription('example:webhook:granted', new Date(start.getTime() + 30 * DAY)));
    await deliveriesOf(store).insertOne(newDelivery(event('e1', 1), 'example:webhook:granted', start, true));
    const settings = { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 1 };
    await new WebhookWorker({ registry: 'example', store, settings, clock: () => start, send: failing }).pass();

    expect(await deliveriesOf(store).count({ state: 'dead' })).toBe(1);
    expect(await personalAtRest(store)).toEqual({ 'e1|example:webhook:granted': null });

    expect(await new WebhookRepository(store).replay({ subscriptionId: 'example:webhook:granted' }, start)).toBe(1);
    const bodies: string[] = [];
    const receiving: WebhookSender = async ({ body }): Promise<AttemptResult> => {
      bodies.push(body);
      return { ok: true, status: 204 };
    };
    await new WebhookWorker({ registry: 'example', store, settings, clock: () => start, send: receiving }).pass();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).not.toContain(CODE);
  });

  it('drops it from the deliveries still being retried once the grant has ended', async () => {
    const store = new MemoryStore();
    await subscriptionsOf(store).insertOne(subscription('example:webhook:granted', new Date(start.getTime() + DAY)));
    await deliveriesOf(store).insertOne(newDelivery(event('e1', 1), 'example:webhook:granted', start, true));
    let now = start;
    const worker = new WebhookWorker({ registry: 'example', store, settings: DEFAULT_WEBHOOK_SETTINGS, clock: () => now, send: failing, random: () => 0 });
    await worker.pass();
    expect(await personalAtRest(store)).toEqual({ 'e1|example:webhook:granted': { holderNationalCode: CODE } });

    now = new Date(start.getTime() + 2 * DAY);
    await worker.pass();
    expect(await personalAtRest(store)).toEqual({ 'e1|example:webhook:granted': null });
  });

  it('drops it from the deliveries of a paused subscription once its grant has ended', async () => {
    const store = new MemoryStore();
    await subscriptionsOf(store).insertOne(subscription('example:webhook:paused', new Date(start.getTime() + DAY), true));
    await deliveriesOf(store).insertMany([newDelivery(event('e1', 1), 'example:webhook:paused', start, true), newDelivery(event('e2', 1), 'example:webhook:paused', start, true)]);
    let now = start;
    const worker = new WebhookWorker({ registry: 'example', store, settings: DEFAULT_WEBHOOK_SETTINGS, clock: () => now, send: failing });
    await worker.pass();
    expect(Object.values(await personalAtRest(store))).toEqual([{ holderNationalCode: CODE }, { holderNationalCode: CODE }]);

    now = new Date(start.getTime() + 2 * DAY);
    await worker.pass();
    expect(await personalAtRest(store)).toEqual({ 'e1|example:webhook:paused': null, 'e2|example:webhook:paused': null });
  });

  it('drops it from a dead letter stored before this rule', async () => {
    const store = new MemoryStore();
    await subscriptionsOf(store).insertOne(subscription('example:webhook:granted', new Date(start.getTime() + 30 * DAY)));
    const letter: DeliveryDocument = { ...newDelivery(event('e1', 1), 'example:webhook:granted', start, true), state: 'dead', attempts: 12, deadAt: start };
    await deliveriesOf(store).insertOne(letter);
    await new WebhookWorker({ registry: 'example', store, settings: DEFAULT_WEBHOOK_SETTINGS, clock: () => start, send: failing }).pass();
    expect(await personalAtRest(store)).toEqual({ 'e1|example:webhook:granted': null });
  });
});
