import { Pool } from 'undici';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { bodyDigest } from '../../shared/auth/caller-assertion';
import { currentRequestId, REQUEST_ID_HEADER } from '../../shared/server/request-id';
import { injectTraceHeaders } from '../../shared/server/tracing';
import type { SubgraphEndpoint } from '../config';
import type { SubgraphFetch } from '../observability';
import type { CallerSigner } from '../trust';
import { callerIdentity, InFlightShares } from './in-flight-shares';
import { CollectedResponse, DEFAULT_MAX_RESPONSE_BYTES, ResponseCollector } from './response-collector';

/** Milliseconds a subgraph has to answer one call, by default and per subgraph name. */
export interface SubgraphTimeouts {
  defaultMs: number;
  bySubgraph: Record<string, number>;
}

export interface TransportSettings {
  timeouts: SubgraphTimeouts;
  /** The longest answer read from a subgraph, in bytes (`SUBGRAPH_MAX_RESPONSE_BYTES`); DEFAULT_MAX_RESPONSE_BYTES when absent. */
  maxResponseBytes?: number | undefined;
  /** Signs each body for its subgraph (the caller assertion); none when the subgraphs run unsigned (development). */
  signer?: CallerSigner | undefined;
  /** Told of every call (metrics and debug logs). */
  observe?: ((fetch: SubgraphFetch) => void) | undefined;
  /** The registry subgraphs the supergraph being served routes to, and where: a call naming no URL goes there. */
  routes?: (() => readonly SubgraphEndpoint[]) | undefined;
  /** Keep-alive connections per subgraph origin. */
  connections?: number;
  /** Told when a subgraph refuses the gateway's caller assertion (401): its X25519 key is fetched again (gateway/trust). */
  onRefused?: ((subgraph: string) => void) | undefined;
  /** Looks at each call before it goes (gateway/membership: who a registry is asked about); calls go as they are without one. */
  screen?: CallScreen | undefined;
}

/** A call as a screen changed it: what goes instead, and the caller's reply made of its reply. */
export interface ScreenedCall {
  /** What to send instead of the call; null: nothing (the screen answers alone). */
  call: SubgraphCall | null;
  /** The reply the caller gets, made of what was sent's (null when nothing was sent) and the call's URL. */
  answer(sent: SubgraphReply | null, url: string): SubgraphReply | Promise<SubgraphReply>;
  /** Told once the call is done, whether it went well or not. */
  settled?: () => void;
}

/** What happens to a call before it goes: undefined (at once, for most calls) sends it as it is. */
export type CallScreen = (call: SubgraphCall) => Promise<ScreenedCall | undefined> | undefined;

/** One POST to a subgraph. */
export interface SubgraphCall {
  /** The subgraph's name: the audience of the caller assertion, the metrics label, its deadline. */
  subgraph: string;
  /** Where to send it; the subgraph's route in the supergraph being served when absent. */
  url?: string | undefined;
  /** The request body (JSON), sent and signed exactly as given. */
  body: string;
  /** Headers besides those the transport sets (what a data source's `willSendRequest` set). */
  headers?: Record<string, string> | undefined;
  /** Who is asking, as the gateway verified them; anonymous when absent (the gateway's own calls). */
  caller?: Caller | undefined;
  /**
   * A read (a query's fetch) that may share one request with identical calls in flight: the same
   * subgraph, URL, caller (subject and scopes, or anonymous), headers and body bytes.
   */
  shareable?: boolean | undefined;
  /**
   * The gateway's own read of a registry's lists of codes (gateway/membership: `_memberCount`,
   * `_memberCodes` and the record holders'). The screens read those lists to judge a call, so they
   * pass these as they are: screened, each would read the lists it is reading, without end.
   */
  codeListRead?: boolean | undefined;
}

/** A subgraph's answer. */
export interface SubgraphReply {
  url: string;
  status: number;
  statusText: string;
  /** The answer's headers, names in lower case. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed (once) when the answer says it is JSON, else the text (as RemoteGraphQLDataSource's `parseBody`); throws on invalid JSON. */
  body(): unknown;
}

