import { newDelivery, deliveriesOf } from '../../shared/outbox/deliveries';
import { OutboxEventDocument } from '../../shared/outbox/events';
import { webhookSecretBoxFor } from '../../shared/outbox/secret-box';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../shared/outbox/settings';
import { newWebhookSecret } from '../../shared/outbox/signature';
import { WebhookSender } from '../../shared/outbox/sender';
import { subscriptionsOf } from '../../shared/outbox/subscriptions';
import { WebhookWorker } from '../../shared/outbox/worker';
import { MemoryStore } from '../../shared/store/memory-store';

const A = { CURSOR_SECRET: 'one server secret of thirty-two bytes or more' };
const B = { CURSOR_SECRET: 'another server secret, thirty-two bytes or more' };

describe('webhook secrets sealed at rest', () => {
  it('seals a secret so that only the same server secret, registry and subscription open it', () => {
    const secret = newWebhookSecret();
    const sealed = webhookSecretBoxFor('guilds', A).seal('guilds:webhook:1', secret);
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain(secret.slice('whsec_'.length));
    expect(webhookSecretBoxFor('guilds', A).open('guilds:webhook:1', sealed)).toBe(secret);
    expect(() => webhookSecretBoxFor('guilds', A).open('guilds:webhook:2', sealed)).toThrow(/does not open/);
    expect(() => webhookSecretBoxFor('labs', A).open('guilds:webhook:1', sealed)).toThrow(/does not open/);
    expect(() => webhookSecretBoxFor('guilds', B).open('guilds:webhook:1', sealed)).toThrow(/CURSOR_SECRET/);
    expect(() => webhookSecretBoxFor('guilds', A).open('guilds:webhook:1', secret)).toThrow(/not a sealed secret/);
  });

  it('signs with the opened secret, and keeps a delivery whose secret does not open as a failed attempt saying why', async () => {
    const store = new MemoryStore();
    const secret = newWebhookSecret();
    const now = new Date('2026-03-01T08:00:00Z');
    await subscriptionsOf(store).insertOne({
      _id: 'guilds:webhook:1',
      url: 'https://office.example.org/hooks',
      eventTypes: [],
      organisationId: null,
      sealedSecret: webhookSecretBoxFor('guilds', A).seal('guilds:webhook:1', secret),
      scopes: ['guilds:admin'],
      createdBy: 'tester',
      createdAt: now,
      paused: false,
    });
    const event: OutboxEventDocument = {
      _id: 'e1',
      type: 'resolution.due',
      record: { type: 'RESOLUTION', id: 'guilds:resolution:1' },
      recordKey: 'RESOLUTION|guilds:resolution:1',
      organisationId: null,
      sequence: 1,
      occurredAt: now,
      data: {},
    };
    await deliveriesOf(store).insertOne(newDelivery(event, 'guilds:webhook:1', now, true));
    const secretsSent: string[] = [];
    const send: WebhookSender = async (request) => {
      secretsSent.push(request.secret);
      return { ok: false, status: 500, error: 'answered HTTP 500' };
    };
    const settings = { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 1 };
    await new WebhookWorker({ registry: 'guilds', store, settings, clock: () => now, send, secrets: webhookSecretBoxFor('guilds', B) }).pass();
    expect(secretsSent).toEqual([]);
    expect(await deliveriesOf(store).find({})).toEqual([
      expect.objectContaining({ state: 'dead', lastStatus: null, lastError: expect.stringMatching(/does not open.*CURSOR_SECRET/) }),
    ]);

    await deliveriesOf(store).deleteMany({});
    await deliveriesOf(store).insertOne(newDelivery(event, 'guilds:webhook:1', now, true));
    await new WebhookWorker({ registry: 'guilds', store, settings, clock: () => now, send, secrets: webhookSecretBoxFor('guilds', A) }).pass();
    expect(secretsSent).toEqual([secret]);
  });
});
