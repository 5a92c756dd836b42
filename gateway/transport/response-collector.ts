/** A subgraph's answer as read off the wire. */
export interface CollectedResponse {
  statusCode: number;
  /** The status line's reason phrase, as the subgraph sent it. */
  statusText: string;
  /** The answer's headers, names in lower case (repeated ones joined with `, `, as WHATWG Headers does). */
  headers: Record<string, string>;
  text: string;
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** The longest answer the gateway reads from a subgraph by default: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A subgraph's answer longer than the gateway reads (`SUBGRAPH_MAX_RESPONSE_BYTES`): it is cut off, not kept. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
}

/**
 * An undici dispatch handler that reads one answer whole: its status, its headers and its body as
 * one string (UTF-8, a leading byte-order mark dropped, as undici's `body.text()` does), without the
 * request API's readable stream. It gives up after `timeoutMs` (the call's deadline, from sending to
 * the last byte) with a TimeoutError, and stops reading an answer longer than `maxBytes` with a
 * ResponseTooLargeError: no subgraph can fill the gateway's memory.
 */
export class ResponseCollector {
  private abort: ((reason?: Error) => void) | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;
  private timedOut: TimeoutError | undefined;
  private tooLarge: ResponseTooLargeError | undefined;
  private settled = false;
  private statusCode = 0;
  private statusText = '';
  private readonly headers = Object.create(null) as Record<string, string>;
  private readonly chunks: Buffer[] = [];
  private length = 0;

  constructor(
    timeoutMs: number,
    private readonly maxBytes: number,
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = new TimeoutError(`did not answer within ${timeoutMs} ms`);
      if (this.abort) this.abort(this.timedOut);
    }, timeoutMs);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.timedOut) abort(this.timedOut);
    else this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[], _resume: () => void, statusText?: string): boolean {
    // Informational answers (1xx) come before the real one, as in undici's request API.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.statusText = statusText ?? '';
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString().toLowerCase();
      const value = rawHeaders[i + 1]!.toString();
      const known = this.headers[name];
      this.headers[name] = known === undefined ? value : `${known}, ${value}`;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.tooLarge) return false;
    this.length += chunk.length;
    if (this.length > this.maxBytes) {
      this.tooLarge = new ResponseTooLargeError(`answered with more than ${this.maxBytes} bytes`);
      this.chunks.length = 0;
      this.abort?.(this.tooLarge);
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const chunks = this.chunks;
    let text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.length).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.resolve({ statusCode: this.statusCode, statusText: this.statusText, headers: this.headers, text });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.reject(this.tooLarge ?? this.timedOut ?? error);
  }
}
