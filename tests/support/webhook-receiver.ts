import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { webhookProblem } from '../../shared/outbox/signature';

/** One event as a receiver processed it (once per `webhook-id`). */
export interface ReceivedEvent {
  id: string;
  type: string;
  registry: string;
  record: { type: string; id: string };
  organisationId: string | null;
  sequence: number;
  timestamp: string;
  data: Record<string, unknown>;
  personal?: Record<string, unknown>;
}

/**
 * A subscriber's endpoint on loopback, as a careful receiver writes one: it checks every
 * delivery's signature (Standard Webhooks) and honours the idempotency key, processing each
 * `webhook-id` once and answering 200 to its repeats. The test takes it down (connections refused)
 * (or it goes down by itself after `goDownAfter` events) and brings it back on the same port, and can make it fail after processing (`failAfterProcessing`:
 * the answer is lost, so the sender tries again with the same key).
 */
export class WebhookReceiver {
  /** Events processed, in the order they were processed. */
  readonly processed: ReceivedEvent[] = [];
  /** Every body received for each id, repeats included: what a retry sent. */
  readonly bodiesById = new Map<string, string[]>();
  /** Requests received, and those whose signature did not verify (refused with 401). */
  requests = 0;
  badSignatures = 0;
  /** Repeats of an id already processed, answered 200 without processing again. */
  repeats = 0;
  /** From 0 to 1: how often a first delivery is processed but answered 500 (the answer lost). */
  failAfterProcessing = 0;
  /** When set, it goes down by itself once it has processed this many events (the test brings it back). */
  goDownAfter: number | undefined;
  /** Times it went down. */
  outages = 0;
  private server: Server | undefined;
  private port = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly secret: () => string,
    private readonly random: () => number = Math.random,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  get isUp(): boolean {
    return this.server !== undefined;
  }

  /** Listens (on the port it had, when it comes back). */
  async start(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes down: stops listening and drops every open connection, so deliveries are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.outages += 1;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The processed events of each record, in the order processed. */
  byRecord(): Map<string, ReceivedEvent[]> {
    const records = new Map<string, ReceivedEvent[]>();
    for (const event of this.processed) {
      const key = `${event.record.type}|${event.record.id}`;
      records.set(key, [...(records.get(key) ?? []), event]);
    }
    return records;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.requests += 1;
    if (webhookProblem(this.secret(), request.headers, body)) {
      this.badSignatures += 1;
      response.writeHead(401).end();
      return;
    }
    const id = String(request.headers['webhook-id']);
    this.bodiesById.set(id, [...(this.bodiesById.get(id) ?? []), body]);
    if (this.seen.has(id)) {
      this.repeats += 1;
      response.writeHead(200).end();
      return;
    }
    this.seen.add(id);
    this.processed.push(JSON.parse(body) as ReceivedEvent);
    response.writeHead(this.random() < this.failAfterProcessing ? 500 : 204).end();
    if (this.processed.length === this.goDownAfter) void this.stop();
  }
}
