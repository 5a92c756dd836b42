import { CREDENTIAL_CHANGE_EVENTS, credentialEvent } from '../../shared/credentials/events';
import { addDays } from '../../shared/credentials/validity';
import { OUTBOX_COLLECTIONS } from '../../shared/outbox/events';
import { WebhookRepository } from '../../shared/outbox/repository';
import { DEFAULT_WEBHOOK_SETTINGS, WebhookSettings } from '../../shared/outbox/settings';
import { webhookSecretBoxFor } from '../../shared/outbox/secret-box';
import { webhookPoster, WebhookSender } from '../../shared/outbox/sender';
import { newWebhookSecret } from '../../shared/outbox/signature';
import { SubscriptionDocument } from '../../shared/outbox/subscriptions';
import { WebhookWorker } from '../../shared/outbox/worker';
import { Store } from '../../shared/store/port';
import { GuildUnitDocument } from '../../subgraphs/guilds/documents';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { byDepth } from './depth';
import { WebhookReceiver } from './webhook-receiver';

/**
 * The units whose licences the run renews, one lane of renewals each: 20 (200 events) at both
 * depths. At 10, the run with FerretDB killed twice delivered 99 of 100 events in 3 of 14 runs (a
 * fan-out's marking write undone after another replica removed its event: fixed, see
 * tests/unit/write-settled-once-intent-gone.test.ts; 18 runs at 10 passed after); 200 is where it has always run.
 */
export const RUN_UNITS = byDepth({ default: 20, deep: 20 });
export const RENEWALS_PER_UNIT = 10;
export const RUN_EVENTS = RUN_UNITS * RENEWALS_PER_UNIT;
const FIRST_VALID_UNTIL = new Date('2030-01-01T00:00:00Z');
const LAST_VALID_UNTIL = addDays(FIRST_VALID_UNTIL, RENEWALS_PER_UNIT);
/** The receiver goes down once it has processed a fifth of the events... */
const DOWN_AFTER_EVENTS = RUN_EVENTS / 5;
/** ...and comes back after this many passes of the workers, once three fifths of the renewals are written (or all are). */
const PASSES_DOWN = 6;
const BACK_AFTER_RENEWALS = (RUN_EVENTS * 3) / 5;
/** Passes of every worker at most, each after the hand clock moved on by ROUND_MS. */
const MAX_ROUNDS = 4_000;
/** And at most this long in all (real time; a loaded 2-core machine has taken 120 s), so that the run reports what it left undone before the test's own timeout. */
const RUN_WALL_MS = 240_000;
const ROUND_MS = 500;

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

/** How long one pass of the workers, or the renewals once the passes are over, may take before the run fails saying what hangs. */
const LANES_GRACE_MS = 60_000;

async function settledWithin(work: Promise<void>, ms: number, describe: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), ms);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const unitNumber = (i: number): string => `71-900-${String(i).padStart(3, '0')}`;
export const ownerOf = (i: number): string => `55${String(i).padStart(8, '0')}`;

/** A delivery worker's settings for a run: quick backoffs on the hand clock, no dead letters, no date scans. */
export const RUN_SETTINGS: WebhookSettings = {
  ...DEFAULT_WEBHOOK_SETTINGS,
  attemptTimeoutMs: 2_000,
  maxAttempts: 1_000,
  backoffBaseMs: 100,
  backoffMaxMs: 2_000,
  concurrency: 4,
  scanIntervalMs: Number.MAX_SAFE_INTEGER,
  allowPrivateAddresses: true,
};

/** What the scenario's hooks may do while it runs: the database killed and restarted, recovery after a lease. */
export interface RunHooks {
  /** Called as events are written; `written` counts the renewals acknowledged so far. */
  onProgress?: (written: number) => Promise<void>;
  /** Called once every renewal is acknowledged, before the outbox is drained (roll back what a killed write left). */
  beforeDrain?: () => Promise<void>;
}