const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json'));

/** A reply of its own to each caller (parsed for each: hooks may change the answer they are given). */
function replyOf(url: string, collected: CollectedResponse): SubgraphReply {
  let parsed: { value: unknown } | undefined;
  return {
    url,
    status: collected.statusCode,
    statusText: collected.statusText,
    headers: collected.headers,
    text: collected.text,
    body() {
      if (!parsed) parsed = { value: isJson(collected.headers['content-type']) ? JSON.parse(collected.text) : collected.text };
      return parsed.value;
    },
  };
}

/**
 * A reply made by the gateway (a screen's) of an answer it holds as an object: `body()` gives that
 * object, `text` is written from it when first read; with `like`'s status and headers when it
 * stands for one, else 200 and JSON.
 */
export function syntheticReply(url: string, answer: unknown, like?: SubgraphReply): SubgraphReply {
  let text: string | undefined;
  return {
    url,
    status: like?.status ?? 200,
    statusText: like?.statusText ?? 'OK',
    headers: like?.headers ?? { 'content-type': 'application/json' },
    get text() {
      return (text ??= JSON.stringify(answer));
    },
    body: () => answer,
  };
}

/** Whether an answer went well: 2xx, and a GraphQL body without errors. */
function answeredWell(reply: SubgraphReply): boolean {
  if (reply.status < 200 || reply.status > 299) return false;
  try {
    const body = reply.body() as { errors?: unknown[] } | null;
    return typeof body === 'object' && body !== null && !body.errors?.length;
  } catch {
    return false;
  }
}

/** A request made: the answer as collected, and the reply of the call that made it. */
interface MadeRequest {
  collected: CollectedResponse;
  reply: SubgraphReply;
}

/**
 * What makes two calls the same request: subgraph, URL, caller, the headers given, the body bytes
 * (by their SHA-256, `digest`, which the caller assertion carries too: a key of a few hundred bytes
 * instead of the whole body, which the map would copy and hash for every call).
 */
function shareKey(call: SubgraphCall, url: string, digest: string): string {
  const headers = call.headers
    ? Object.entries(call.headers)
        .map(([name, value]) => [name.toLowerCase(), value])
        .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    : [];
  return JSON.stringify([call.subgraph, url, callerIdentity(call.caller), headers, digest]);
}

/** A call to a subgraph the supergraph being served does not route to (and that named no URL). */
export class UnroutedSubgraphError extends Error {
  override name = 'UnroutedSubgraphError';
  constructor(readonly subgraph: string) {
    super(`the supergraph being served does not route to the ${subgraph} subgraph`);
  }
}

/**
 * The gateway's one way to its subgraphs: every call the plan executor, Apollo Gateway's executor
 * (through the data sources' fetcher) and the directory's own resolvers (`sharedMembers`) make goes
 * through here. Each call:
 *
 * - goes over a keep-alive undici `Pool` per subgraph origin, shared by every caller;
 * - carries the client request's id (`x-request-id`, from `currentRequestId()`) and the trace
 *   context (`traceparent`) of where it is made;
 * - carries a caller assertion signed for its subgraph and its exact body (gateway/trust);
 * - has its subgraph's deadline, from sending to the last byte (a TimeoutError past it);
 * - is counted in the metrics (`graphql_subgraph_fetch_duration_seconds`) and the debug log;
 * - goes, unless it names a URL, to where the supergraph being served routes its subgraph;
 * - passes first through the `screen`, when one is set, which may send a smaller call or none and
 *   make the reply (gateway/membership: a registry is asked only about its own members);
 * - when `shareable` (a query's fetch), shares the request of an identical call in flight: same
 *   subgraph, URL, caller, headers and body; the one request goes with the first call's request id,
 *   trace and metrics, each call gets its own reply of the same answer.
 *
 * It moves bytes: what a failure means to the client is for the caller to say.
 */
export class SubgraphTransport {
  private readonly pools = new Map<string, Pool>();
  /** Each URL called, split once into the origin (its pool) and the request path. */
  private readonly targets = new Map<string, { origin: string; path: string }>();
  private readonly shares = new InFlightShares<MadeRequest>();
  private closed = false;

