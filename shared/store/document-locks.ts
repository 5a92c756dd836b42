/**
 * Runs work on one document after the work already queued for that document in this process.
 * FerretDB 1.24 evaluates a replacement's filter and writes it in separate steps, so two conditional
 * replacements racing on one document can both match; queuing single-document writes here makes
 * `replaceIfUnchanged` hold within one process on any server. Across processes it rests on the
 * server: MongoDB matches and replaces one document atomically.
 */
export class DocumentLocks {
  private readonly tails = new Map<string, Promise<void>>();

  run<R>(key: string, work: () => Promise<R>): Promise<R> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
