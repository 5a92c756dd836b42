import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../shared/outbox/settings';
import { WebhookWorker } from '../../shared/outbox/worker';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';
import { ReceivedEvent, WebhookReceiver } from '../support/webhook-receiver';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateWebhookSubscriptionInput!) {
    createGuildsWebhookSubscription(input: $input) { secret subscription { id url eventTypes personalData paused } }
  }
`;
const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber } }
`;
const DEAD_LETTERS = /* GraphQL */ `
  query Dead($subscriptionId: ID) {
    guildsWebhookDeadLetters(subscriptionId: $subscriptionId) { totalCount nodes { eventType recordId sequence attempts lastStatus lastError } }
  }
`;
const REPLAY = /* GraphQL */ `
  mutation Replay($input: ReplayWebhookDeadLettersInput!) { replayGuildsWebhookDeadLetters(input: $input) { replayed } }
`;
const SUBSCRIPTIONS = /* GraphQL */ `
  { guildsWebhookSubscriptions { id pendingDeliveries deadLetters } }
`;

const OWNER = '0019876505';
const unit = (licenceNumber: string) => ({
  licenceNumber,
  name: 'نانوایی سنگکی نمونه',
  activity: 'نان سنگک',
  unionId: 'guilds:fars-union-003',
  ownerNationalCode: OWNER,
  ownerFullName: 'مریم نوری',
  issuedOn: '1404-01-15',
  validUntil: '1409-01-14',
});

interface Created {
  createGuildsWebhookSubscription: { secret: string; subscription: { id: string; url: string; eventTypes: string[]; personalData: boolean; paused: boolean } };
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`the guilds registry's webhook subscriptions through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let worker: WebhookWorker;
    const secrets = new Map<string, string>();
    /** One receiver per subscription, each checking signatures under its own subscription's secret. */
    const plain = new WebhookReceiver(() => secrets.get('plain')!);
    const personal = new WebhookReceiver(() => secrets.get('personal')!);
    const down = new WebhookReceiver(() => secrets.get('down')!);
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      for (const receiver of [plain, personal, down]) await receiver.start();
      await down.stop();
      worker = new WebhookWorker({ registry: 'guilds', store: graph.stores.guilds, settings: { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 1 } });
      await worker.ensureIndexes();
    }, 60_000);
    afterAll(async () => {
      for (const receiver of [plain, personal, down]) await receiver.stop();
      await graph?.stop();
      await databases.dropAll();
    });

    it('refuses a caller without the guilds admin scope, and bad input with the field named', async () => {
      const input = { url: plain.url, eventTypes: ['guild-unit.registered'] };
      const anonymous = await graph.query(CREATE, { input });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const otherAdmin = await graph.query(CREATE, { input }, await testToken(['labs:admin', PERSONAL_READ_SCOPE]));
      expect(otherAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const admin = await testToken(['guilds:admin']);
      const badUrl = await graph.query(CREATE, { input: { url: 'ftp://office.example.org/hooks' } }, admin);
      expect(badUrl.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(badUrl.errors)).toContain('url');
      const badType = await graph.query(CREATE, { input: { url: plain.url, eventTypes: ['unit.sold'] } }, admin);
      expect(badType.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(badType.errors)).toContain('eventTypes[0]');
      const badOrganisation = await graph.query(CREATE, { input: { url: plain.url, organisationId: 'labs:lab-0001' } }, admin);
      expect(badOrganisation.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(badOrganisation.errors)).toContain('organisationId');
      expect((await graph.query<{ guildsWebhookSubscriptions: unknown[] }>(SUBSCRIPTIONS, {}, admin)).data?.guildsWebhookSubscriptions).toEqual([]);
    });

    it('delivers a change signed under the subscription secret, personal data only to a subscription made with personal:read, and keeps what it could not deliver as a dead letter to replay', async () => {
      const admin = await testToken(['guilds:admin']);
      const personalAdmin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
      const made: Record<string, Created['createGuildsWebhookSubscription']> = {};
      for (const [name, receiver, token] of [
        ['plain', plain, admin],
        ['personal', personal, personalAdmin],
        ['down', down, admin],
      ] as const) {
        // The plain one only for the new unit's union (the README's example), the others for every organisation.
        const organisation = name === 'plain' ? { organisationId: 'guilds:fars-union-003' } : {};
        const { data, errors } = await graph.query<Created>(CREATE, { input: { url: receiver.url, eventTypes: ['guild-unit.registered'], ...organisation } }, token);
        expect(errors).toBeUndefined();
        made[name] = data!.createGuildsWebhookSubscription;
        secrets.set(name, made[name].secret);
      }
      expect(made.plain!.secret).toMatch(/^whsec_/);
      expect([made.plain!.subscription.personalData, made.personal!.subscription.personalData]).toEqual([false, true]);

      const registered = await graph.query(REGISTER, { input: unit('71-003-90077') }, personalAdmin);
      expect(registered.errors).toBeUndefined();
      const report = await worker.pass();
      expect(report).toMatchObject({ handedOut: 1, delivered: 2, dead: 1 });

      const only = (receiver: WebhookReceiver): ReceivedEvent => {
        expect({ processed: receiver.processed.length, badSignatures: receiver.badSignatures }).toEqual({ processed: 1, badSignatures: 0 });
        return receiver.processed[0]!;
      };
      const toPlain = only(plain);
      const toPersonal = only(personal);
      expect(toPlain).toMatchObject({ type: 'guild-unit.registered', registry: 'guilds', sequence: 1, data: { number: '71-003-90077', unionId: 'guilds:fars-union-003' } });
      expect(toPersonal.id).toBe(toPlain.id);
      expect(toPersonal.personal).toEqual({ holderNationalCode: OWNER });
      expect(toPlain.personal).toBeUndefined();
      expect([...plain.bodiesById.values()].flat().join('')).not.toContain(OWNER);

      const dead = await graph.query<{ guildsWebhookDeadLetters: { totalCount: number; nodes: Record<string, unknown>[] } }>(DEAD_LETTERS, { subscriptionId: made.down!.subscription.id }, admin);
      expect(dead.errors).toBeUndefined();
      expect(dead.data?.guildsWebhookDeadLetters).toMatchObject({ totalCount: 1, nodes: [{ eventType: 'guild-unit.registered', recordId: toPlain.record.id, sequence: 1, attempts: 1, lastStatus: null }] });

      // The receiver is back: the replayed dead letter reaches it with the key of the first attempt.
      await down.start();
      const replay = await graph.query(REPLAY, { input: { subscriptionId: made.down!.subscription.id } }, admin);
      expect(replay.data).toEqual({ replayGuildsWebhookDeadLetters: { replayed: 1 } });
      expect(await worker.pass()).toMatchObject({ delivered: 1, dead: 0 });
      expect(only(down).id).toBe(toPlain.id);
      const left = await graph.query<{ guildsWebhookSubscriptions: { pendingDeliveries: number; deadLetters: number }[] }>(SUBSCRIPTIONS, {}, admin);
      expect(left.data?.guildsWebhookSubscriptions.map(({ pendingDeliveries, deadLetters }) => ({ pendingDeliveries, deadLetters }))).toEqual([
        { pendingDeliveries: 0, deadLetters: 0 },
        { pendingDeliveries: 0, deadLetters: 0 },
        { pendingDeliveries: 0, deadLetters: 0 },
      ]);
    }, 60_000);
  });
}
