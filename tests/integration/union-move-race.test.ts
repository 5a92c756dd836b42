import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { MemoryStore } from '../../shared/store/memory-store';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { BoardTermDocument, ELECTION_COLLECTIONS, ElectionDocument } from '../../subgraphs/guilds/elections/documents';
import { electedCodes } from '../../subgraphs/guilds/elections/tally';
import { testToken } from '../support/auth';
import { TestGraph } from '../support/graph';
import { InterleavingStore, startInterleavedGraph } from '../support/interleaving-store';

/**
 * Found by the integrity audit of 2026-12-07 (races in the daily work): a guild unit keeps its
 * union's chamber (`chamberId`), and a union's move rewrites its units' copies in its own write. A
 * unit registered while the union moved was checked with the union as it stood before: its guard saw
 * the union changed, found it still open, and wrote the unit with the old chamber, which the move
 * had not carried along. The union then counted under one chamber and its new unit under another.
 */

const UNION = 'guilds:fars-union-003';
const OWNER = guildsDemoData().guildUnits[0]!.ownerNationalCode;
const REGISTER = 'mutation R($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber chamber { id } } }';
const MOVE = 'mutation M($input: MoveOrganisationInput!) { moveGuildsOrganisation(input: $input) { id } }';
const INSTALL = 'mutation I($input: InstallGuildUnionBoardInput!) { installGuildUnionBoard(input: $input) { id } }';

describe('a guild unit registered while its union moves to another chamber', () => {
  let graph: TestGraph;
  let interleaved: InterleavingStore;
  let admin: string;
  const stores = new Map<string, MemoryStore>();

  beforeAll(async () => {
    ({ graph, interleaved } = await startInterleavedGraph('guilds', async (key) => {
      const store = new MemoryStore();
      stores.set(key, store);
      return store;
    }));
    admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
    const chamber = await graph.query(
      'mutation { createGuildsOrganisation(input: { id: "guilds:moved-to-chamber", name: "Chamber moved to", kind: CHAMBER_OF_GUILDS }) { id } }',
      {},
      admin,
    );
    expect(chamber.errors).toBeUndefined();
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('is kept in the chamber the union is in, or refused; never left in the one it left', async () => {
    // Checked with the union in its chamber; just before the unit is written, the union moves.
    interleaved.beforeNextWriteOf('guildUnits', async () => {
      const moved = await graph.query(MOVE, { input: { id: UNION, parentId: 'guilds:moved-to-chamber' } }, admin);
      expect(moved.errors).toBeUndefined();
    });
    const registered = await graph.query(
      REGISTER,
      { input: { licenceNumber: 'MV-003-1', name: 'نانوایی', activity: 'نان سنگک', unionId: UNION, ownerNationalCode: OWNER, issuedOn: '1404-01-15', validUntil: '1409-01-14' } },
      admin,
    );
    const [unit] = await stores.get('guilds')!.collection<{ _id: string; chamberId: string }>('guildUnits').find({ _id: 'MV-003-1' });
    if (registered.errors) expect(unit).toBeUndefined();
    else expect(unit?.chamberId).toBe('guilds:moved-to-chamber');
  });

  // A board term keeps the chamber too, copied from its election: a union's first board installed
  // while the union moved was written with the chamber the move had just rewritten in the election
  // (audit, 2026-12-07).
  it("installs a union's first board in the chamber the union is in, or refuses it; never in the one it left", async () => {
    const store = stores.get('guilds')!;
    const elections = await store.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({});
    const election = elections.find((candidate) => candidate.result && candidate.unionId !== UNION)!;
    const termId = election._id.replace(/^guilds:election-/, 'guilds:board-');
    // The union's board is taken out, so this one is its first (a board in office, ended by the install, would conflict with the move).
    await store.collection<BoardTermDocument>(ELECTION_COLLECTIONS.boardTerms).deleteMany({ unionId: election.unionId });
    await store.collection(ELECTION_COLLECTIONS.boardSeats).deleteMany({ unionId: election.unionId });
    const seats = electedCodes(election.result!).map((nationalCode, i) => ({ nationalCode, position: i === 0 ? 'CHAIR' : 'BOARD_MEMBER' }));
    interleaved.beforeNextWriteOf(ELECTION_COLLECTIONS.boardTerms, async () => {
      const moved = await graph.query(MOVE, { input: { id: election.unionId, parentId: 'guilds:moved-to-chamber' } }, admin);
      expect(moved.errors).toBeUndefined();
    });
    const installed = await graph.query(INSTALL, { input: { electionId: election._id, seats } }, admin);
    const [term] = await store.collection<BoardTermDocument>(ELECTION_COLLECTIONS.boardTerms).find({ _id: termId });
    if (installed.errors) {
      expect(installed.errors[0]?.extensions).toMatchObject({ code: 'WRITE_CONFLICT' });
      expect(term).toBeUndefined();
    } else expect(term?.chamberId).toBe('guilds:moved-to-chamber');
  });
});
