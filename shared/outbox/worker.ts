import { RegistryKey } from '../registry/keys';
import { HAS_VALUE, revisionOf, Store, StoreCollection, withNewRevision } from '../store/port';
import { retryDelayMs } from './backoff';
import { DateScanner, DueEventSource } from './date-scan';
import { deliveriesOf, DeliveryDocument, ensureDeliveryIndexes, withoutPersonal } from './deliveries';
import { fanOut } from './fan-out';
import { onEventsWritten, Outbox } from './outbox';
import { webhookBody } from './payload';
import { WebhookSecretBox, webhookSecretBoxFor } from './secret-box';
import { AttemptResult, webhookPoster, WebhookSender } from './sender';
import { WebhookSettings } from './settings';
import { sendsPersonalData, SubscriptionDocument, subscriptionsOf } from './subscriptions';

/** Deliveries read per pass as candidates (the heads of their queues are tried). */
const DUE_BATCH = 200;
/** Deliveries one queue may make in a row in one pass, each after the one before was acknowledged (within `queueSliceMs`). */
const IN_A_ROW = 50;
/** Fan-out batches per pass. */
const FAN_OUT_ROUNDS = 20;
/** Deliveries whose personal part can no longer be sent read per round of `dropUnsendablePersonal`, and its rounds per pass. */
const STRIP_BATCH = 200;
const STRIP_ROUNDS = 10;
/** How long a worker holds a delivery it is trying beyond the attempt's deadline, before another may take it over. */
const LEASE_MARGIN_MS = 5_000;

/** What one pass did. */
export interface PassReport {
  scanned: number;
  handedOut: number;
  delivered: number;
  failed: number;
  dead: number;
}

export interface WebhookWorkerOptions {
  registry: RegistryKey;
  store: Store;
  settings: WebhookSettings;
  /** The scans for dates that pass. */
  sources?: readonly DueEventSource[];
  /** The time backoffs, leases and scans are reckoned in (tests move it on by hand). */
  clock?: () => Date;
  random?: () => number;
  send?: WebhookSender;
  /** Opens the subscriptions' sealed secrets (by default under the key derived from `CURSOR_SECRET`). */
  secrets?: WebhookSecretBox;
  /** Told what went wrong with a pass (the database away...); the worker goes on. */
  onError?: (error: unknown) => void;
}

/**
 * A registry's delivery worker, one in each subgraph process. A pass scans for dates that pass
 * (every `scanIntervalMs`), hands the outbox's events to their subscriptions (fan-out.ts), then
 * delivers: for every subscription and record with deliveries due, the record's oldest delivery
 * (its queue's head), and the next ones after each 2xx. Replicas share the work safely: a worker
 * leases a delivery before it sends it (its `nextAttemptAt` moved past the attempt's deadline, a
 * replacement made only if nobody else made one since), and only a queue's head is ever sent, so a
 * record's event n+1 goes out only once event n was acknowledged.
 */
export class WebhookWorker {
  private readonly deliveries: StoreCollection<DeliveryDocument>;
  private readonly scanner: DateScanner;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly send: WebhookSender;
  private readonly secrets: WebhookSecretBox;
  private lastScan = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private woken = false;

  constructor(private readonly options: WebhookWorkerOptions) {
    this.deliveries = deliveriesOf(options.store);
    this.scanner = new DateScanner(options.store, options.sources ?? [], options.settings.firstLookbackDays * 86_400_000);
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.send = options.send ?? webhookPoster({ allowPrivateAddresses: options.settings.allowPrivateAddresses });
    this.secrets = options.secrets ?? webhookSecretBoxFor(options.registry);
  }

  /** Idempotent: the outbox's and the deliveries' indexes. */
  async ensureIndexes(): Promise<void> {
    await new Outbox(this.options.store).ensureIndexes();
    await ensureDeliveryIndexes(this.options.store);
  }

  /** One pass: scan (when due), fan out, deliver what is due. */
  async pass(): Promise<PassReport> {
    const report: PassReport = { scanned: 0, handedOut: 0, delivered: 0, failed: 0, dead: 0 };
    const now = this.clock();
    if (now.getTime() - this.lastScan >= this.options.settings.scanIntervalMs) {
      report.scanned = await this.scanner.scan(now);
      await this.dropUnsendablePersonal(now);
      this.lastScan = now.getTime();
    }
    for (let round = 0; round < FAN_OUT_ROUNDS; round += 1) {
      const handed = await fanOut(this.options.store, this.clock());
      report.handedOut += handed.events;
      if (handed.events === 0) break;
    }
    await this.deliverDue(report);
    return report;
  }

  /**
   * With each scan: drops the event's personal part from every delivery that can no longer send
   * it, a dead letter (stored so before 2026-12-07) or one of a subscription whose grant has ended
   * (its deliveries still retried, or waiting while it is paused), so none keeps it for longer than
   * the grant (at most `WEBHOOK_PERSONAL_GRANT_DAYS`). A delivery another worker changed meanwhile
   * is left to the next scan. Returns how many it stripped.
   */
  async dropUnsendablePersonal(now: Date): Promise<number> {
    const lapsed = (await subscriptionsOf(this.options.store).find({})).filter((subscription) => !sendsPersonalData(subscription, now)).map((subscription) => subscription._id);
    const filter = { 'event.personal': HAS_VALUE, $or: [{ state: 'dead' }, ...(lapsed.length > 0 ? [{ subscriptionId: { $in: lapsed } }] : [])] };
    let stripped = 0;
    for (let round = 0; round < STRIP_ROUNDS; round += 1) {
      const held = await this.deliveries.find(filter, { limit: STRIP_BATCH });
      for (const delivery of held) if (await this.deliveries.replaceRevision(revisionOf(delivery), withNewRevision(withoutPersonal(delivery)))) stripped += 1;
      if (held.length < STRIP_BATCH) break;
    }
    return stripped;
  }

