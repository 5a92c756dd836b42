import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { seededRandom } from '../../shared/demo/builders';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { MemoryStore } from '../../shared/store/memory-store';
import { MongoStore } from '../../shared/store/mongo-store';
import { StoreUnavailableError } from '../../shared/store/port';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { testToken } from '../support/auth';
import { byDepth } from '../support/depth';
import { FaultyStore } from '../support/faulty-store';
import { FerretDbProcess } from '../support/ferretdb-process';
import { startTestGraph, TestGraph } from '../support/graph';
import { renewDemoLicences } from '../support/guild-licences';
import { ferretDbBinaryPath, freePort } from '../support/mongo-global-setup';
import { MultiDocumentWrites, WRITE_KINDS, WriteKind } from '../support/multi-document-writes';
import { onceAnswering } from '../support/stores';

const binary = ferretDbBinaryPath();
/** Each run kills the server once; every kind of write must be cut off in some run. */
const KILLED_RUNS = byDepth({ default: 30, deep: 100 });
const DATABASES = 5;
const LEASE_MS = 5_000;
/**
 * A request fails after 150 ms without a server, so that a run takes a fraction of a second. (The
 * driver's checks of the server are left at their defaults: made much more frequent, one in a few
 * dozen restarts left the client never finding the server again.)
 */
const SELECTION_TIMEOUT_MS = 150;

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

