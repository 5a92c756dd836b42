import { driverOptions, MongoStore, MongoStoreOptions } from '../../shared/store/mongo-store';
import { DEFAULT_SOCKET_TIMEOUT_MS } from '../../shared/store/mongo-waits';
import { DocumentWrite, StoredDocument, StoreUnavailableError } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { silentTcpProxy, SilentTcpProxy } from '../support/silent-tcp-proxy';
import { dropDatabases, freshDatabaseName, mongoServerUnderTest, onceAnswering } from '../support/stores';

/**
 * A database that stops answering without closing its connections (a network partition, a server
 * stuck on a lock): before, an operation waited for ever, and every write queued behind it on the
 * same document with it. Now an operation fails as unavailable once its socket has been silent for
 * `socketTimeoutMS`, and a write cut off that way is kept whole or not at all, like one the server
 * was killed during.
 */

describe('the driver options a store is created with', () => {
  it('bounds every wait for an answer by default, and leaves the URI its own options', () => {
    expect(driverOptions('mongodb://db:27017', 'registry_labs', {})).toEqual({
      serverSelectionTimeoutMS: 5_000,
      socketTimeoutMS: DEFAULT_SOCKET_TIMEOUT_MS,
      appName: 'registries-registry_labs',
    });
    expect(DEFAULT_SOCKET_TIMEOUT_MS).toBeGreaterThan(0);
    const operatorChose = driverOptions('mongodb://a:1,b:2/?replicaSet=rs&socketTimeoutMS=120000&serverSelectionTimeoutMS=900', 'registry_labs', {});
    expect(operatorChose).toEqual({ appName: 'registries-registry_labs' });
    expect(driverOptions('mongodb://db/?sockettimeoutms=0', 'x', { socketTimeoutMs: 250 })).toMatchObject({ socketTimeoutMS: 250 });
  });
});