  /** Runs passes until `stop`: after each, waits `pollMs`, or less when this process writes an event. */
  start(): void {
    if (this.running) return;
    const unsubscribe = onEventsWritten(this.options.store, () => this.poke());
    this.running = (async () => {
      await this.ensureIndexes().catch((error: unknown) => this.options.onError?.(error));
      while (!this.stopping) {
        this.woken = false;
        try {
          await this.pass();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (this.stopping || this.woken) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.settings.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    })().finally(unsubscribe);
  }

  /** Stops after the pass under way (its attempts end by their deadline). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  /** One signed attempt; a secret that does not open fails it (and says why), as an unanswered attempt would. */
  private async attempt(subscription: SubscriptionDocument, delivery: DeliveryDocument): Promise<AttemptResult> {
    let secret: string;
    try {
      secret = this.secrets.open(subscription._id, subscription.sealedSecret);
    } catch (error) {
      return { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
    }
    return this.send({
      url: subscription.url,
      secret,
      id: delivery.eventId,
      timestampSeconds: Math.floor(Date.now() / 1000),
      body: webhookBody(this.options.registry, delivery.event, sendsPersonalData(subscription, this.clock())),
      deadlineMs: this.options.settings.attemptTimeoutMs,
    });
  }

  /** Every queue with a delivery due: its head, and the deliveries after it while they are acknowledged. */
  private async deliverDue(report: PassReport): Promise<void> {
    const due = await this.deliveries.find({ state: 'pending', nextAttemptAt: { $lte: this.clock() } }, { sort: { nextAttemptAt: 1 }, limit: DUE_BATCH });
    if (due.length === 0) return;
    const subscriptions = new Map((await subscriptionsOf(this.options.store).find({})).map((subscription) => [subscription._id, subscription]));
    const queues = [...new Set(due.map((delivery) => delivery.queue))];
    let next = 0;
    const started = performance.now();
    const slice = this.options.settings.passSliceMs;
    const lane = async () => {
      while (next < queues.length && performance.now() - started < slice) await this.deliverQueue(queues[next++]!, subscriptions, report);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.settings.concurrency, queues.length) }, lane));
  }

  /** The queue's head, when it is due and the subscription is active; then the next, while each is acknowledged (within `queueSliceMs`). */
  private async deliverQueue(queue: string, subscriptions: Map<string, SubscriptionDocument>, report: PassReport): Promise<void> {
    const started = performance.now();
    const slice = this.options.settings.queueSliceMs;
    for (let n = 0; n < IN_A_ROW && !this.stopping && (n === 0 || performance.now() - started < slice); n += 1) {
      const [head] = await this.deliveries.find({ queue, state: 'pending' }, { sort: { sequence: 1 }, limit: 1 });
      if (!head) return;
      const subscription = subscriptions.get(head.subscriptionId);
      if (!subscription) {
        // Deleted while a fan-out handed it these (the due deliveries were read before the subscriptions, so it existed then).
        await this.deliveries.deleteMany({ subscriptionId: head.subscriptionId });
        return;
      }
      if (subscription.paused) return;
      const now = this.clock();
      if (head.nextAttemptAt.getTime() > now.getTime()) return;
      // Its personal part is kept only while it can be sent (see withoutPersonal).
      const claimed: DeliveryDocument = withNewRevision({
        ...(sendsPersonalData(subscription, now) ? head : withoutPersonal(head)),
        attempts: head.attempts + 1,
        lastAttemptAt: now,
        nextAttemptAt: new Date(now.getTime() + this.options.settings.attemptTimeoutMs + LEASE_MARGIN_MS),
      });
      // Another worker took it first (or the fan-out's subscription was deleted): it is theirs.
      if (!(await this.deliveries.replaceRevision(revisionOf(head), claimed))) return;
      const result = await this.attempt(subscription, head);
      if (result.ok) {
        await this.deliveries.deleteMany({ _id: head._id });
        report.delivered += 1;
        continue;
      }
      const failedAt = this.clock();
      const dead = claimed.attempts >= this.options.settings.maxAttempts;
      const failed: DeliveryDocument = withNewRevision({
        // A dead letter keeps no personal part: a replay sends the event without it.
        ...(dead ? withoutPersonal(claimed) : claimed),
        lastStatus: result.status,
        lastError: result.error ?? 'failed',
        ...(dead
          ? { state: 'dead' as const, deadAt: failedAt, nextAttemptAt: failedAt }
          : {
              nextAttemptAt: new Date(
                failedAt.getTime() + retryDelayMs(claimed.attempts, { baseMs: this.options.settings.backoffBaseMs, maxMs: this.options.settings.backoffMaxMs }, this.random),
              ),
            }),
      });
      await this.deliveries.replaceRevision(revisionOf(claimed), failed);
      if (dead) report.dead += 1;
      else report.failed += 1;
      return;
    }
  }
}
