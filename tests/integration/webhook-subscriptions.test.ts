import { LookupFunction } from 'node:net';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { ALLOW_PRIVATE_ADDRESSES_VARIABLE } from '../../shared/outbox/address-policy';
import { webhookSecretBoxFor } from '../../shared/outbox/secret-box';
import { webhookPoster } from '../../shared/outbox/sender';
import { subscriptionsOf } from '../../shared/outbox/subscriptions';
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
const DELETE = /* GraphQL */ `
  mutation Delete($input: DeleteWebhookSubscriptionInput!) { deleteGuildsWebhookSubscription(input: $input) { id } }
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

    const allowedBefore = process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];

    beforeAll(async () => {
      // The receivers are on loopback: only the operator's setting lets subscriptions and deliveries reach them.
      process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE] = '1';
      graph = await startTestGraph(databases.open);
      for (const receiver of [plain, personal, down]) await receiver.start();
      await down.stop();
      worker = new WebhookWorker({ registry: 'guilds', store: graph.stores.guilds, settings: { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 1, allowPrivateAddresses: true } });
      await worker.ensureIndexes();
    }, 60_000);
    afterAll(async () => {
      if (allowedBefore === undefined) delete process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
      else process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE] = allowedBefore;
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
      // What the database holds (a dump of it) reveals no secret: each is sealed, and the deliveries below still verify under it.
      const stored = JSON.stringify(await subscriptionsOf(graph.stores.guilds).find({}));
      for (const { secret } of Object.values(made)) {
        expect(stored).not.toContain(secret);
        expect(stored).not.toContain(secret.slice('whsec_'.length));
      }
      expect(stored).toMatch(/"sealedSecret":"sealed:v1:/);

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

      const dead = await graph.query<{ guildsWebhookDeadLetters: { totalCount: number; nodes: Record<string, unknown>[] } }>(
        DEAD_LETTERS,
        { subscriptionId: made.down!.subscription.id },
        admin,
      );
      expect(dead.errors).toBeUndefined();
      expect(dead.data?.guildsWebhookDeadLetters).toMatchObject({
        totalCount: 1,
        nodes: [{ eventType: 'guild-unit.registered', recordId: toPlain.record.id, sequence: 1, attempts: 1, lastStatus: null }],
      });

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

    it('stops sending personal data when the grant of a subscription made with personal:read runs out, until an admin holding personal:read renews it', async () => {
      const admin = await testToken(['guilds:admin']);
      const personalAdmin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
      const subscriptions = await graph.query<{ guildsWebhookSubscriptions: { id: string; personalData: boolean; personalDataUntil: string | null }[] }>(
        '{ guildsWebhookSubscriptions { id personalData personalDataUntil } }',
        {},
        admin,
      );
      const granted = subscriptions.data!.guildsWebhookSubscriptions.find((subscription) => subscription.personalData)!;
      const until = new Date(granted.personalDataUntil!);
      // WEBHOOK_PERSONAL_GRANT_DAYS is unset: 30 days.
      expect(Math.round((until.getTime() - Date.now()) / 86_400_000)).toBe(30);

      // A day after the grant ran out (the maker may have lost personal:read meanwhile): the same subscription gets no personal part.
      const later = new WebhookWorker({
        registry: 'guilds',
        store: graph.stores.guilds,
        settings: { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 1, allowPrivateAddresses: true },
        clock: () => new Date(until.getTime() + 86_400_000),
      });
      const before = personal.processed.length;
      expect((await graph.query(REGISTER, { input: unit('71-003-90079') }, personalAdmin)).errors).toBeUndefined();
      await later.pass();
      expect(personal.processed.slice(before).map((event) => event.personal)).toEqual([undefined]);
      expect(JSON.stringify(personal.bodiesById.get(personal.processed.at(-1)!.id))).not.toContain(OWNER);

      // Only an admin who holds personal:read renews it.
      const RENEW = 'mutation Renew($id: ID!) { renewGuildsWebhookPersonalData(input: { id: $id }) { id personalData personalDataUntil } }';
      expect((await graph.query(RENEW, { id: granted.id }, admin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const renewed = await graph.query<{ renewGuildsWebhookPersonalData: { personalData: boolean; personalDataUntil: string } }>(RENEW, { id: granted.id }, personalAdmin);
      expect(renewed.errors).toBeUndefined();
      expect(renewed.data?.renewGuildsWebhookPersonalData.personalData).toBe(true);
      expect(new Date(renewed.data!.renewGuildsWebhookPersonalData.personalDataUntil).getTime()).toBeGreaterThanOrEqual(until.getTime());
      expect((await graph.query(REGISTER, { input: unit('71-003-90080') }, personalAdmin)).errors).toBeUndefined();
      await worker.pass();
      expect(personal.processed.at(-1)?.personal).toEqual({ holderNationalCode: OWNER });
    }, 60_000);

    it('without WEBHOOK_ALLOW_PRIVATE_ADDRESSES, refuses loopback, private, link-local and metadata URLs, and does not deliver to a name that resolves to loopback', async () => {
      delete process.env[ALLOW_PRIVATE_ADDRESSES_VARIABLE];
      const admin = await testToken(['guilds:admin']);
      for (const url of [
        plain.url,
        'http://localhost:8080/hooks',
        'http://169.254.169.254/latest/meta-data/',
        'https://10.0.0.7/hooks',
        'http://192.168.1.20/hooks',
        'http://[::1]:9000/hooks',
        'http://[fd00::5]/hooks',
      ]) {
        const refused = await graph.query(CREATE, { input: { url } }, admin);
        expect([url, refused.errors?.[0]?.extensions?.code]).toEqual([url, 'BAD_USER_INPUT']);
        expect(refused.errors?.[0]?.message).toMatch(/url.*public address.*WEBHOOK_ALLOW_PRIVATE_ADDRESSES=1/s);
      }
      // A name is accepted as written; the worker checks what it resolves to when it connects (here: rebound to loopback).
      const byName = plain.url.replace('127.0.0.1', 'hooks.example.test');
      const { data, errors } = await graph.query<Created>(CREATE, { input: { url: byName, eventTypes: ['guild-unit.registered'] } }, admin);
      expect(errors).toBeUndefined();
      const id = data!.createGuildsWebhookSubscription.subscription.id;
      const toLoopback: LookupFunction = (_hostname, options, callback) => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
      const guarded = new WebhookWorker({
        registry: 'guilds',
        store: graph.stores.guilds,
        settings: { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: 1 },
        send: webhookPoster({ allowPrivateAddresses: false, lookup: toLoopback }),
      });
      const requestsBefore = [plain, personal, down].map((receiver) => receiver.requests);
      expect((await graph.query(REGISTER, { input: unit('71-003-90078') }, await testToken(['guilds:admin', PERSONAL_READ_SCOPE]))).errors).toBeUndefined();
      // The three subscriptions of the test before (on 127.0.0.1) are refused too, now that private addresses are not allowed.
      expect(await guarded.pass()).toMatchObject({ delivered: 0, dead: 4 });
      expect([plain, personal, down].map((receiver) => receiver.requests)).toEqual(requestsBefore);
      const dead = await graph.query<{ guildsWebhookDeadLetters: { nodes: { lastError: string; lastStatus: number | null }[] } }>(DEAD_LETTERS, { subscriptionId: id }, admin);
      expect(dead.data?.guildsWebhookDeadLetters.nodes).toEqual([
        expect.objectContaining({ lastStatus: null, lastError: expect.stringMatching(/hooks\.example\.test does not resolve to public addresses only/) }),
      ]);
    }, 60_000);

    it('makes no second subscription when the same create is sent again (its answer lost): the one made gets a new secret, which its deliveries are signed with', async () => {
      const admin = await testToken(['guilds:admin']);
      const input = { url: 'https://hooks.example.org/sent-again', eventTypes: ['credential.expired', 'guild-unit.registered'], description: 'retried' };
      const first = await graph.query<Created>(CREATE, { input }, admin);
      // The same subscription asked again, its event types in another order: the answer to the first never arrived.
      const again = await graph.query<Created>(CREATE, { input: { ...input, eventTypes: [...input.eventTypes].reverse() } }, admin);
      expect([first.errors, again.errors]).toEqual([undefined, undefined]);
      const [made, remade] = [first.data!.createGuildsWebhookSubscription, again.data!.createGuildsWebhookSubscription];
      expect(remade.subscription.id).toBe(made.subscription.id);
      expect(remade.secret).not.toBe(made.secret);
      const stored = await subscriptionsOf(graph.stores.guilds).find({ url: input.url });
      expect(stored).toHaveLength(1);
      expect(webhookSecretBoxFor('guilds').open(stored[0]!._id, stored[0]!.sealedSecret)).toBe(remade.secret);
      // Another organisation or other event types are another subscription.
      const other = await graph.query<Created>(CREATE, { input: { ...input, eventTypes: ['credential.expired'] } }, admin);
      expect(other.data!.createGuildsWebhookSubscription.subscription.id).not.toBe(made.subscription.id);
      for (const id of [made.subscription.id, other.data!.createGuildsWebhookSubscription.subscription.id]) {
        expect((await graph.query(DELETE, { input: { id } }, admin)).errors).toBeUndefined();
      }
    });

    it("refuses another admin's create of the same subscription, leaving its secret, scopes and personal data grant as they are", async () => {
      const maker = await testToken(['guilds:admin', PERSONAL_READ_SCOPE], { subject: 'admin-maker' });
      const another = await testToken(['guilds:admin'], { subject: 'admin-another' });
      const input = { url: 'https://hooks.example.org/another-admin', eventTypes: ['credential.expired'] };
      const made = await graph.query<Created>(CREATE, { input }, maker);
      expect(made.errors).toBeUndefined();
      const { id } = made.data!.createGuildsWebhookSubscription.subscription;
      const refused = await graph.query<Created>(CREATE, { input }, another);
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', problems: [{ field: 'url', problem: expect.stringContaining(`another admin's webhook subscription ${id}`) }] },
      });
      const [stored] = await subscriptionsOf(graph.stores.guilds).find({ url: input.url });
      expect(webhookSecretBoxFor('guilds').open(stored!._id, stored!.sealedSecret)).toBe(made.data!.createGuildsWebhookSubscription.secret);
      expect({ createdBy: stored!.createdBy, personal: stored!.personalUntil !== null }).toEqual({ createdBy: 'admin-maker', personal: true });
      expect((await graph.query(DELETE, { input: { id } }, maker)).errors).toBeUndefined();
    });

    it('finds a subscription a release before 8a8ee66 made under a random id when the same create is sent again, and makes no second one', async () => {
      const admin = await testToken(['guilds:admin']);
      const legacyId = 'guilds:webhook:5b0f2c1e-7d4a-4c3e-9a51-2f8e6d1c0b97';
      const url = 'https://hooks.example.org/made-before-the-upgrade';
      await subscriptionsOf(graph.stores.guilds).insertOne({
        _id: legacyId,
        url,
        eventTypes: ['guild-unit.registered', 'credential.expired'],
        organisationId: null,
        sealedSecret: webhookSecretBoxFor('guilds').seal(legacyId, 'whsec_made-before-the-upgrade'),
        scopes: ['guilds:admin'],
        personalUntil: null,
        // Made by the same admin (testToken's subject): their create sent again after the upgrade.
        createdBy: 'tester',
        createdAt: new Date('2026-01-05T08:00:00Z'),
        paused: false,
      });
      const again = await graph.query<Created>(CREATE, { input: { url, eventTypes: ['credential.expired', 'guild-unit.registered'] } }, admin);
      expect(again.errors).toBeUndefined();
      expect(again.data!.createGuildsWebhookSubscription.subscription.id).toBe(legacyId);
      const stored = await subscriptionsOf(graph.stores.guilds).find({ url });
      expect(stored.map((subscription) => subscription._id)).toEqual([legacyId]);
      expect(webhookSecretBoxFor('guilds').open(legacyId, stored[0]!.sealedSecret)).toBe(again.data!.createGuildsWebhookSubscription.secret);
      expect((await graph.query(DELETE, { input: { id: legacyId } }, admin)).errors).toBeUndefined();
    });

    it('keeps at most WEBHOOK_MAX_SUBSCRIPTIONS subscriptions, refusing one more with a code and writing nothing', async () => {
      const admin = await testToken(['guilds:admin']);
      const list = async () => (await graph.query<{ guildsWebhookSubscriptions: unknown[] }>(SUBSCRIPTIONS, {}, admin)).data!.guildsWebhookSubscriptions.length;
      const kept = await list();
      process.env.WEBHOOK_MAX_SUBSCRIPTIONS = String(kept + 1);
      try {
        expect((await graph.query(CREATE, { input: { url: 'https://hooks.example.org/registries' } }, admin)).errors).toBeUndefined();
        const refused = await graph.query(CREATE, { input: { url: 'https://hooks.example.org/registries-2' } }, admin);
        expect(refused.errors?.[0]).toMatchObject({
          extensions: { code: 'TOO_MANY_WEBHOOK_SUBSCRIPTIONS', most: kept + 1 },
          message: expect.stringMatching(/WEBHOOK_MAX_SUBSCRIPTIONS/),
        });
        expect(await list()).toBe(kept + 1);
      } finally {
        delete process.env.WEBHOOK_MAX_SUBSCRIPTIONS;
      }
    });
  });
}
