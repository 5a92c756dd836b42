import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { MemoryStore } from '../../shared/store/memory-store';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
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
});
