import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';
import { testToken } from '../support/auth';
import { KilledWriter } from '../support/killed-writer';
import { FaultyStore } from '../support/faulty-store';
import { startTestGraph, TestGraph } from '../support/graph';
import { InterleavingStore } from '../support/interleaving-store';

/**
 * Found by the integrity audit of 2026-12-07 (races in the daily work), on a server without
 * transactions (FerretDB: the write journal). Twenty registerGuildUnit naming one new owner sent at
 * once, half of them for one licence number: the requests whose new owner clashed with another's
 * registered the unit again without the owner, and (1) when that licence number had been taken
 * meanwhile the store's DuplicateKeyError went out as INTERNAL_SERVER_ERROR (2 to 5 a round), and
 * (2) the unit was written under an owner record another write had inserted and not committed: when
 * that write is undone (its unit refused, its process killed), the unit stays with an owner the
 * registry does not hold. A unit's owner is now a guarded parent, like a committee's.
 */

const REGISTER = 'mutation R($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber } }';

const unit = (licenceNumber: string, ownerNationalCode: string) => ({
  licenceNumber,
  name: 'نانوایی سنگکی نمونه',
  activity: 'نان سنگک',
  unionId: 'guilds:fars-union-003',
  ownerNationalCode,
  ownerFullName: 'مالک آزمون',
  issuedOn: '1404-01-15',
  validUntil: '1409-01-14',
});

/** An owner's record as registerGuildUnit writes it. */
const ownerRecord = (nationalCode: string): StoredDocument =>
  ({ _id: nationalCode, fullName: 'مالک دیگر', nameKey: 'مالکدیگر', sortKey: `x#${nationalCode}`, updatedAt: new Date(), standing: 'MEMBER' }) as StoredDocument;

describe('a guild unit whose new owner another registration is adding at the same moment', () => {
  let graph: TestGraph;
  let admin: string;
  let interleaved: InterleavingStore;
  const backing = new MemoryStore();

  beforeAll(async () => {
    // Guilds writes as on a server without transactions (the write journal, as on FerretDB), over a store the test can read and steer.
    graph = await startTestGraph(async (key) => {
      if (key !== 'guilds') return new MemoryStore();
      interleaved = new InterleavingStore(new FaultyStore(backing, Math.random, { leaseMs: 30_000, clock: () => new Date() }));
      return interleaved;
    });
    admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('is refused with WRITE_CONFLICT while the owner record is uncommitted, and left unwritten', async () => {
    const owner = withIranianCheckDigit('007123471');
    // Another registration of this owner, its process killed after the owner's record went in and before its unit did.
    void new KilledWriter(backing, 'guildUnits').writeAll([
      { collection: 'people', kind: 'insert', document: ownerRecord(owner) },
      { collection: 'guildUnits', kind: 'insert', document: { _id: 'KW-003-1' } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await backing.collection('people').count({ _id: owner })).toBe(1);

    const { errors } = await graph.query(REGISTER, { input: unit('KW-003-2', owner) }, admin);
    expect(errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    expect(errors?.[0]?.message).toMatch(new RegExp(`^The owner ${owner} was changed by another request`));
    // Recovery will remove the owner's record: no unit may be left naming them.
    expect(await backing.collection('guildUnits').count({ _id: 'KW-003-2' })).toBe(0);
  });

  it('is refused with WRITE_CONFLICT when the owner it clashed with is not committed yet', async () => {
    const owner = withIranianCheckDigit('007123472');
    // Checked with no such owner; just before its write, another registration's killed process inserts them.
    interleaved.beforeNextWriteOf('guildUnits', async () => {
      void new KilledWriter(backing, 'guildUnits').writeAll([
        { collection: 'people', kind: 'insert', document: ownerRecord(owner) },
        { collection: 'guildUnits', kind: 'insert', document: { _id: 'KW-003-3' } },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const { errors } = await graph.query(REGISTER, { input: unit('KW-003-4', owner) }, admin);
    expect(errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    expect(await backing.collection('guildUnits').count({ _id: 'KW-003-4' })).toBe(0);
  });

  it('refuses a licence number taken while it registered the unit to the owner added meanwhile, naming the field', async () => {
    const owner = withIranianCheckDigit('007123473');
    // Checked with neither the owner nor the number there; just before its write, another registration adds both, committed.
    interleaved.beforeNextWriteOf('guildUnits', async () => {
      await backing.collection('people').insertOne(ownerRecord(owner));
      const [template] = await backing.collection<StoredDocument>('guildUnits').find({}, { limit: 1 });
      await backing.collection('guildUnits').insertOne({ ...template!, _id: 'KW-003-5', ownerNationalCode: owner } as StoredDocument);
    });
    const { errors } = await graph.query(REGISTER, { input: unit('KW-003-5', owner) }, admin);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/licenceNumber: KW-003-5 is already registered/);
  });
});
