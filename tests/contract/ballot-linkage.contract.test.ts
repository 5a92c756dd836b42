import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { MemoryStore } from '../../shared/store/memory-store';
import { MongoStore } from '../../shared/store/mongo-store';
import { Store } from '../../shared/store/port';
import { ElectionsRepository } from '../../subgraphs/guilds/elections';
import { slotsForElection } from '../../subgraphs/guilds/elections/ballot-slots';
import { BallotDocument, ELECTION_COLLECTIONS, ElectionDocument, VoterDocument, voterId } from '../../subgraphs/guilds/elections/documents';
import { ferretDbBinaryPath, freePort, startFerretDb } from '../support/mongo-global-setup';
import { dropDatabases, freshDatabaseName, mongoServerUnderTest } from '../support/stores';

jest.setTimeout(180_000); // FerretDB's run of 400 ballots takes about 30 s on a quiet machine; this bounds it on a loaded one.

const ELECTION = 'guilds:election-fars-union-007-2026-03-01';
const CANDIDATES = Array.from({ length: 12 }, (_, i) => `00000000${String(i + 10)}`);
const SEATS = 4;
const SEQUENTIAL = 200;
const CONCURRENT = 200;
/**
 * Ballots in flight at once in the concurrent part. All 200 at once queue behind FerretDB's single
 * SQLite writer long enough, on a loaded machine, for a write to outlive its journal lease (and be
 * refused as DATABASE_UNAVAILABLE, as it should); 32 still interleave every write's steps.
 */
const IN_FLIGHT = 32;

/** Every way of choosing `k` of `items`, in a fixed order: 495 ballots, each naming 4 of 12. */
function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}
const COMBINATIONS = combinations(CANDIDATES, SEATS).map((c) => c.join(','));

const election = (): ElectionDocument & { ballotSlots: number } => ({
  _id: ELECTION,
  unionId: 'guilds:fars-union-007',
  chamberId: 'guilds:fars-chamber',
  title: 'linkage',
  seats: SEATS,
  opensAt: new Date('2026-03-01T04:30:00Z'),
  closesAt: new Date('2026-03-01T14:30:00Z'),
  endsAt: new Date('2026-03-01T14:30:00Z'),
  supervisorNationalCodes: [],
  electronic: true,
  createdAt: new Date('2026-02-01T00:00:00Z'),
  // As createGuildElection makes it for the 400 members eligible that day.
  ballotSlots: slotsForElection(SEQUENTIAL + CONCURRENT),
});

async function cast(repository: ElectionsRepository, nationalCode: string, choices: string[]): Promise<void> {
  const voter: VoterDocument = { _id: voterId(ELECTION, nationalCode), electionId: ELECTION, nationalCode, votedAt: new Date() };
  await repository.recordBallot(election(), voter, choices);
}

/** Voter i votes the i-th combination, so every true voter-ballot pair is known. */
const voterCode = (i: number) => `9${String(i).padStart(9, '0')}`;

async function castBallots(store: Store): Promise<Map<string, string>> {
  const repository = new ElectionsRepository(store);
  await repository.ensureIndexes();
  await repository.createElection(election(), []);
  const truth = new Map<string, string>();
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    truth.set(voterCode(i), COMBINATIONS[i]!);
    await cast(repository, voterCode(i), COMBINATIONS[i]!.split(','));
  }
  const concurrent = Array.from({ length: CONCURRENT }, (_, j) => SEQUENTIAL + j);
  for (const i of concurrent) truth.set(voterCode(i), COMBINATIONS[i]!);
  const queue = [...concurrent];
  const castNext = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) await cast(repository, voterCode(i), COMBINATIONS[i]!.split(','));
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, castNext));
  return truth;
}

interface Stored {
  voters: { nationalCode: string }[];
  ballots: { choices: string[]; filled?: unknown }[];
}

/**
 * The join attack: the k-th voter record in storage order paired with the k-th cast ballot in
 * storage order. Counts the true pairs among the sequential and among the concurrent voters, and,
 * since a pairing one place off gets no pair right however strong the link, also correlates each
 * voter's rank with the rank of their true ballot (Spearman; near 0 at chance, 1 for the same order).
 */
function linkage(truth: Map<string, string>, stored: Stored) {
  const ballots = stored.ballots.filter(isCast).map((ballot) => ballot.choices.filter((c) => CANDIDATES.includes(c)).join(','));
  expect(ballots).toHaveLength(stored.voters.length);
  expect(new Set(ballots).size).toBe(ballots.length);
  const ballotRank = new Map(ballots.map((choices, k) => [choices, k]));
  const result = { sequential: 0, concurrent: 0, correlation: { sequential: 0, concurrent: 0 } };
  for (const part of ['sequential', 'concurrent'] as const) {
    const inPart = (code: string) => Number(code.slice(1)) < SEQUENTIAL === (part === 'sequential');
    const ranks = stored.voters.flatMap((voter, k) => (inPart(voter.nationalCode) ? [[k, ballotRank.get(truth.get(voter.nationalCode)!)!] as const] : []));
    result[part] = ranks.filter(([voterRank, ballotRankOf]) => voterRank === ballotRankOf).length;
    result.correlation[part] = spearman(ranks);
  }
  return result;
}
const isCast = (ballot: Stored['ballots'][number]) => ballot.filled === undefined || ballot.filled === 1;