const suite = existsSync(binary) ? describe : describe.skip;
suite(`multi-document writes on FerretDB 1.24 killed with SIGKILL at random moments${existsSync(binary) ? '' : ` (skipped: no FerretDB binary at ${binary})`}`, () => {
  let dir: string;
  let server: FerretDbProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'registries-killed-'));
    server = new FerretDbProcess(binary, dir, await freePort());
    await server.start();
  });
  afterAll(async () => {
    await server?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keep every write whole or absent, leave no intent, and fail only with StoreUnavailableError, over ${KILLED_RUNS} killed runs`, async () => {
    const random = seededRandom(20260513);
    let skew = 0;
    const clock = () => new Date(Date.now() + skew);
    const options = { serverSelectionTimeoutMs: SELECTION_TIMEOUT_MS, writeLeaseMs: LEASE_MS, clock };
    const cut = Object.fromEntries(WRITE_KINDS.map((kind) => [kind, 0])) as Record<WriteKind, number>;
    let sweptAgain = 0;
    const completed = Object.fromEntries(WRITE_KINDS.map((kind) => [kind, 0])) as Record<WriteKind, number>;
    // A few databases, each written by one long-lived store (as a subgraph's), used in turn: each run's
    // burst writes to collections that exist already, and each check covers its database's whole history.
    const databases = await Promise.all(
      Array.from({ length: DATABASES }, async (_, i) => {
        const name = `killed_${i}`;
        const store = MongoStore.create(server.uri, name, options);
        const writes = new MultiDocumentWrites(store);
        await writes.prepare();
        return { name, store, writes };
      }),
    );
    try {
      for (let run = 0; run < KILLED_RUNS; run += 1) {
        const { name, store, writes } = databases[run % DATABASES]!;
        const before = writes.outcomes.length;

        // A burst: every kind in a lane of its own, one write after another, until the server is killed.
        let killed = false;
        const lanes = WRITE_KINDS.map(async (kind) => {
          while (!killed) if (!(await writes.perform(kind)).ok) return;
        });
        await sleep(5 + random() * 100);
        killed = true;
        await server.kill();
        // Half the runs bring the server back at once, while the writers cut off are still undoing; the
        // others once every writer has given up (their undos wait for the next recovery).
        const restartAtOnce = random() < 0.5;
        if (restartAtOnce) await server.start();
        await Promise.all(lanes);
        if (!restartAtOnce) await server.start();

        for (const outcome of writes.outcomes.slice(before)) {
          if (outcome.ok) completed[outcome.kind] += 1;
          else if (!(outcome.error instanceof StoreUnavailableError)) throw new Error(`run ${run}: ${outcome.kind} failed with ${String(outcome.error)}`);
          else if (outcome.error.interruptedWrite) cut[outcome.kind] += 1;
        }

        // Recovery past the lease and its grace: in every other run first by a process started afresh (it
        // finds the intents left behind), then by the process that was writing (its undos too).
        skew += 2 * LEASE_MS + 1;
        if (run % 2 === 1) {
          const restarted = await onceAnswering(() => MongoStore.connect(server.uri, name, options));
          await onceAnswering(() => restarted.recoverWrites());
          await restarted.close();
        }
        await onceAnswering(() => store.recoverWrites());
        let problems = await onceAnswering(() => writes.violations());
        // The store's own periodic sweep may have claimed an intent meanwhile (and been cut off by the
        // kill, or still be at it): a claim holds for a lease and a grace more, so recovery runs again then.
        for (let round = 0; round < 2 && problems.length > 0; round += 1) {
          skew += 2 * LEASE_MS + 1;
          sweptAgain += 1;
          await onceAnswering(() => store.recoverWrites());
          problems = await onceAnswering(() => writes.violations());
        }
        if (problems.length > 0) throw new Error(`run ${run}: ${problems.join('; ')}`);
      }
    } finally {
      for (const { store } of databases) await store.close();
    }
    process.stderr.write(
      `[interrupted writes] FerretDB killed ${KILLED_RUNS} times: writes cut off inside writeAll and recovered, by kind: ${JSON.stringify(cut)}; writes completed: ${JSON.stringify(completed)}; recovery run again after a lease in ${sweptAgain} runs\n`,
    );
    for (const kind of WRITE_KINDS) expect({ kind, cut: cut[kind] > 0 }).toEqual({ kind, cut: true });
  }, 180_000);
});

describe('a change cut off by the database, through the gateway (guilds on the embedded store, the database failing after the k-th operation)', () => {
  const UNION = 'guilds:fars-union-008';
  const eligible = [
    ...new Set(
      guildsDemoData()
        .guildUnits.filter((u) => u.unionId === UNION && u.status === 'ACTIVE')
        .map((u) => u.ownerNationalCode),
    ),
  ].sort();
  const candidates = eligible.slice(0, 3);
  const voters = eligible.slice(3);
  const WRITE_CUT =
    /^The guilds registry's database went away while this change was being written, so it was not made \(anything already written is rolled back\); try again shortly\.$/;
  const READ_CUT = /^The guilds registry's database cannot be reached at the moment; try again shortly\.$/;
  const OUTCOME_UNKNOWN = /^The guilds registry's database went away just as this change was being completed, so whether it was made is not known/;
  let graph: TestGraph;
  let guilds: FaultyStore;
  let database: MemoryStore;
  let now = Date.now();
  let admin: string;
  let electionId: string;

  beforeAll(async () => {
    graph = await startTestGraph(async (key) => {
      if (key !== 'guilds') return new MemoryStore();
      database = new MemoryStore();
      guilds = new FaultyStore(database, () => 0.5, { leaseMs: LEASE_MS, clock: () => new Date(now) });
      return guilds;
    });
    admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
    await renewDemoLicences(graph, admin, [UNION]);
    const opensAt = new Date(Date.now() - 60_000).toISOString();
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await graph.query<{ createGuildElection: { id: string } }>(
      `mutation C($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { id } }`,
      { input: { unionId: UNION, seats: 2, opensAt, closesAt, candidateNationalCodes: candidates } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    electionId = created.data!.createGuildElection.id;
  });
  afterAll(async () => {
    await graph?.stop();
  });

  /**
   * Sends `send` with the database going away after `k` more operations; then the database comes back.
   * The gateway's own reads after the last change (its lists of who the registry holds) are let finish
   * first (the operations stop moving for 60 ms, at most 50 looks), so that the k-th operation is the change's.
   */
  async function cutAfter<T>(k: number, send: () => Promise<T>): Promise<T> {
    for (let looks = 0, seen = -1, still = 0; looks < 50 && still < 3; looks++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      still = guilds.operations === seen ? still + 1 : 0;
      seen = guilds.operations;
    }
    guilds.failAfter = guilds.operations + k;
    try {
      return await send();
    } finally {
      guilds.heal();
    }
  }

  it('answers DATABASE_UNAVAILABLE (or WRITE_OUTCOME_UNKNOWN when only the commit went unanswered) in words a person can act on, and lets the voter vote, and the owner register, again at once', async () => {
    const CAST = `mutation V($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }`;
    const REGISTER = `mutation R($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber } }`;
    const messages = new Set<string>();
    const refusal = (errors: { message: string; extensions?: Record<string, unknown> }[] | undefined) => {
      if (!errors) return undefined;
      expect(errors).toHaveLength(1);
      const unknown = errors[0]!.extensions?.code === 'WRITE_OUTCOME_UNKNOWN';
      expect(errors[0]!.extensions?.code).toBe(unknown ? 'WRITE_OUTCOME_UNKNOWN' : 'DATABASE_UNAVAILABLE');
      expect(errors[0]!.message).toMatch(unknown ? OUTCOME_UNKNOWN : new RegExp(`${WRITE_CUT.source}|${READ_CUT.source}`));
      messages.add(errors[0]!.message);
      return errors[0];
    };
    /** Sent again: accepted, or, when the first's outcome was unknown, refused as made already (it was made). */
    const expectAgain = (first: { message: string }, again: { errors?: { message: string; extensions?: Record<string, unknown> }[] }, madeAlready: string) => {
      if (OUTCOME_UNKNOWN.test(first.message) && again.errors) expect(again.errors.map((e) => e.extensions?.code)).toEqual([madeAlready]);
      else expect(again.errors).toBeUndefined();
    };
    let castCut = 0;
    for (const [k, voter] of voters.entries()) {
      const token = await testToken([], { subject: voter });
      const input = { electionId, choices: [candidates[k % 3]] };
      const first = await cutAfter(k, () => graph.query(CAST, { input }, token));
      const refused = refusal(first.errors);
      if (!refused) continue;
      if (WRITE_CUT.test(refused.message) || OUTCOME_UNKNOWN.test(refused.message)) castCut += 1;
      expectAgain(refused, await graph.query(CAST, { input }, token), 'ALREADY_VOTED');
    }
    let registrationsCut = 0;
    const owners: string[] = [];
    for (let k = 0; k < 12; k += 1) {
      // Twelve different owners (nine digits and the check digit): a slice once made ten of them one person, whom the embedded store counted ten times.
      const owner = withIranianCheckDigit(`0099000${String(k).padStart(2, '0')}`);
      owners.push(owner);
      const input = {
        licenceNumber: `71-008-99${k}`,
        name: 'نانوایی',
        activity: 'نانوایی',
        unionId: UNION,
        ownerNationalCode: owner,
        ownerFullName: 'مالک تازه',
        issuedOn: '2025-01-01',
        validUntil: '2030-01-01',
      };
      const first = await cutAfter(k, () => graph.query(REGISTER, { input }, admin));
      const refused = refusal(first.errors);
      if (!refused) continue;
      if (WRITE_CUT.test(refused.message) || OUTCOME_UNKNOWN.test(refused.message)) registrationsCut += 1;
      expectAgain(refused, await graph.query(REGISTER, { input }, admin), 'BAD_USER_INPUT');
    }
    expect({ castCut: castCut > 0, registrationsCut: registrationsCut > 0, readCut: [...messages].some((m) => READ_CUT.test(m)) }).toEqual({
      castCut: true,
      registrationsCut: true,
      readCut: true,
    });

    // After the lease and its grace, nothing is left of the writes cut off: one voter record per ballot, every owner with a unit.
    now += 2 * LEASE_MS + 1;
    await guilds.recoverWrites();
    const count = (collection: string, filter: Record<string, unknown>) => database.collection(collection).count(filter);
    expect({
      intents: await count(INTENTS_COLLECTION, {}),
      voters: await count('election_voters', { electionId }),
      ballots: await count('election_ballots', { electionId, filled: 1 }),
      owners: await count('people', { _id: { $in: owners } }),
      units: await count('guildUnits', { ownerNationalCode: { $in: owners } }),
    }).toEqual({ intents: 0, voters: voters.length, ballots: voters.length, owners: owners.length, units: owners.length });
  });
});