const server = mongoServerUnderTest();
const suite = server.uri !== null ? describe : describe.skip;
suite(`a database that falls silent mid-operation${server.uri === null ? ` (skipped: ${server.skipReason})` : ''}`, () => {
  const SOCKET_TIMEOUT_MS = 500;
  const LEASE_MS = 2_000;
  let proxy: SilentTcpProxy;
  const databases: string[] = [];
  let skew = 0;

  beforeAll(async () => {
    proxy = await silentTcpProxy(Number(new URL(server.uri!).port));
  });
  afterAll(async () => {
    await proxy?.close();
    if (server.uri) await dropDatabases(server.uri, databases);
  });

  /** A store through the proxy: the driver's checks of the server left out of the count (polled once a minute); a new connection (a read is tried again on one) given up after 500 ms of silence. */
  const openStore = (options: MongoStoreOptions = {}) => {
    const database = freshDatabaseName('silent');
    databases.push(database);
    const uri = `mongodb://${proxy.address}/?directConnection=true&serverMonitoringMode=poll&heartbeatFrequencyMS=60000&connectTimeoutMS=500`;
    return MongoStore.create(uri, database, {
      serverSelectionTimeoutMs: 2_000,
      socketTimeoutMs: SOCKET_TIMEOUT_MS,
      writeLeaseMs: LEASE_MS,
      clock: () => new Date(Date.now() + skew),
      ...options,
    });
  };

  it('fails a read as unavailable instead of waiting for ever, and reads again once the server speaks', async () => {
    const store = openStore();
    try {
      await onceAnswering(() => store.collection<{ _id: string; text: string }>('notes').upsertOne({ _id: 'n1', text: 'kept' }));
      proxy.silenceAfter(0);
      await expect(store.collection('notes').find({})).rejects.toBeInstanceOf(StoreUnavailableError);
      proxy.speak();
      expect(await onceAnswering(() => store.collection('notes').find({}))).toEqual([expect.objectContaining({ _id: 'n1', text: 'kept' })]);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('replaces a client that has found no server for longer than its bound, and is served by the new one', async () => {
    const store = openStore({ serverSelectionTimeoutMs: 200, replaceClientAfterMs: 1_000 });
    try {
      // Taken before the replacement and kept, as a registry's repositories keep theirs: it must read through the new client.
      const notes = store.collection<{ _id: string; text: string }>('notes');
      await onceAnswering(() => notes.upsertOne({ _id: 'n1', text: 'kept' }));
      expect(store.clientReplacements).toBe(0);
      proxy.refuse();
      const errors = new Set<string>();
      // Bounded: at 200 ms a selection, the bound of 1 s is passed within a few dozen tries.
      for (let attempt = 0; attempt < 50 && store.clientReplacements === 0; attempt += 1) {
        const error = await notes.find({}).then(
          () => undefined,
          (e: unknown) => e,
        );
        errors.add(error instanceof StoreUnavailableError ? 'unavailable' : `not unavailable: ${String(error)}`);
      }
      expect([...errors]).toEqual(['unavailable']);
      expect(store.clientReplacements).toBe(1);
      proxy.speak();
      expect(await onceAnswering(() => notes.find({}))).toEqual([expect.objectContaining({ _id: 'n1', text: 'kept' })]);
      expect(await store.collection('notes').find({})).toEqual([expect.objectContaining({ _id: 'n1', text: 'kept' })]);
      // Served again: failures start counting afresh, so no second replacement follows.
      expect(store.clientReplacements).toBe(1);
    } finally {
      proxy.speak();
      await store.close();
    }
  }, 60_000);

  it('keeps a write of several documents whole or absent wherever the silence cuts it, with no intent left', async () => {
    const store = openStore();
    const outcomes: string[] = [];
    try {
      const accounts = store.collection<{ _id: string; balance: number }>('accounts');
      await onceAnswering(() => accounts.upsertOne({ _id: 'a', balance: 10 }));
      let run = 0;
      const transferOnce = async () => store.writeAll(transfer((await accounts.find({ _id: 'a' }))[0]!, (run += 1)));
      // The whole write's messages with nothing cut (after a first write, which also asks whether the server has transactions),
      // so that every one of them is the last answered in some run.
      await onceAnswering(transferOnce);
      const messages = await onceAnswering(async () => {
        const [account] = await accounts.find({ _id: 'a' });
        const before = proxy.forwarded;
        await store.writeAll(transfer(account!, (run += 1)));
        return proxy.forwarded - before;
      });
      expect(messages).toBeGreaterThan(2);

      for (let cut = 0; cut < messages; cut += 1) {
        const [current] = await onceAnswering(() => accounts.find({ _id: 'a' }));
        run += 1;
        proxy.silenceAfter(cut);
        const error = await store.writeAll(transfer(current!, run)).then(
          () => undefined,
          (e: unknown) => e,
        );
        proxy.speak();
        // What the write left is rolled back by this process's next operation, or by recovery once its lease and grace are over.
        skew += 2 * LEASE_MS + 1;
        await onceAnswering(() => store.recoverWrites());
        const [after] = await onceAnswering(() => accounts.find({ _id: 'a' }));
        const ledger = await onceAnswering(() => store.collection('ledger').find({ _id: { $in: [`in-${run}`, `out-${run}`] } }));
        const whole = after!.balance === current!.balance + 1 && ledger.length === 2;
        const absent = after!.balance === current!.balance && ledger.length === 0;
        outcomes.push(
          `${cut}: ${error === undefined ? 'done' : error instanceof StoreUnavailableError ? 'cut' : `failed otherwise (${error instanceof Error ? error.message : 'not an Error'})`} ${whole ? 'whole' : absent ? 'absent' : `HALF (balance ${after!.balance}, ${ledger.length} ledger rows)`}`,
        );
        expect(error === undefined || error instanceof StoreUnavailableError).toBe(true);
        expect(whole || absent).toBe(true);
        expect(await onceAnswering(() => store.collection(INTENTS_COLLECTION).find({}))).toEqual([]);
      }
      // Every cut ended the write without its answer.
      expect(outcomes.filter((outcome) => outcome.includes(': cut ')).length).toBe(messages);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : 'failed'}\nruns so far:\n${outcomes.join('\n')}`, { cause: error });
    } finally {
      await store.close();
    }
  }, 120_000);
});

/** Two ledger rows and the account's new balance, written together. */
function transfer(account: { _id: string; balance: number }, run: number): DocumentWrite[] {
  const row = (id: string, amount: number) => ({ _id: id, amount }) as StoredDocument;
  return [
    { kind: 'insert', collection: 'ledger', document: row(`out-${run}`, -1) },
    { kind: 'insert', collection: 'ledger', document: row(`in-${run}`, 1) },
    { kind: 'replace', collection: 'accounts', previous: account, document: { ...account, balance: account.balance + 1 } as StoredDocument },
  ];
}
