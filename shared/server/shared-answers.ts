import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLOutcome } from './request-outcome';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Identical requests in flight at the same time answered once, at the HTTP layer: the first (the
 * leader) goes through Apollo Server; those that arrive while it runs (the followers) are written
 * the leader's status, headers and answer bytes as they are. Nothing is kept once the leader's
 * answer is made: this is not a cache.
 *
 * Two requests are identical when their method, path and query string, body bytes, every request
 * header but those of the connection and the request's own id, and the share key the server's
 * `shareAnswers` gives (the gateway's: the caller, for a document of queries only) are the same.
 */

/** A complete answer as the leader wrote it, for its followers. */
export interface SharedAnswer {
  status: number;
  headers: [string, string][];
  text: string;
  /** The text's bytes, made once when the answer is first written and written to every request that followed it too. */
  bytes?: Buffer;
  graphql: GraphQLOutcome;
}

/** Headers of the connection or of the request itself, which cannot change the answer's bytes. */
const NOT_IN_KEY = new Set([REQUEST_ID_HEADER, 'content-length', 'connection', 'keep-alive']);

/** Headers with which a request asks for something of its own: such a request is never shared (its trace, its spans). */
const OWN_REQUEST = ['traceparent', 'tracestate', 'baggage'];

/** The key of a request for `SharedAnswers`, or undefined when it must be answered on its own. */
export function answerShareKey(method: string, pathAndSearch: string, body: string, headers: IncomingHttpHeaders, shareKey: string | undefined): string | undefined {
  if (shareKey === undefined || (method !== 'GET' && method !== 'POST')) return undefined;
  if (OWN_REQUEST.some((name) => headers[name] !== undefined)) return undefined;
  const sent: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_IN_KEY.has(name)) continue;
    sent.push([name, Array.isArray(value) ? value.join('\n') : value]);
  }
  sent.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify([method, pathAndSearch, shareKey, sent, body]);
}

export class SharedAnswers {
  private readonly inFlight = new Map<string, { answer: Promise<SharedAnswer | undefined>; followers: number }>();

  /**
   * `lead()`'s answer for the first request with this key; for one that arrives while it runs, the
   * same answer, or undefined when the leader's could not be shared (streamed, or it failed): then
   * the follower answers on its own.
   */
  async answer(key: string, lead: () => Promise<SharedAnswer | undefined>): Promise<SharedAnswer | undefined> {
    const running = this.inFlight.get(key);
    if (running) {
      running.followers += 1;
      return running.answer;
    }
    const answer = lead();
    const entry = { answer: answer.catch(() => undefined), followers: 0 };
    this.inFlight.set(key, entry);
    try {
      return await answer;
    } finally {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    }
  }

  /** How many followers wait on each leader in flight (for tests). */
  followersInFlight(): number[] {
    return [...this.inFlight.values()].map((entry) => entry.followers);
  }
}
