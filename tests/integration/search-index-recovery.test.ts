import { seededRandom } from '../../shared/demo/builders';
import { MeetingDocument } from '../../shared/governance/documents';
import { SEARCH_COLLECTION, SEARCH_PENDING_COLLECTION, SearchEntryDocument } from '../../shared/search/documents';
import { SEARCH_SOURCES, searchEntry } from '../../shared/search/sources';
import { prepareStore } from '../../shared/server/run';
import { Store, StoredDocument, StoreUnavailableError } from '../../shared/store/port';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { byDepth } from '../support/depth';
import { FaultyStore } from '../support/faulty-store';
import { openFresh, storesUnderTest } from '../support/stores';

/**
 * The search index after a writer stops between a record's write and its entry's: the database
 * goes away after a random operation of a change (fault injected, as in interrupted-writes.test.ts),
 * nothing of that process runs again, and a new process starts on the same database. After its
 * start-up (`recoverWrites`, then the search index's `sync`), every entry must be the entry of its
 * record as stored, and every record must have one.
 */

const LEASE_MS = 1_000;
const PAST_GRACE = 2 * LEASE_MS + 1;

/** Each record kind's entries compared with its records: the differences, as text. */
async function mismatches(store: Store): Promise<string[]> {
  const problems: string[] = [];
  const entries = new Map((await store.collection<SearchEntryDocument>(SEARCH_COLLECTION).find({})).map((entry) => [entry._id, entry]));
  for (const source of SEARCH_SOURCES) {
    for (const record of await store.collection<StoredDocument>(source.collection).find({})) {
      const expected = searchEntry(source, record);
      const entry = entries.get(expected._id);
      entries.delete(expected._id);
      if (!entry) problems.push(`${expected._id}: no entry`);
      else if (entry.title !== expected.title || JSON.stringify(entry.texts) !== JSON.stringify(expected.texts) || JSON.stringify(entry.terms) !== JSON.stringify(expected.terms)) {
        problems.push(`${expected._id}: entry "${entry.title}", record "${expected.title}"`);
      }
    }
  }
  for (const id of entries.keys()) problems.push(`${id}: an entry without its record`);
  return problems;
}

/** A change: `read` reads what it changes (before the database goes away), `write` writes it through the failing store. */
type Change = (read: GuildsRepository, write: GuildsRepository, run: number) => Promise<void>;

const firstPerson = async (repository: GuildsRepository): Promise<string> => (await repository.memberCodes(null, 1))[0]!;

/** The changes whose records the search index follows, each read first as a request would. */
const CHANGES: [string, Change][] = [
  [
    'a person renamed',
    async (read, write, run) => {
      const [previous] = await read.findPeople([await firstPerson(read)]);
      await write.replacePerson(previous!, { ...previous!, fullName: `محمد رضایی ${run}` });
    },
  ],
  [
    'an organisation renamed',
    async (read, write, run) => {
      const [previous] = await read.findOrganisations(['guilds:fars-union-003']);
      await write.replaceOrganisation(previous!, { ...previous!, name: `اتحادیه صنف نانوایان ${run}` });
    },
  ],
  [
    'a person added',
    async (read, write, run) => {
      const [model] = await read.findPeople([await firstPerson(read)]);
      await write.savePerson({ ...model!, _id: `99${String(run).padStart(8, '0')}`, fullName: `زهرا کریمی ${run}` });
    },
  ],
  [
    'a meeting planned',
    async (_, write, run) => {
      const meeting = { _id: `guilds:recovery-meeting-${run}`, seriesId: 'guilds:recovery', number: run, status: 'PLANNED', agenda: [`دستور جلسه ${run}`], attendees: [] };
      await write.governance.planMeeting(meeting as unknown as MeetingDocument);
    },
  ],
];

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  const runs = candidate.name === 'embedded store' ? byDepth({ default: 40, deep: 120 }) : byDepth({ default: 8, deep: 24 });
  suite(
    `the search index after a change cut off between its record and its entry, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`,
    () => {
      it(`matches the records after the next start, over ${runs} runs cut after a random operation`, async () => {
        const fresh = await openFresh(candidate, 'search_recovery');
        const { store } = fresh;
        try {
          await prepareStore(guildsSubgraph.create(store), { seedDemoData: true });
          expect(await mismatches(store)).toEqual([]);
          const random = seededRandom(20261204);
          let staleBeforeStart = 0;
          for (let run = 0; run < runs; run += 1) {
            let now = Date.parse('2026-12-04T08:00:00Z');
            const faulty = new FaultyStore(store, random, { leaseMs: LEASE_MS, clock: () => new Date(now) });
            const [name, change] = CHANGES[run % CHANGES.length]!;
            faulty.failAfter = Math.floor(random() * 6);
            try {
              await change(new GuildsRepository(store), new GuildsRepository(faulty), run);
            } catch (error) {
              if (!(error instanceof StoreUnavailableError)) throw new Error(`run ${run} (${name}): ${String(error)}`, { cause: error });
            }
            if ((await mismatches(store)).length > 0) staleBeforeStart += 1;
            // The process is gone; a new one starts on the same database.
            faulty.heal();
            now += PAST_GRACE;
            await faulty.recoverWrites();
            await new GuildsRepository(store).searchIndex.sync();
            const problems = await mismatches(store);
            if (problems.length > 0) throw new Error(`run ${run} (${name}, database gone after operation ${faulty.failAfter}): ${problems.join('; ')}`);
            expect(await store.collection(SEARCH_PENDING_COLLECTION).count({})).toBe(0);
          }
          // The runs did cut changes between a record and its entry (else they proved nothing).
          expect(staleBeforeStart).toBeGreaterThan(runs / 20);
        } finally {
          await fresh.dispose();
        }
      }, 600_000);
    },
  );
}
