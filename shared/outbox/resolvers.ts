import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { PERSONAL_READ_SCOPE } from '../auth/caller';
import { badUserInputField, InputChecker, writeConflict } from '../errors';
import { DuplicateKeyError } from '../store/port';
import { ResolverMap } from '../graphql/merge-resolvers';
import { message, messageExtensions } from '../messages/catalog';
import { PageRequest } from '../graphql/pagination';
import { ownsId, RegistryKey, typePrefixOf } from '../registry/keys';
import { RegistryContext } from '../registry/context';
import type { SubgraphContext } from '../server/subgraph';
import { checkOptionalText } from '../validation';
import { ALLOW_ADVICE, privateAddressesAllowed, refusedHost } from './address-policy';
import { DeliveryDocument } from './deliveries';
import { EventTypeDeclaration } from './events';
import { webhookSecretBoxFor } from './secret-box';
import { newWebhookSecret } from './signature';
import { maxWebhookSubscriptions, personalGrantDays } from './settings';
import { sendsPersonalData, SubscriptionDocument } from './subscriptions';

type WebhookContext = RegistryContext & SubgraphContext;

interface CreateInput {
  url: string;
  eventTypes: string[];
  organisationId?: string | null;
  description?: string | null;
}

const MAX_URL_LENGTH = 2000;
const MAX_EVENT_TYPES = 50;

