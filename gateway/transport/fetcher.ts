import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import type { Caller } from '../../shared/auth/caller';
import type { SubgraphReply, SubgraphTransport } from './subgraph-transport';

/** A subgraph's answer as a fetch `Response` (what a RemoteGraphQLDataSource's fetcher returns). */
class TransportResponse implements FetcherResponse {
  readonly redirected = false;
  readonly headers: FetcherHeaders;
  private used = false;

  constructor(private readonly reply: SubgraphReply) {
    this.headers = new Headers(reply.headers);
  }

  get url(): string {
    return this.reply.url;
  }
  get status(): number {
    return this.reply.status;
  }
  get statusText(): string {
    return this.reply.statusText;
  }
  get ok(): boolean {
    return this.reply.status >= 200 && this.reply.status <= 299;
  }
  get bodyUsed(): boolean {
    return this.used;
  }

  private take(): string {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.reply.text;
  }

  async text(): Promise<string> {
    return this.take();
  }

  async json(): Promise<unknown> {
    this.take();
    // Parsed once by the transport (which also judged the answer by it for the metrics).
    return this.reply.body();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.take(), 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  clone(): FetcherResponse {
    if (this.used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new TransportResponse(this.reply);
  }
}

/** A subgraph's answer as the fetch `Response` a RemoteGraphQLDataSource's hooks see (`didReceiveResponse`, `didEncounterError`). */
export const fetcherResponseOf = (reply: SubgraphReply): FetcherResponse => new TransportResponse(reply);

const transportFetchers = new WeakSet<Fetcher>();

/** Whether `fetcher` is one `transportFetcher` made (so its requests may go to the transport directly, hooks kept). */
export const isTransportFetcher = (fetcher: unknown): boolean => typeof fetcher === 'function' && transportFetchers.has(fetcher as Fetcher);

/**
 * A RemoteGraphQLDataSource's `fetcher` that sends through the gateway's transport: what Apollo
 * Gateway's executor fetches is signed (as `callerOf()`, the caller of the request being processed),
 * carries the request id and trace, has the deadline and is counted, as the plan executor's fetches.
 */
export function transportFetcher(transport: SubgraphTransport, subgraph: string, callerOf: () => Caller | undefined): Fetcher {
  const fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
    if (init.method !== undefined && init.method.toUpperCase() !== 'POST') throw new Error(`the subgraph transport only POSTs (asked to ${init.method} ${url})`);
    const body = typeof init.body === 'string' ? init.body : (init.body ?? Buffer.alloc(0)).toString('utf8');
    const reply = await transport.send({ subgraph, url, body, headers: init.headers, caller: callerOf() });
    return new TransportResponse(reply);
  };
  transportFetchers.add(fetcher);
  return fetcher;
}
