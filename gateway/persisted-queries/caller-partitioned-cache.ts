import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

/**
 * Automatic persisted queries kept apart per caller: a text one caller registered is found by its
 * hash for that caller only (anonymous callers share one part). Otherwise anyone could send the hash
 * of a guessed text, such as a look-up with a national code in it, and learn from the answer whether
 * someone had run it. `callerOf` gives the request's caller (subject and scopes); outside a request
 * nothing is found or kept. The caller is named in the key by `digest` (a keyed digest: a token's
 * subject may be a national code, and the keys of a shared cache can be read by whoever reads Redis).
 * `keeps` says whether a text may be kept in a caller's part at all: the anonymous part is shared by
 * everyone without a token, so a text holding what a person typed (a name searched for) must not be
 * kept there, or the next anonymous caller could tell from its hash that someone searched for it.
 */
export class CallerPartitionedCache implements KeyValueCache<string> {
  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly callerOf: () => string | undefined,
    private readonly digest: (text: string) => string,
    private readonly keeps: (caller: string, text: string) => boolean = () => true,
  ) {}

  private keyFor(key: string): string | undefined {
    const caller = this.callerOf();
    return caller === undefined ? undefined : `${this.digest(caller)}:${key}`;
  }

  async get(key: string): Promise<string | undefined> {
    const own = this.keyFor(key);
    return own === undefined ? undefined : this.inner.get(own);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const caller = this.callerOf();
    if (caller === undefined || !this.keeps(caller, value)) return;
    await this.inner.set(`${this.digest(caller)}:${key}`, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    const own = this.keyFor(key);
    return own === undefined ? undefined : this.inner.delete(own);
  }
}