export interface RunOutcome {
  receiver: WebhookReceiver;
  secret: string;
  rounds: number;
  failedWrites: number;
  workerErrors: number;
  /** Attempts that got no answer at all (the receiver down): each retried later. */
  unanswered: number;
  /** Times the receiver went down during the run. */
  outages: number;
  outboxLeft: number;
  deliveriesLeft: number;
  /** Each unit's stored last valid day, ISO. */
  storedValidUntil: Map<string, string>;
}

/**
 * The reminder run of the issue's test: RUN_UNITS guild units, each renewed RENEWALS_PER_UNIT
 * times in a lane of its own (each renewal and its `credential.renewed` event written together,
 * through the repository the product uses), spread over the stores given (replicas of one
 * registry on one database), each store with its own delivery worker; a subscriber's receiver
 * on loopback that goes down after processing DOWN_AFTER_EVENTS events and comes back after
 * PASSES_DOWN passes, once BACK_AFTER_RENEWALS renewals are written, and fails a fifth of its
 * answers after processing. Passes run on a hand clock until every renewal is written and the
 * outbox and the deliveries are empty (bounded).
 */
export async function runReminders(stores: readonly Store[], random: () => number, hooks: RunHooks = {}): Promise<RunOutcome> {
  let now = Date.parse('2026-03-01T08:00:00Z');
  const clock = () => new Date(now);
  const secret = newWebhookSecret();
  const receiver = new WebhookReceiver(() => secret, random);
  receiver.failAfterProcessing = 0.2;
  receiver.goDownAfter = DOWN_AFTER_EVENTS;
  await receiver.start();

  const main = stores[0]!;
  const units: GuildUnitDocument[] = Array.from({ length: RUN_UNITS }, (_, i) => ({
    _id: unitNumber(i),
    ownerNationalCode: ownerOf(i),
    name: `unit ${i}`,
    activity: 'bakery',
    unionId: 'guilds:fars-union-008',
    chamberId: 'guilds:fars-chamber',
    status: 'ACTIVE',
    issuedOn: new Date('2025-01-01T00:00:00Z'),
    validUntil: FIRST_VALID_UNTIL,
  }));
  await main.collection<GuildUnitDocument>('guildUnits').insertMany(units);
  const subscription: SubscriptionDocument = {
    _id: 'guilds:webhook:run',
    url: receiver.url,
    eventTypes: [CREDENTIAL_CHANGE_EVENTS.renewed],
    organisationId: null,
    sealedSecret: webhookSecretBoxFor('guilds').seal('guilds:webhook:run', secret),
    scopes: ['guilds:admin'],
    createdBy: 'tester',
    createdAt: clock(),
    paused: false,
  };
  await new WebhookRepository(main).createSubscription(subscription);

  let workerErrors = 0;
  let unanswered = 0;
  // The receiver is on loopback, which only an operator's WEBHOOK_ALLOW_PRIVATE_ADDRESSES=1 allows.
  const postWebhook = webhookPoster({ allowPrivateAddresses: true });
  const send: WebhookSender = async (request) => {
    const result = await postWebhook(request);
    if (result.status === null) unanswered += 1;
    return result;
  };
  const workers = stores.map((store) => new WebhookWorker({ registry: 'guilds', store, settings: RUN_SETTINGS, clock, random, send, onError: () => void (workerErrors += 1) }));
  for (const worker of workers) await worker.ensureIndexes();

  let written = 0;
  let failedWrites = 0;
  /**
   * The lanes still renewing: what each is waiting on, its tries, and the last error its store gave
   * (what to look at when a run does not end: a lane stuck on one call, or one failing again and again).
   */
  const unfinished = new Map<string, { waitingOn: string; tries: number; lastError: string }>(
    units.map((unit) => [unit._id, { waitingOn: 'its start', tries: 0, lastError: 'none' }]),
  );
  const lanes = units.map(async (unit, i) => {
    const repository = new GuildsRepository(stores[i % stores.length]!);
    const subject = repository.unitLicenceSubject();
    // Renews until the stored licence is RENEWALS_PER_UNIT days on: a renewal whose answer was lost
    // but which was kept counts as made, so the events must match what is stored, not what was answered.
    const lane = unfinished.get(unit._id)!;
    for (; ; lane.tries += 1) {
      try {
        lane.waitingOn = 'findUnits';
        const [current] = await repository.findUnits([unit._id]);
        if (current!.validUntil.getTime() >= LAST_VALID_UNTIL.getTime()) {
          unfinished.delete(unit._id);
          return;
        }
        const next: GuildUnitDocument = { ...current!, validUntil: addDays(current!.validUntil, 1) };
        lane.waitingOn = 'replaceUnit';
        await repository.replaceUnit(current!, next, [credentialEvent(subject, next, CREDENTIAL_CHANGE_EVENTS.renewed)]);
        written += 1;
        lane.waitingOn = 'onProgress';
        await hooks.onProgress?.(written);
      } catch (error) {
        // Cut off by the database (rolled back) or meeting a step that landed late: read again, renew again.
        lane.lastError = String(error);
        failedWrites += 1;
        lane.waitingOn = 'sleep';
        await sleep(20);
      }
    }
  });
  let lanesDone = false;
  const allLanes = Promise.all(lanes).then(() => void (lanesDone = true));

  const count = async (collection: string) => {
    try {
      return await main.collection(collection).count({});
    } catch {
      return -1;
    }
  };
  let drained = false;
  let rounds = 0;
  let passesDown = 0;
  const deadline = Date.now() + RUN_WALL_MS;
  for (; rounds < MAX_ROUNDS && Date.now() < deadline; rounds += 1) {
    if (!receiver.isUp && passesDown >= PASSES_DOWN && (written >= BACK_AFTER_RENEWALS || lanesDone)) await receiver.start();
    const passes = Promise.all(workers.map((worker) => worker.pass().catch(() => void (workerErrors += 1))));
    await settledWithin(
      passes.then(() => undefined),
      LANES_GRACE_MS,
      () => `a delivery worker's pass ${rounds + 1} did not end within ${LANES_GRACE_MS / 1000} s`,
    );
    if (!receiver.isUp) passesDown += 1;
    now += ROUND_MS;
    if (!lanesDone) {
      await sleep(1);
      continue;
    }
    if (!drained) {
      await hooks.beforeDrain?.();
      drained = true;
    }
    if ((await count(OUTBOX_COLLECTIONS.events)) === 0 && (await count(OUTBOX_COLLECTIONS.deliveries)) === 0) break;
  }
  await settledWithin(
    allLanes,
    LANES_GRACE_MS,
    () =>
      `${unfinished.size} lanes still renewing after ${rounds} passes: ${[...unfinished]
        .map(([unit, lane]) => `${unit} (waiting on ${lane.waitingOn}, try ${lane.tries + 1}; last error: ${lane.lastError})`)
        .join('; ')}`,
  );
  const storedValidUntil = new Map(
    (await main.collection<GuildUnitDocument>('guildUnits').find({ _id: { $in: units.map((u) => u._id) } })).map((u) => [u._id, u.validUntil.toISOString().slice(0, 10)]),
  );
  const outcome: RunOutcome = {
    receiver,
    secret,
    rounds,
    failedWrites,
    workerErrors,
    unanswered,
    outages: receiver.outages,
    outboxLeft: await count(OUTBOX_COLLECTIONS.events),
    deliveriesLeft: await count(OUTBOX_COLLECTIONS.deliveries),
    storedValidUntil,
  };
  await receiver.stop();
  return outcome;
}

/** The last valid day of a unit after `renewals` renewals, ISO. */
export const validUntilAfter = (renewals: number): string => addDays(FIRST_VALID_UNTIL, renewals).toISOString().slice(0, 10);