/** An http(s) URL without user or password, to a public host unless the operator allows private ones, or undefined (and the problem recorded). */
function checkUrl(checker: InputChecker, value: string): string | undefined {
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) {
    checker.add('url', `must have 1 to ${MAX_URL_LENGTH} characters; got ${text.length}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    checker.add('url', `"${text.slice(0, 80)}" is not a URL; give one such as https://office.example.org/hooks/registry`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') checker.add('url', `must be an http or https URL; got ${url.protocol}`);
  else if (url.username || url.password) checker.add('url', 'must not carry a user or password: deliveries are signed with the subscription secret instead');
  else if (!privateAddressesAllowed() && refusedHost(url)) {
    checker.add('url', `must reach a public address, and ${refusedHost(url)}: webhooks do not go to internal services or cloud metadata; ${ALLOW_ADVICE}`);
  } else return url.toString();
  return undefined;
}

function checkEventTypes(checker: InputChecker, values: readonly string[], known: readonly EventTypeDeclaration[]): string[] {
  if (values.length > MAX_EVENT_TYPES) {
    checker.add('eventTypes', `at most ${MAX_EVENT_TYPES}; got ${values.length}`);
    return [];
  }
  const names = new Set(known.map((declaration) => declaration.type));
  const chosen: string[] = [];
  values.forEach((value, i) => {
    if (!names.has(value)) checker.add(`eventTypes[${i}]`, `"${value.slice(0, 80)}" is not an event type of this registry; one of ${[...names].join(', ')}`);
    else if (chosen.includes(value)) checker.add(`eventTypes[${i}]`, `${value} is listed twice`);
    else chosen.push(value);
  });
  return chosen;
}

const subscriptionView = (subscription: SubscriptionDocument) => subscription;

/**
 * A subscription's id, from what it subscribes: its URL, organisation and event types. The same
 * subscription asked for again (a create sent again after its answer was lost) is the one made
 * then, given a new secret, not a second subscription whose deliveries go to the same receiver
 * signed with a secret nobody kept.
 */
function subscriptionIdOf(key: RegistryKey, url: string, organisationId: string | null, eventTypes: readonly string[]): string {
  const subscribed = JSON.stringify([url, organisationId, [...eventTypes].sort()]);
  return `${key}:webhook:${createHash('sha256').update(subscribed).digest('base64url').slice(0, 32)}`;
}

/**
 * Whether `made` is the caller's own, so that asking for it again is their create sent again: the
 * subject who made it (or last renewed it) is the caller's. A caller without a subject cannot be told
 * from another one.
 */
const isSentAgainBy = (made: SubscriptionDocument, context: WebhookContext): boolean => made.createdBy !== null && made.createdBy === context.caller.subject;

/**
 * Another admin's subscription to the same URL, organisation and event types: remaking it would give
 * it a new secret (its receiver's would no longer verify) and this caller's scopes (its personal data
 * grant with them), so it is refused and left as it is.
 */
const subscribedByAnother = (key: RegistryKey, made: SubscriptionDocument): GraphQLError =>
  badUserInputField(
    'url',
    `another admin's webhook subscription ${made._id} sends these events to this URL already; it is left as it is (a new secret would stop its receiver verifying them). Ask its maker, or delete it (delete${typePrefixOf(key)}WebhookSubscription) and create it again`,
  );

/** Whether `subscription` subscribes `url` to `eventTypes` (in any order) about `organisationId`. */
const subscribes = (subscription: SubscriptionDocument, url: string, organisationId: string | null, eventTypes: readonly string[]): boolean =>
  subscription.url === url &&
  (subscription.organisationId ?? null) === organisationId &&
  JSON.stringify([...subscription.eventTypes].sort()) === JSON.stringify([...eventTypes].sort());

/**
 * The subscription already made for this URL, organisation and event types: the one under the id
 * they make (`subscriptionIdOf`), or one a release before 8a8ee66 made under a random id (a registry
 * holds at most WEBHOOK_MAX_SUBSCRIPTIONS, so they are read whole). Without the second look, the
 * same create sent to an upgraded registry made a second subscription beside the old one, and
 * the receiver got every event twice, once signed with a secret it no longer had.
 */
async function subscriptionMadeFor(
  context: WebhookContext,
  id: string,
  url: string,
  organisationId: string | null,
  eventTypes: readonly string[],
): Promise<SubscriptionDocument | undefined> {
  const made = await context.repository.webhooks.findSubscription(id);
  if (made) return made;
  return (await context.repository.webhooks.listSubscriptions()).find((subscription) => subscribes(subscription, url, organisationId, eventTypes));
}

/** Until when a subscription made or renewed now by this caller sends personal data: null unless they hold `personal:read`. */
const personalGrantFrom = (context: WebhookContext, now: Date): Date | null =>
  context.caller.scopes.includes(PERSONAL_READ_SCOPE) ? new Date(now.getTime() + personalGrantDays() * 86_400_000) : null;

/** A subscription of this registry by id, or BAD_USER_INPUT naming `field`. */
async function knownSubscription(key: RegistryKey, context: WebhookContext, id: string, field = 'id'): Promise<SubscriptionDocument> {
  const subscription = ownsId(key, id) ? await context.repository.webhooks.findSubscription(id) : undefined;
  if (!subscription) throw badUserInputField(field, `no webhook subscription "${id.slice(0, 120)}" in the ${key} registry`);
  return subscription;
}

/** A subscription refused because the registry keeps the most it allows (`WEBHOOK_MAX_SUBSCRIPTIONS`); nothing was written. */
function tooManySubscriptions(registry: RegistryKey, most: number): GraphQLError {
  const refusal = message('TOO_MANY_WEBHOOK_SUBSCRIPTIONS', { registry, most });
  return new GraphQLError(refusal.text, { extensions: { code: 'TOO_MANY_WEBHOOK_SUBSCRIPTIONS', most, ...messageExtensions(refusal) } });
}

/**
 * The subscription API of one registry (webhooks.graphql): `<key>WebhookSubscriptions`,
 * `<key>WebhookDeadLetters`, `<key>WebhookEventTypes`, and the mutations to create, pause, delete
 * subscriptions and replay dead letters; all under the registry's admin scope (the schema's
 * `@requiresScopes`). A subscription records its maker's scopes: its payloads carry personal
 * data only when they held `personal:read`.
 */
export function webhookResolvers(key: RegistryKey, eventTypes: readonly EventTypeDeclaration[]): ResolverMap {
  const prefix = typePrefixOf(key);
  return {
    Query: {
      [`${key}WebhookSubscriptions`]: async (_: unknown, __: unknown, { repository }: WebhookContext) => (await repository.webhooks.listSubscriptions()).map(subscriptionView),
      [`${key}WebhookDeadLetters`]: async (_: unknown, args: PageRequest & { subscriptionId?: string | null }, { repository }: WebhookContext) =>
        repository.webhooks.pageDeadLetters(args.subscriptionId, args),
      [`${key}WebhookEventTypes`]: () => eventTypes,
    },
    Mutation: {
      [`create${prefix}WebhookSubscription`]: async (_: unknown, { input }: { input: CreateInput }, context: WebhookContext) => {
        const checker = new InputChecker();
        const url = checkUrl(checker, input.url);
        const types = checkEventTypes(checker, input.eventTypes ?? [], eventTypes);
        const description = checkOptionalText(checker, 'description', input.description, { max: 200 });
        const organisationId = input.organisationId ?? null;
        if (organisationId !== null) {
          const found = ownsId(key, organisationId) ? await context.loaders.organisation.load(organisationId) : null;
          if (!found) checker.add('organisationId', `"${organisationId.slice(0, 120)}" is not an organisation of the ${key} registry`);
        }
        checker.throwIfAny();
        const made = await subscriptionMadeFor(context, subscriptionIdOf(key, url!, organisationId, types), url!, organisationId, types);
        if (made && !isSentAgainBy(made, context)) throw subscribedByAnother(key, made);
        const id = made?._id ?? subscriptionIdOf(key, url!, organisationId, types);
        const most = maxWebhookSubscriptions();
        if (!made && (await context.repository.webhooks.countSubscriptions()) >= most) throw tooManySubscriptions(key, most);
        const secret = newWebhookSecret();
        const now = new Date();
        const subscription: SubscriptionDocument = {
          _id: id,
          url: url!,
          eventTypes: types,
          organisationId,
          sealedSecret: webhookSecretBoxFor(key).seal(id, secret),
          scopes: [...context.caller.scopes],
          personalUntil: personalGrantFrom(context, now),
          createdBy: context.caller.subject ?? null,
          createdAt: made?.createdAt ?? now,
          paused: made?.paused ?? false,
          ...(description ? { description } : made?.description ? { description: made.description } : {}),
        };
        if (made) {
          if (!(await context.repository.webhooks.replaceSubscription(made, subscription))) throw writeConflict(`The webhook subscription ${id}`);
        } else {
          try {
            await context.repository.webhooks.createSubscription(subscription);
          } catch (error) {
            // The same subscription made by another request a moment ago: this one's secret was never kept.
            if (error instanceof DuplicateKeyError) throw writeConflict(`The webhook subscription ${id}`);
            throw error;
          }
        }
        return { subscription: subscriptionView(subscription), secret };
      },
      [`pause${prefix}WebhookSubscription`]: async (_: unknown, { input }: { input: { id: string; paused: boolean } }, context: WebhookContext) => {
        const subscription = await knownSubscription(key, context, input.id);
        if (subscription.paused === input.paused) return subscription;
        if (!(await context.repository.webhooks.setPaused(subscription, input.paused))) throw writeConflict(`The webhook subscription ${subscription._id}`);
        return { ...subscription, paused: input.paused };
      },
      [`renew${prefix}WebhookPersonalData`]: async (_: unknown, { input }: { input: { id: string } }, context: WebhookContext) => {
        // The schema asks for personal:read as well as the admin scope: only a holder of it renews.
        const subscription = await knownSubscription(key, context, input.id);
        const renewed: SubscriptionDocument = {
          ...subscription,
          scopes: [...context.caller.scopes],
          personalUntil: personalGrantFrom(context, new Date()),
          createdBy: context.caller.subject ?? subscription.createdBy,
        };
        if (!(await context.repository.webhooks.replaceSubscription(subscription, renewed))) throw writeConflict(`The webhook subscription ${subscription._id}`);
        return renewed;
      },
      [`delete${prefix}WebhookSubscription`]: async (_: unknown, { input }: { input: { id: string } }, context: WebhookContext) => {
        const subscription = await knownSubscription(key, context, input.id);
        return { id: subscription._id, deliveriesRemoved: await context.repository.webhooks.deleteSubscription(subscription._id) };
      },
      [`replay${prefix}WebhookDeadLetters`]: async (_: unknown, { input }: { input: { ids?: string[] | null; subscriptionId?: string | null } }, context: WebhookContext) => {
        const ids = input.ids ?? undefined;
        if (!ids && !input.subscriptionId) throw badUserInputField('ids', 'name the dead letters to replay (ids), or a subscription (subscriptionId) to replay all of its');
        if (ids && (ids.length === 0 || ids.length > 100)) throw badUserInputField('ids', `must name 1 to 100 dead letters; got ${ids.length}`);
        if (input.subscriptionId) await knownSubscription(key, context, input.subscriptionId, 'subscriptionId');
        const replayed = await context.repository.webhooks.replay(
          { ...(ids ? { ids } : {}), ...(input.subscriptionId ? { subscriptionId: input.subscriptionId } : {}) },
          new Date(),
        );
        return { replayed };
      },
    },
    WebhookSubscription: {
      id: (subscription: SubscriptionDocument) => subscription._id,
      personalData: (subscription: SubscriptionDocument) => sendsPersonalData(subscription, new Date()),
      personalDataUntil: (subscription: SubscriptionDocument) => (sendsPersonalData(subscription, new Date()) ? subscription.personalUntil!.toISOString() : null),
      description: (subscription: SubscriptionDocument) => subscription.description ?? null,
      createdAt: (subscription: SubscriptionDocument) => subscription.createdAt.toISOString(),
      pendingDeliveries: (subscription: SubscriptionDocument, _: unknown, { repository }: WebhookContext) => repository.webhooks.countDeliveries(subscription._id, 'pending'),
      deadLetters: (subscription: SubscriptionDocument, _: unknown, { repository }: WebhookContext) => repository.webhooks.countDeliveries(subscription._id, 'dead'),
    },
    WebhookDeadLetter: {
      id: (letter: DeliveryDocument) => letter._id,
      eventType: (letter: DeliveryDocument) => letter.event.type,
      recordType: (letter: DeliveryDocument) => letter.event.record.type,
      recordId: (letter: DeliveryDocument) => letter.event.record.id,
      occurredAt: (letter: DeliveryDocument) => letter.event.occurredAt.toISOString(),
      lastStatus: (letter: DeliveryDocument) => letter.lastStatus ?? null,
      lastError: (letter: DeliveryDocument) => letter.lastError ?? null,
      deadAt: (letter: DeliveryDocument) => letter.deadAt?.toISOString() ?? null,
    },
  };
}
