import { deliveriesOf, newDelivery } from '../../shared/outbox/deliveries';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from '../../shared/outbox/events';
import { fanOut } from '../../shared/outbox/fan-out';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../shared/outbox/settings';
import { AttemptResult, connectionFailure, WebhookSender } from '../../shared/outbox/sender';
import { webhookSecretBoxFor } from '../../shared/outbox/secret-box';
import { newWebhookSecret } from '../../shared/outbox/signature';
import { SubscriptionDocument, subscriptionsOf } from '../../shared/outbox/subscriptions';
import { WebhookWorker } from '../../shared/outbox/worker';
import { MemoryStore } from '../../shared/store/memory-store';

const event = (id: string, sequence: number, record = 'example:resolution:1'): OutboxEventDocument => ({
  _id: id,
  type: 'resolution.due',
  record: { type: 'RESOLUTION', id: record },
  recordKey: `RESOLUTION|${record}`,
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
    await deliveriesOf(store).insertMany([newDelivery(event('e1', 1), 'example:webhook:gone', now, true), newDelivery(event('e2', 2), 'example:webhook:gone', now, true)]);
    expect(await subscriptionsOf(store).count({})).toBe(0);

    const worker = new WebhookWorker({ registry: 'example', store, settings: DEFAULT_WEBHOOK_SETTINGS, clock: () => now, send });
    await worker.pass();

    expect({ sent, left: await deliveriesOf(store).count({}) }).toEqual({ sent: [], left: 0 });
  });

  it("stores an event's personal part only in the deliveries of subscriptions granted it now, not in others' (nor their dead letters)", async () => {
    const store = new MemoryStore();
    const now = new Date('2026-03-01T08:00:00Z');
    const base = { url: 'https://receiver.example/hook', eventTypes: [], organisationId: null, createdBy: 'admin', createdAt: now, paused: false };
    await subscriptionsOf(store).insertMany([
      { ...base, _id: 'example:webhook:granted', sealedSecret: 'x', scopes: ['personal:read'], personalUntil: new Date(now.getTime() + 86_400_000) },
      { ...base, _id: 'example:webhook:lapsed', sealedSecret: 'x', scopes: ['personal:read'], personalUntil: new Date(now.getTime() - 1) },
      { ...base, _id: 'example:webhook:plain', sealedSecret: 'x', scopes: [] },
    ]);
    await store.collection<OutboxEventDocument>(OUTBOX_COLLECTIONS.events).insertOne({ ...event('e1', 1), personal: { holderNationalCode: '0061234508' } });
    await fanOut(store, now);
    const stored = Object.fromEntries((await deliveriesOf(store).find({})).map((delivery) => [delivery.subscriptionId, delivery.event.personal ?? null]));
    expect(stored).toEqual({ 'example:webhook:granted': { holderNationalCode: '0061234508' }, 'example:webhook:lapsed': null, 'example:webhook:plain': null });
  });

  describe('with receivers that answer slowly', () => {
    const now = new Date('2026-03-01T08:00:00Z');
    const subscription = (id: string): SubscriptionDocument => ({
      _id: id,
      url: `https://${id.split(':').at(-1)}.example/hook`,
      eventTypes: [],
      organisationId: null,
      sealedSecret: webhookSecretBoxFor('example').seal(id, newWebhookSecret()),
      scopes: [],
      createdBy: 'admin',
      createdAt: now,
      paused: false,
    });
    /** A store with `subscriptions`, each with `events` deliveries due on each of `records` records. */
    async function storeWith(subscriptions: string[], records: number, events: number): Promise<MemoryStore> {
      const store = new MemoryStore();
      await subscriptionsOf(store).insertMany(subscriptions.map(subscription));
      const due = subscriptions.flatMap((id) =>
        Array.from({ length: records }, (_, r) =>
          Array.from({ length: events }, (__, n) => newDelivery(event(`${id}-${r}-${n}`, n + 1, `example:resolution:${r}`), id, now, true)),
        ).flat(),
      );
      await deliveriesOf(store).insertMany(due);
      return store;
    }
    /** Answers 2xx, after `slowMs` for the slow receiver's URL and at once for the others; counts what each got. */
    const receivers = (slowMs: number) => {
      const got = new Map<string, number>();
      const send: WebhookSender = async ({ url }): Promise<AttemptResult> => {
        if (url.includes('slow')) await new Promise((resolve) => setTimeout(resolve, slowMs));
        got.set(url, (got.get(url) ?? 0) + 1);
        return { ok: true, status: 204 };
      };
      return { got, send };
    };

    it('gives a slow receiver one attempt per pass, so its queue does not hold the pass', async () => {
      const store = await storeWith(['example:webhook:slow', 'example:webhook:fast'], 1, 3);
      const { got, send } = receivers(300);
      const settings = { ...DEFAULT_WEBHOOK_SETTINGS, queueSliceMs: 100, passSliceMs: 60_000 };
      await new WebhookWorker({ registry: 'example', store, settings, clock: () => now, send }).pass();
      expect(got.get('https://slow.example/hook')).toBe(1);
      // The others' queues are not cut short by it: they go on within their own slice.
      expect(got.get('https://fast.example/hook')).toBeGreaterThanOrEqual(1);
    });

    it('stops taking queues once the pass has run its time, leaving the rest for the next pass, which delivers them', async () => {
      const store = await storeWith(['example:webhook:slow'], 12, 1);
      const { got, send } = receivers(400);
      const settings = { ...DEFAULT_WEBHOOK_SETTINGS, concurrency: 2, queueSliceMs: 1_000, passSliceMs: 600 };
      const worker = new WebhookWorker({ registry: 'example', store, settings, clock: () => now, send });
      await worker.pass();
      // Two lanes took a queue at once and one more each after 400 ms (under 600); none after 800 ms.
      expect(got.get('https://slow.example/hook')).toBe(4);
      for (let pass = 0; pass < 5 && (await deliveriesOf(store).count({})) > 0; pass += 1) await worker.pass();
      expect({ got: got.get('https://slow.example/hook'), left: await deliveriesOf(store).count({}) }).toEqual({ got: 12, left: 0 });
    });
  });
});

describe("a receiver's connection failure as a dead letter tells it", () => {
  it('names the kind of failure, not the address the host resolved to nor the transport text', () => {
    const failed = (code: string, message: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
    expect(connectionFailure(failed('ECONNREFUSED', 'connect ECONNREFUSED 10.20.30.40:443'))).toBe('the receiver refused the connection');
    expect(connectionFailure(failed('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: DNS:internal.corp"))).toBe(
      "the receiver's TLS certificate was not accepted",
    );
    expect(connectionFailure(failed('ENOTFOUND', 'getaddrinfo ENOTFOUND hooks.example'))).toBe("the receiver's host name did not resolve");
    expect(connectionFailure(failed('EWEBHOOKADDRESS', 'hooks.example does not resolve to public addresses only'))).toBe('hooks.example does not resolve to public addresses only');
    expect(connectionFailure(new Error('something else at 10.0.0.1'))).toBe('the connection to the receiver failed');
  });
});
