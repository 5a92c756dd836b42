import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, Registry } from 'prom-client';

const SCRAPE = 'gateway:metrics-scrape';
const SCRAPED = 'gateway:metrics-scraped';
const SCRAPE_TIMEOUT_MS = 5_000;

interface ScrapeMessage {
  type: typeof SCRAPE;
  id: string;
}

interface ScrapedMessage {
  type: typeof SCRAPED;
  id: string;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

/**
 * In the supervisor: answers a worker's scrape with the metrics of every worker summed (prom-client's
 * cluster aggregation), so `/metrics` counts the whole gateway whichever process the scrape reaches.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<ScrapeMessage>(message, SCRAPE)) return;
    const reply = (answer: Omit<ScrapedMessage, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: SCRAPED, id: message.id, ...answer } satisfies ScrapedMessage);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** Whether this process is one of several gateway workers under a supervisor. */
export const inGatewayCluster = (): boolean => cluster.isWorker && typeof process.send === 'function';

/**
 * In a worker: offers `registry` to the supervisor's aggregation, and returns the scrape to use at
 * `/metrics`: the sum over every worker, asked of the supervisor.
 */
export function clusterScrape(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // answers the supervisor's requests for this worker's metrics
  const waiting = new Map<string, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (!isMessage<ScrapedMessage>(message, SCRAPED)) return;
    const request = waiting.get(message.id);
    if (!request) return;
    waiting.delete(message.id);
    if (message.text !== undefined) request.resolve(message.text);
    else request.reject(new Error(`the gateway's supervisor could not sum the processes' metrics: ${message.error ?? 'no answer'}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the gateway's supervisor did not answer a metrics scrape within ${SCRAPE_TIMEOUT_MS} ms`));
      }, SCRAPE_TIMEOUT_MS);
      waiting.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      process.send!({ type: SCRAPE, id } satisfies ScrapeMessage);
    });
}
