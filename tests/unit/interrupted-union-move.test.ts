import { seededRandom } from '../../shared/demo/builders';
import { OrganisationDocument } from '../../shared/registry/documents';
import { moveOrganisation, OrganisationContext } from '../../shared/registry/organisations';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoreUnavailableError } from '../../shared/store/port';
import { nameSortKey } from '../../shared/text/collation';
import { searchKey } from '../../shared/text/normalize';
import { GuildUnitDocument } from '../../subgraphs/guilds/documents';
import { BoardTermDocument, ElectionDocument, ELECTION_COLLECTIONS } from '../../subgraphs/guilds/elections/documents';
import { ElectionsRepository } from '../../subgraphs/guilds/elections/repository';
import { createGuildsLoaders } from '../../subgraphs/guilds/loaders';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { chamberCopiesFollowingMove } from '../../subgraphs/guilds/union-moves';
import { FaultyStore } from '../support/faulty-store';

/**
 * A union's move to another chamber and its records' copies of the chamber (guild units,
 * elections, board terms) are one all-or-nothing write: cut off by a database that goes away after
 * any operation, then recovered, the union and every copy stand under the old chamber or all under
 * the new one, never half.
 */

const LEASE_MS = 1_000;
const OLD = 'guilds:old-chamber';
const NEW = 'guilds:new-chamber';
const UNION = 'guilds:moving-union';
const DAY = new Date('2026-03-01T00:00:00Z');

const organisation = (id: string, name: string, kind: string, parentId?: string): OrganisationDocument => ({
  _id: id,
  name,
  nameKey: searchKey(name),
  sortKey: nameSortKey(name, id),
  kind,
  status: 'OPEN',
  ...(parentId ? { parentId } : {}),
});
const unit = (n: number): GuildUnitDocument => ({
  _id: `MV-${n}`,
  ownerNationalCode: `000000000${n}`,
  name: `واحد ${n}`,
  activity: 'نانوایی',
  unionId: UNION,
  chamberId: OLD,
  status: 'ACTIVE',
  issuedOn: DAY,
  validUntil: DAY,
});
const election: ElectionDocument = {
  _id: 'guilds:election-moving-union-2026-03-01',
  unionId: UNION,
  chamberId: OLD,
  title: 'انتخابات',
  seats: 3,
  opensAt: DAY,
  closesAt: DAY,
  endsAt: DAY,
  supervisorNationalCodes: [],
  electronic: true,
  createdAt: DAY,
};

async function prepared(store: FaultyStore) {
  const repository = new GuildsRepository(store);
  const elections = new ElectionsRepository(store);
  await store
    .collection('organisations')
    .upsertMany([organisation(OLD, 'اتاق قدیم', 'CHAMBER_OF_GUILDS'), organisation(NEW, 'اتاق جدید', 'CHAMBER_OF_GUILDS'), organisation(UNION, 'اتحادیه', 'GUILD_UNION', OLD)]);
  await store.collection('guildUnits').upsertMany([1, 2, 3].map(unit));
  await store.collection(ELECTION_COLLECTIONS.elections).upsertMany([election]);
  await store
    .collection<BoardTermDocument>(ELECTION_COLLECTIONS.boardTerms)
    .upsertMany([{ _id: 'guilds:term-1', unionId: UNION, chamberId: OLD, electionId: election._id, startsOn: DAY, installedAt: DAY }]);
  const context = (): OrganisationContext => ({
    repository,
    loaders: createGuildsLoaders(repository),
    organisationHooks: { moved: (previous, next) => chamberCopiesFollowingMove({ repository, elections }, previous, next) },
  });
  return { context };
}

/** Where the union and each copy of its chamber stand. */
async function chambers(store: FaultyStore): Promise<string[]> {
  const [union] = await store.collection<OrganisationDocument>('organisations').find({ _id: UNION });
  const copies = await Promise.all(
    ['guildUnits', ELECTION_COLLECTIONS.elections, ELECTION_COLLECTIONS.boardTerms].map((name) =>
      store.collection<{ _id: string; chamberId: string }>(name).find({ unionId: UNION }),
    ),
  );
  return [union!.parentId!, ...copies.flat().map((copy) => copy.chamberId)];
}

describe('a union moved to another chamber while the database goes away (embedded store, fault injected)', () => {
  it('leaves the union and its units, elections and board terms all under the old chamber or all under the new one, after any operation', async () => {
    const random = seededRandom(20261204);
    let moved = 0;
    let kept = 0;
    for (let k = 0; k < 200; k += 1) {
      let now = Date.parse('2026-03-01T08:00:00Z');
      const store = new FaultyStore(new MemoryStore(), random, { leaseMs: LEASE_MS, clock: () => new Date(now) });
      const { context } = await prepared(store);
      store.operations = 0;
      store.failAfter = k;
      const outcome = await moveOrganisation('guilds', undefined, { id: UNION, parentId: NEW }, context()).then(
        () => 'done',
        (error: unknown) => {
          if (!(error instanceof StoreUnavailableError)) throw error;
          return 'cut';
        },
      );
      store.heal();
      now += 2 * LEASE_MS + 1;
      await store.recoverWrites();
      const where = await chambers(store);
      expect(where).toHaveLength(6);
      expect({ k, same: new Set(where).size }).toEqual({ k, same: 1 });
      if (where[0] === NEW) moved += 1;
      else kept += 1;
      if (outcome === 'done') break;
    }
    // The sweep cut the move at every step, some before its write, some within it, until it went through.
    expect(kept).toBeGreaterThan(3);
    expect(moved).toBeGreaterThanOrEqual(1);
  });
});