  constructor(private readonly settings: TransportSettings) {}

  /** The deadline of one call to `subgraph`, in milliseconds. */
  timeoutOf(subgraph: string): number {
    return this.settings.timeouts.bySubgraph[subgraph] ?? this.settings.timeouts.defaultMs;
  }

  /** Where the supergraph being served sends `subgraph`'s fetches (undefined when it does not route to it). */
  routeOf(subgraph: string): string | undefined {
    return this.settings.routes?.().find((route) => route.name === subgraph)?.url;
  }

  async send(call: SubgraphCall): Promise<SubgraphReply> {
    const screening = this.settings.screen?.(call);
    return screening ? this.sendScreened(call, screening) : this.sendAsGiven(call);
  }

  private async sendScreened(call: SubgraphCall, screening: Promise<ScreenedCall | undefined>): Promise<SubgraphReply> {
    const screened = await screening;
    if (!screened) return this.sendAsGiven(call);
    try {
      const url = call.url ?? this.routeOf(call.subgraph);
      if (!url) throw new UnroutedSubgraphError(call.subgraph);
      return await screened.answer(screened.call && (await this.sendAsGiven(screened.call)), url);
    } finally {
      screened.settled?.();
    }
  }

  private async sendAsGiven(call: SubgraphCall): Promise<SubgraphReply> {
    const url = call.url ?? this.routeOf(call.subgraph);
    if (!url) throw new UnroutedSubgraphError(call.subgraph);
    if (!call.shareable) return (await this.observed(call, url)).reply;
    const digest = bodyDigest(call.body);
    const { promise, joined } = this.shares.share(shareKey(call, url, digest), () => this.observed(call, url, digest));
    const made = await promise;
    return joined ? replyOf(url, made.collected) : made.reply;
  }

  /** How many calls share each request in flight (1 where none joined). */
  sharesInFlight(): number[] {
    return this.shares.callersInFlight();
  }

  /** One request, counted in the metrics once. */
  private async observed(call: SubgraphCall, url: string, digest?: string): Promise<MadeRequest> {
    const started = performance.now();
    const requestId = currentRequestId();
    const observe = this.settings.observe;
    try {
      const collected = await this.exchange(call, url, requestId, digest);
      const reply = replyOf(url, collected);
      if (reply.status === 401) this.settings.onRefused?.(call.subgraph);
      observe?.({ subgraph: call.subgraph, ...(requestId ? { requestId } : {}), durationMs: performance.now() - started, ok: answeredWell(reply) });
      return { collected, reply };
    } catch (error) {
      observe?.({ subgraph: call.subgraph, ...(requestId ? { requestId } : {}), durationMs: performance.now() - started, ok: false });
      throw error;
    }
  }

  /** `digest`: the body's `bodyDigest`, when the caller has it already. */
  private async exchange(call: SubgraphCall, url: string, requestId: string | undefined, digest: string | undefined): Promise<CollectedResponse> {
    const target = this.targetOf(url);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (call.headers) for (const name in call.headers) headers[name.toLowerCase()] = call.headers[name]!;
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    injectTraceHeaders((name, value) => (headers[name.toLowerCase()] = value));
    if (this.settings.signer) {
      const signed = this.settings.signer.headers(call.caller ?? ANONYMOUS, call.subgraph, call.body, digest);
      for (const name in signed) headers[name.toLowerCase()] = signed[name]!;
    }
    return new Promise<CollectedResponse>((resolve, reject) => {
      this.poolFor(target.origin).dispatch(
        { path: target.path, method: 'POST', headers, body: call.body },
        new ResponseCollector(this.timeoutOf(call.subgraph), this.settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, resolve, reject),
      );
    });
  }

  private targetOf(url: string): { origin: string; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      if (this.targets.size >= 1_000) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }

  private poolFor(origin: string): Pool {
    if (this.closed) throw new Error('the subgraph transport is closed');
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.settings.connections ?? 64, pipelining: 1, keepAliveTimeout: 30_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes every pool once the calls it carries are done. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
