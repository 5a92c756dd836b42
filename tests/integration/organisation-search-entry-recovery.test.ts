import { ORGANISATION_EVENTS, organisationEvent } from '../../shared/registry/organisation-events';
import { SEARCH_COLLECTION, SEARCH_PENDING_COLLECTION, SearchEntryDocument } from '../../shared/search/documents';
import { SEARCH_SOURCES, searchEntry } from '../../shared/search/sources';
import { prepareStore } from '../../shared/server/run';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument, StoreUnavailableError } from '../../shared/store/port';
import { guildsSubgraph } from '../../subgraphs/guilds';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { FaultyStore } from '../support/faulty-store';

/**
 * Found by the integrity audit of 2026-12-07 (audit-u): the organisation mutations (create, rename,
 * move, close) write through `writeOrganisation`, which wrote the search entry after the change with
 * no marker (`SearchIndex.indexedWrite`): a database gone, or a process stopped, between the
 * change's commit and its entry left the entry of the name before, and the next start did not repair
 * it (the kind's count of entries still matched its records). The organisation, renamed and told so,
 * was found by its old name and not by its new one, for good. search-index-recovery.test.ts renamed
 * through `replaceOrganisation`, which no mutation uses.
 */

const LEASE_MS = 1_000;
const PAST_GRACE = 2 * LEASE_MS + 1;
const ORGANISATION = 'guilds:fars-union-004';

async function staleOrganisationEntries(store: MemoryStore): Promise<string[]> {
  const source = SEARCH_SOURCES.find((candidate) => candidate.collection === 'organisations')!;
  const entries = new Map((await store.collection<SearchEntryDocument>(SEARCH_COLLECTION).find({ kind: source.kind })).map((entry) => [entry._id, entry]));
  const problems: string[] = [];
  for (const record of await store.collection<StoredDocument>(source.collection).find({})) {
    const expected = searchEntry(source, record);
    const entry = entries.get(expected._id);
    if (!entry) problems.push(`${expected._id}: no entry`);
    else if (entry.title !== expected.title) problems.push(`${expected._id}: entry "${entry.title}", record "${expected.title}"`);
  }
  return problems;
}

describe("an organisation's search entry after its mutation's write is cut off", () => {
  it('matches the organisation after the next start, wherever the database went away', async () => {
    const store = new MemoryStore();
    await prepareStore(guildsSubgraph.create(store), { seedDemoData: true });
    let reachedTheEntry = false;
    for (let failAfter = 0; !reachedTheEntry; failAfter += 1) {
      let now = Date.parse('2026-12-07T08:00:00Z');
      const faulty = new FaultyStore(store, () => 0.5, { leaseMs: LEASE_MS, clock: () => new Date(now) });
      faulty.failAfter = failAfter;
      const [previous] = await new GuildsRepository(store).findOrganisations([ORGANISATION]);
      const next = { ...previous!, name: `اتحادیه صنف قنادان ${failAfter}` };
      try {
        await new GuildsRepository(faulty).writeOrganisation({ previous: previous!, next }, [
          organisationEvent(ORGANISATION_EVENTS.renamed, next, { previousName: previous!.name }),
        ]);
        // Told made: the cut came after every operation, so the last run has been made.
        reachedTheEntry = faulty.operations <= failAfter;
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
      }
      // The process is gone; a new one starts on the same database.
      faulty.heal();
      now += PAST_GRACE;
      await faulty.recoverWrites();
      await new GuildsRepository(store).searchIndex.sync();
      expect({ failAfter, problems: await staleOrganisationEntries(store) }).toEqual({ failAfter, problems: [] });
      expect(await store.collection(SEARCH_PENDING_COLLECTION).count({})).toBe(0);
    }
  });
});