/** Spearman's rank correlation of the pairs (their ranks re-ranked within the pairs given). */
function spearman(pairs: readonly (readonly [number, number])[]): number {
  const rankOf = (values: number[]) => {
    const order = [...values].sort((a, b) => a - b);
    return values.map((value) => order.indexOf(value));
  };
  const x = rankOf(pairs.map(([a]) => a));
  const y = rankOf(pairs.map(([, b]) => b));
  const n = pairs.length;
  const d2 = x.reduce((sum, xi, i) => sum + (xi - y[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/**
 * At chance a random pairing gets about one pair right whatever the count (6 of 200 is very unlikely
 * by chance), and the rank correlation of 200 pairs has a standard deviation of about 0.07.
 */
const CHANCE_PAIRS = 6;
const CHANCE_CORRELATION = 0.3;

function report(where: string, linked: ReturnType<typeof linkage>) {
  const rho = (value: number) => value.toFixed(2);
  process.stderr.write(
    `[ballot linkage] ${where}: ${linked.sequential} of ${SEQUENTIAL} sequential ballots linked to their voter (rank correlation ${rho(linked.correlation.sequential)}), ` +
      `${linked.concurrent} of ${CONCURRENT} concurrent (${rho(linked.correlation.concurrent)})\n`,
  );
  expect(linked.sequential).toBeLessThanOrEqual(CHANCE_PAIRS);
  expect(linked.concurrent).toBeLessThanOrEqual(CHANCE_PAIRS);
  expect(Math.abs(linked.correlation.sequential)).toBeLessThanOrEqual(CHANCE_CORRELATION);
  expect(Math.abs(linked.correlation.concurrent)).toBeLessThanOrEqual(CHANCE_CORRELATION);
}

describe('ballots cannot be linked to their voters by storage order', () => {
  it('on the embedded store, by iteration order', async () => {
    const store = new MemoryStore();
    const truth = await castBallots(store);
    const stored = {
      voters: await store.collection<VoterDocument>(ELECTION_COLLECTIONS.voters).find({}),
      ballots: await store.collection<BallotDocument>(ELECTION_COLLECTIONS.ballots).find({}),
    };
    report('embedded store (iteration order)', linkage(truth, stored));
  });

  /** The join attack through the driver: both collections read with no sort, in the server's natural order. */
  async function naturalOrder(uri: string, database: string): Promise<Stored> {
    const client = new MongoClient(uri);
    try {
      const db = client.db(database);
      return {
        voters: (await db.collection(ELECTION_COLLECTIONS.voters).find({}).toArray()) as unknown as Stored['voters'],
        ballots: (await db.collection(ELECTION_COLLECTIONS.ballots).find({}).toArray()) as unknown as Stored['ballots'],
      };
    } finally {
      await client.close();
    }
  }

  // FerretDB's natural order is checked with its SQLite files below (one run of 400 ballots serves both).
  const mongo = mongoServerUnderTest();
  const title = 'through the driver, by natural order (a find with no sort)';
  const skipMongo = mongo.uri === null ? mongo.skipReason : mongo.description.startsWith('FerretDB') ? 'the server under test is FerretDB, checked by the next test' : undefined;
  (skipMongo === undefined ? it : it.skip)(
    skipMongo === undefined ? `${title} on ${mongo.uri === null ? '' : mongo.description}` : `${title} (skipped: ${skipMongo})`,
    async () => {
      if (mongo.uri === null) return;
      const database = freshDatabaseName('linkage');
      const store = await MongoStore.connect(mongo.uri, database);
      try {
        const truth = await castBallots(store);
        report(`${mongo.description} (natural order)`, linkage(truth, await naturalOrder(mongo.uri, database)));
      } finally {
        await store.close();
        await dropDatabases(mongo.uri, [database]);
      }
    },
  );

  const binary = ferretDbBinaryPath();
  const sqlite = '/usr/bin/sqlite3';
  const reason = !existsSync(binary) ? `no FerretDB binary at ${binary}` : !existsSync(sqlite) ? `no sqlite3 at ${sqlite} (Debian package sqlite3)` : undefined;
  (reason ? it.skip : it)(`on FerretDB 1.24, by rowid in its SQLite files and by natural order through the driver${reason ? ` (skipped: ${reason})` : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'registries-linkage-'));
    const port = await freePort();
    const server = await startFerretDb(binary, dir, port);
    if (typeof server === 'string') throw new Error(server);
    const uri = `mongodb://127.0.0.1:${port}/`;
    const store = await MongoStore.connect(uri, 'linkage');
    try {
      const truth = await castBallots(store);
      const file = join(dir, 'linkage.sqlite');
      const sql = (query: string) => JSON.parse(execFileSync(sqlite, ['-json', '-readonly', file, query]).toString() || '[]') as Record<string, unknown>[];
      const table = (name: string) => String(sql(`select table_name from _ferretdb_collections where name = '${name}'`)[0]!.table_name);
      const rows = <T>(name: string) => sql(`select _ferretdb_sjson from "${table(name)}" order by rowid`).map((row) => JSON.parse(String(row._ferretdb_sjson)) as T);
      report(
        'FerretDB 1.24 SQLite files (rowid order)',
        linkage(truth, { voters: rows<Stored['voters'][number]>(ELECTION_COLLECTIONS.voters), ballots: rows<Stored['ballots'][number]>(ELECTION_COLLECTIONS.ballots) }),
      );
      report('FerretDB 1.24 through the driver (natural order)', linkage(truth, await naturalOrder(uri, 'linkage')));
    } finally {
      await store.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
