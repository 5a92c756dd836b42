import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterGuildUnitInput!) {
    registerGuildUnit(input: $input) { licenceNumber status chamber { id } owner { nationalCode registries } }
  }
`;
const OWNER = /* GraphQL */ `
  query Owner($code: String!) { person(nationalCode: $code) { registries guilds { fullName guildUnits { licenceNumber } } } }
`;

const unit = (licenceNumber: string, ownerNationalCode: string, ownerFullName?: string) => ({
  licenceNumber,
  name: 'نانوایی سنگکی نمونه',
  activity: 'نان سنگک',
  unionId: 'guilds:fars-union-003',
  ownerNationalCode,
  ...(ownerFullName ? { ownerFullName } : {}),
  issuedOn: '1404-01-15',
  validUntil: '1409-01-14',
});

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`registering a guild unit and its new owner together, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    /** Writing to the guilds registry needs guilds:admin; the answer's owner { nationalCode } needs personal:read. */
    let admin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('writes the unit and its new owner, visible across the graph', async () => {
      const { data, errors } = await graph.query(REGISTER, { input: unit('71-003-90001', '0019876505', 'مریم نوری') }, admin);
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        registerGuildUnit: {
          licenceNumber: '71-003-90001',
          status: 'ACTIVE',
          chamber: { id: 'guilds:fars-chamber' },
          owner: { nationalCode: '0019876505', registries: ['GUILDS'] },
        },
      });
      const owner = await graph.query(OWNER, { code: '0019876505' }, admin);
      expect(owner.data).toEqual({ person: { registries: ['GUILDS'], guilds: { fullName: 'مریم نوری', guildUnits: [{ licenceNumber: '71-003-90001' }] } } });
    });

    it('refuses a licence number already registered, naming the field, and writes neither document', async () => {
      const newcomer = withIranianCheckDigit('006123460');
      const { data, errors } = await graph.query(REGISTER, { input: unit('71-003-90001', newcomer, 'کاوه یزدانی') }, admin);
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/licenceNumber: 71-003-90001 is already registered/);
      expect((await graph.query(OWNER, { code: newcomer }, admin)).data).toEqual({ person: { registries: [], guilds: null } });
    });

    it('stores a licence number in one spelling, and refuses it again in another (letter case, dashes, digits)', async () => {
      const { data } = await graph.query<{ registerGuildUnit: { licenceNumber: string } }>(REGISTER, { input: unit('fa-003-90002', '0019876505') }, admin);
      expect(data?.registerGuildUnit.licenceNumber).toBe('FA-003-90002');
      for (const spelling of ['FA-003-90002', 'Fa‐003‐90002', 'ＦＡ-００３-９０００２']) {
        const { errors } = await graph.query(REGISTER, { input: unit(spelling, '0019876505') }, admin);
        expect(errors?.[0]?.message).toMatch(/licenceNumber: FA-003-90002 is already registered/);
      }
    });

    it('reports every problem of a bad registration at once and writes nothing', async () => {
      const before = (await graph.query<{ guildsMembers: { totalCount: number } }>('{ guildsMembers { totalCount } }')).data!.guildsMembers.totalCount;
      const { errors } = await graph.query(
        REGISTER,
        {
          input: { ...unit('x', '0061234601'), unionId: 'guilds:fars-chamber', issuedOn: '1405-01-01', validUntil: '1404-01-01' },
        },
        admin,
      );
      const message = errors?.[0]?.message ?? '';
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      for (const field of ['licenceNumber', 'validUntil', 'unionId', 'ownerNationalCode']) expect(message).toContain(`${field}:`);
      const after = (await graph.query<{ guildsMembers: { totalCount: number } }>('{ guildsMembers { totalCount } }')).data!.guildsMembers.totalCount;
      expect(after).toBe(before);
    });

    it('lets exactly one of many simultaneous registrations of one licence number through, leaving no stray owners', async () => {
      const owners = ['006123461', '006123462', '006123463', '006123464', '006123465', '006123466'].map(withIranianCheckDigit);
      const results = await Promise.all(owners.map((code, i) => graph.query(REGISTER, { input: unit('71-003-90002', code, `مالک ${i + 1}`) }, admin)));
      const accepted = results.filter((r) => !r.errors);
      expect(accepted).toHaveLength(1);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(refused.errors?.[0]?.message).toMatch(/licenceNumber/);
      }
      const registered = await Promise.all(owners.map((code) => graph.query<{ person: { registries: string[] } }>(OWNER, { code }, admin)));
      expect(registered.filter((r) => r.data!.person.registries.includes('GUILDS'))).toHaveLength(1);
    });

    it('registers a unit to an owner already in the registry without touching their record', async () => {
      const owner = SEED_PEOPLE.dabiri.nationalCode;
      const { errors } = await graph.query(REGISTER, { input: unit('71-003-90003', owner, 'نام دیگر') }, admin);
      expect(errors).toBeUndefined();
      const { data } = await graph.query<{ person: { guilds: { fullName: string; guildUnits: { licenceNumber: string }[] } } }>(OWNER, { code: owner }, admin);
      expect(data!.person.guilds.fullName).toBe(SEED_PEOPLE.dabiri.fullName);
      expect(data!.person.guilds.guildUnits.map((u) => u.licenceNumber)).toContain('71-003-90003');
    });
  });
}
