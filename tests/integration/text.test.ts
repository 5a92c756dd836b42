import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { searchKey } from '../../shared/text/normalize';
import { LabsRepository } from '../../subgraphs/labs/repository';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/** Issue #4, item 7 through the gateway: search in any spelling, Persian name order, dates in both calendars. */

const persian = new Intl.Collator('fa');

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}
type Named = { nationalCode?: string; id?: string; name: string };

const MEMBERS_BY_NAME = /* GraphQL */ `
  query Members($first: Int!, $after: String) {
    labsMembers(orderBy: NAME, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { nationalCode labs { fullName givenName familyName } }
    }
  }
`;
const ORGANISATIONS_BY_NAME = /* GraphQL */ `
  query Organisations($first: Int!, $after: String, $search: String) {
    guildsOrganisations(orderBy: NAME, first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id name }
    }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($search: String!) {
    labsMembers(search: $search) { nodes { nationalCode } }
    auditorsMembers(search: $search) { nodes { nationalCode } }
    engineeringMembers(search: $search) { nodes { nationalCode } }
    labsOrganisations(search: $search) { nodes { id } }
  }
`;
const UPSERT = /* GraphQL */ `
  mutation Upsert($input: UpsertLabsMemberInput!) { upsertLabsMember(input: $input) { fullName } }
`;
const ASSIGN = /* GraphQL */ `
  mutation Assign($input: AssignRoleInput!) {
    assignLabsRole(input: $input) { body since { iso jalali jalaliText } }
  }
`;
const ROLES = /* GraphQL */ `
  query Roles($code: String!) { person(nationalCode: $code) { labs { roles { body since { iso jalali jalaliText } } } } }
`;

interface MemberName {
  fullName: string;
  givenName: string | null;
  familyName: string | null;
}
/** What name order sorts a member by: the family name, then the given name, where known; else the name as entered. */
const nameInOrder = (name: MemberName): string => (name.familyName ? [name.familyName, name.givenName].filter(Boolean).join(' ') : name.fullName);

/** Every member of the labs registry in name order, `first` at a time, with the name each sorts by; `between` runs after the first page. */
async function allMembersByName(graph: TestGraph, token: string, first: number, between?: () => Promise<void>) {
  const names: { code: string; name: string }[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const response: { data?: { labsMembers: Page<{ nationalCode: string; labs: MemberName }> }; errors?: unknown } = await graph.query(MEMBERS_BY_NAME, { first, after }, token);
    expect(response.errors).toBeUndefined();
    const page = response.data!.labsMembers;
    names.push(...page.nodes.map((node) => ({ code: node.nationalCode, name: nameInOrder(node.labs) })));
    if (pages === 0 && between) await between();
    if (!page.pageInfo.hasNextPage) return names;
    after = page.pageInfo.endCursor;
  }
  throw new Error('more than 100 pages');
}

const expectPersianOrder = (names: string[]) => {
  const disagreements = names.slice(1).flatMap((name, i) => (persian.compare(names[i]!, name) > 0 ? [[names[i], name]] : []));
  expect(disagreements).toEqual([]);
};

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`Persian and Arabic text and dates through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let reader: string;
    let admin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      reader = await testToken([PERSONAL_READ_SCOPE]);
      admin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    describe('search by name finds a record whichever form was typed or stored', () => {
      const hajizadeh = SEED_PEOPLE.hajizadeh.nationalCode; // stored «سركار خانم مهندس حاجی زاده»: Arabic kaf, a space
      const tajik = SEED_PEOPLE.saeedTajik.nationalCode; // stored «سعید تاجیک»: Persian yeh and kaf
      const cases: [string, string, (data: Record<string, { nodes: { nationalCode?: string; id?: string }[] }>) => string[]][] = [
        ['Persian kaf typed, Arabic kaf stored', 'سرکار خانم', (d) => d.engineeringMembers!.nodes.map((n) => n.nationalCode!)],
        ['Arabic kaf typed, Persian kaf stored', 'تاجيك', (d) => d.auditorsMembers!.nodes.map((n) => n.nationalCode!)],
        ['Arabic yeh typed, Persian yeh stored', 'سعيد', (d) => d.labsMembers!.nodes.map((n) => n.nationalCode!)],
        ['zero-width non-joiner typed, space stored', 'حاجی‌زاده', (d) => d.engineeringMembers!.nodes.map((n) => n.nationalCode!)],
        ['no space typed, space stored', 'حاجیزاده', (d) => d.engineeringMembers!.nodes.map((n) => n.nationalCode!)],
        ['Arabic diacritics typed', 'سَعِید تاجِیک', (d) => d.auditorsMembers!.nodes.map((n) => n.nationalCode!)],
        ['no joiner typed, joiner stored', 'آزمایشگاههای همکار', (d) => d.labsOrganisations!.nodes.map((n) => n.id!)],
        ['Persian digits', 'تهران شماره ۹', (d) => d.labsOrganisations!.nodes.map((n) => n.id!)],
        ['Arabic-Indic digits', 'تهران شماره ٩', (d) => d.labsOrganisations!.nodes.map((n) => n.id!)],
        ['Latin digits', 'تهران شماره 9', (d) => d.labsOrganisations!.nodes.map((n) => n.id!)],
      ];
      const expected: Record<string, string> = {
        'سرکار خانم': hajizadeh,
        'تاجيك': tajik,
        'سعيد': tajik,
        'حاجی‌زاده': hajizadeh,
        'حاجیزاده': hajizadeh,
        'سَعِید تاجِیک': tajik,
        'آزمایشگاههای همکار': 'labs:association',
        'تهران شماره ۹': 'labs:lab-0009',
        'تهران شماره ٩': 'labs:lab-0009',
        'تهران شماره 9': 'labs:lab-0009',
      };

      it.each(cases)('%s: «%s»', async (_, search, found) => {
        const { data, errors } = await graph.query<Record<string, { nodes: { nationalCode?: string; id?: string }[] }>>(SEARCH, { search }, reader);
        expect(errors).toBeUndefined();
        expect(found(data!)).toContain(expected[search]);
      });

      it('the demo laboratory the digit searches find is named with Persian digits', async () => {
        const { data } = await graph.query<{ labsOrganisations: { nodes: { id: string; name: string }[] } }>('{ labsOrganisations(search: "شماره 9") { nodes { id name } } }');
        expect(data!.labsOrganisations.nodes).toContainEqual({ id: 'labs:lab-0009', name: expect.stringMatching(/تهران شماره ۹$/) });
      });
    });

    describe('lists in name order follow Persian collation, keyset-paginated', () => {
      it('pages through every labs member in Intl.Collator("fa") order, none twice, totalCount kept', async () => {
        const byCode = await graph.query<{ labsMembers: Page<unknown> }>('{ labsMembers(first: 1) { totalCount } }');
        const names = await allMembersByName(graph, reader, 7);
        expect(names).toHaveLength(byCode.data!.labsMembers.totalCount);
        expect(new Set(names.map((n) => n.code)).size).toBe(names.length);
        expectPersianOrder(names.map((n) => n.name));
        // Not code-point order: «آ» and «پ» are where Persian puts them.
        expect(names.map((n) => n.name)).not.toEqual(names.map((n) => n.name).sort());
      });

      it('orders organisations by name too, with a search, and refuses a cursor of the other order', async () => {
        const all: Named[] = [];
        let after: string | null = null;
        for (let pages = 0; pages < 50; pages += 1) {
          const response: { data?: { guildsOrganisations: Page<Named> }; errors?: unknown } = await graph.query(ORGANISATIONS_BY_NAME, { first: 6, after });
          expect(response.errors).toBeUndefined();
          all.push(...response.data!.guildsOrganisations.nodes);
          if (!response.data!.guildsOrganisations.pageInfo.hasNextPage) break;
          after = response.data!.guildsOrganisations.pageInfo.endCursor;
        }
        expect(all.length).toBeGreaterThan(12);
        expectPersianOrder(all.map((o) => o.name));
        const unions = await graph.query<{ guildsOrganisations: Page<Named> }>(ORGANISATIONS_BY_NAME, { first: 100, search: 'اتحاديه' });
        expect(unions.data!.guildsOrganisations.nodes.length).toBeGreaterThan(1);
        expectPersianOrder(unions.data!.guildsOrganisations.nodes.map((o) => o.name));

        const byId = await graph.query<{ guildsOrganisations: Page<Named> }>('{ guildsOrganisations(first: 2) { pageInfo { endCursor } } }');
        const mixed = await graph.query(ORGANISATIONS_BY_NAME, { first: 2, after: byId.data!.guildsOrganisations.pageInfo.endCursor });
        expect(mixed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      });

      it('is stable under inserts: a member added before the cursor is not seen, one after it is, no one twice', async () => {
        const before = await allMembersByName(graph, reader, 10);
        const early = { nationalCode: withIranianCheckDigit('006123470'), fullName: 'آ آبادی' };
        const late = { nationalCode: withIranianCheckDigit('006123471'), fullName: 'یگانه یزدی' };
        const seen = await allMembersByName(graph, reader, 10, async () => {
          for (const input of [early, late]) {
            const { errors } = await graph.query(UPSERT, { input }, admin);
            expect(errors).toBeUndefined();
          }
        });
        const codes = seen.map((n) => n.code);
        expect(new Set(codes).size).toBe(codes.length);
        expect(codes).not.toContain(early.nationalCode);
        expect(codes).toContain(late.nationalCode);
        expect(codes.filter((code) => code !== late.nationalCode)).toEqual(before.map((n) => n.code));
        const after = await allMembersByName(graph, reader, 10);
        expect(after[0]!.code).toBe(early.nationalCode);
        expectPersianOrder(after.map((n) => n.name));
      });
    });

    it('gives members stored before name order existed their sort key at start-up, so they list in place', async () => {
      const code = withIranianCheckDigit('006123472');
      await graph.stores.labs.collection('people').insertOne({ _id: code, fullName: 'پریسا پاکزاد', nameKey: searchKey('پریسا پاکزاد'), updatedAt: new Date() } as never);
      expect(await new LabsRepository(graph.stores.labs).addMissingSortKeys()).toBe(1);
      expect(await new LabsRepository(graph.stores.labs).addMissingSortKeys()).toBe(0);
      const names = await allMembersByName(graph, reader, 25);
      expect(names.map((n) => n.code)).toContain(code);
      expectPersianOrder(names.map((n) => n.name));
    });

    describe('dates are stored as instants and read in both calendars', () => {
      it("takes seed 001's ۳۱ خرداد ۱۳۹۱ as a role's start, stores 2012-06-20 00:00 UTC and reads it back in both calendars", async () => {
        const input = {
          nationalCode: SEED_PEOPLE.alirezaMohebali.nationalCode,
          organisationId: 'labs:association',
          body: 'کارگروه مشترک تحقیقاتی',
          bodyKind: 'WORKING_GROUP',
          position: 'CHAIR',
          since: '۳۱ خرداد ۱۳۹۱',
        };
        const expectedDay = { iso: '2012-06-20', jalali: '1391-03-31', jalaliText: '۳۱ خرداد ۱۳۹۱' };
        const assigned = await graph.query(ASSIGN, { input }, admin);
        expect(assigned.errors).toBeUndefined();
        expect(assigned.data).toEqual({ assignLabsRole: { body: input.body, since: expectedDay } });

        const read = await graph.query<{ person: { labs: { roles: { body: string; since: unknown }[] } } }>(ROLES, { code: input.nationalCode }, reader);
        expect(read.data!.person.labs.roles).toContainEqual({ body: input.body, since: expectedDay });

        const [stored] = await graph.stores.labs.collection<{ _id: string; since?: unknown }>('roles').find({ nationalCode: input.nationalCode, body: input.body });
        // A Date (the embedded store's copies come from another realm than the test's, so no instanceof).
        expect(Object.prototype.toString.call(stored!.since)).toBe('[object Date]');
        expect((stored!.since as Date).toISOString()).toBe('2012-06-20T00:00:00.000Z');
      });

      it('accepts the same day in Arabic-Indic digits with «ماه», and names the field when the month is unknown', async () => {
        const input = {
          nationalCode: SEED_PEOPLE.saeedTajik.nationalCode,
          organisationId: 'labs:association',
          body: 'کارگروه مشترک نظارتی',
          bodyKind: 'WORKING_GROUP',
          position: 'MEMBER',
          since: '٣١ خرداد ماه ١٣٩١',
        };
        const assigned = await graph.query<{ assignLabsRole: { since: { iso: string } } }>(ASSIGN, { input }, admin);
        expect(assigned.data!.assignLabsRole.since.iso).toBe('2012-06-20');

        const roles = graph.stores.labs.collection('roles');
        const count = await roles.count({});
        const refused = await graph.query(ASSIGN, { input: { ...input, body: 'کارگروه دیگر', since: '۳۱ خردادماه ۱۳۹۱' } }, admin);
        expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(refused.errors?.[0]?.extensions)).toContain('since');
        expect(await roles.count({})).toBe(count);
      });

      it('shows demo days in both calendars: the Fars union boards elected in 1399', async () => {
        const { data, errors } = await graph.query<{ guildsOrganisation: unknown }>(
          '{ guildsOrganisations(search: "اتحادیه", first: 100) { nodes { guilds { roles { since { iso jalali jalaliText } } } } } }',
        );
        expect(errors).toBeUndefined();
        const days = JSON.stringify(data);
        expect(days).toMatch(/"jalali":"1399-0\d-15","jalaliText":"۱۵ [^"]+ ۱۳۹۹"/);
      });

      it("writes the day out in Persian on the directory's fields too: seed 001's committees are due by the end of Shahrivar 1391", async () => {
        const { data, errors } = await graph.query<{ jointProjects: { nodes: { dueDate: { iso: string; jalaliText: string } | null }[] } }>(
          '{ jointProjects(registry: GUILDS, first: 100) { nodes { dueDate { iso jalaliText } } } }',
        );
        expect(errors).toBeUndefined();
        expect(data!.jointProjects.nodes.map((n) => n.dueDate)).toContainEqual({ iso: '2012-09-21', jalaliText: '۳۱ شهریور ۱۳۹۱' });
      });
    });

    describe('days the calendars cannot show are refused, and stored ones never break a read', () => {
      const REGISTER = /* GraphQL */ `
        mutation Register($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber validUntil { iso } } }
      `;
      const LICENCES = /* GraphQL */ `
        query Licences($unionId: ID!) {
          guildUnitLicences(unionId: $unionId, first: 100) { totalCount nodes { licenceNumber status issuedOn { iso jalali jalaliText } validUntil { iso jalali jalaliText } } }
        }
      `;
      const RANGE = /outside the days the registries take: 1821-03-21 to 2222-03-20, Solar Hijri 1200-01-01 to 1600-12-29/;
      const unit = (licenceNumber: string, dates: { issuedOn?: string; validUntil?: string }) => ({
        licenceNumber,
        name: 'نانوایی سنگکی نمونه',
        activity: 'نان سنگک',
        unionId: 'guilds:fars-union-003',
        ownerNationalCode: SEED_PEOPLE.saeedTajik.nationalCode,
        ownerFullName: 'سعید تاجیک',
        issuedOn: dates.issuedOn ?? '1404-01-15',
        validUntil: dates.validUntil ?? '1409-01-14',
      });
      const problemsOf = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) => answer.errors?.[0]?.extensions;

      it('refuses validUntil 9999-12-31, issuedOn and since 0001-01-01, and asOf 9999-12-31 as BAD_USER_INPUT naming the field, writing nothing', async () => {
        const guildsAdmin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
        const units = graph.stores.guilds.collection('guildUnits');
        const before = await units.count({});
        for (const [dates, field] of [
          [{ validUntil: '9999-12-31' }, 'validUntil'],
          [{ issuedOn: '0001-01-01' }, 'issuedOn'],
        ] as const) {
          const refused = await graph.query(REGISTER, { input: unit('71-003-95001', dates) }, guildsAdmin);
          expect(problemsOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field, problem: expect.stringMatching(RANGE) }] });
        }
        expect(await units.count({})).toBe(before);

        const assign = {
          nationalCode: SEED_PEOPLE.saeedTajik.nationalCode,
          organisationId: 'labs:association',
          body: 'کارگروه قدیمی',
          bodyKind: 'WORKING_GROUP',
          position: 'MEMBER',
          since: '0001-01-01',
        };
        const since = await graph.query(ASSIGN, { input: assign }, admin);
        expect(problemsOf(since)).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'since', problem: expect.stringMatching(RANGE) }] });

        const asOf = await graph.query('{ credentials(asOf: "9999-12-31", first: 1) { totalCount } }');
        expect(asOf.errors).toHaveLength(1);
        expect(JSON.stringify(asOf.errors)).toMatch(/BAD_USER_INPUT/);
        expect(asOf.errors![0]!.message).toMatch(/asOf: "9999-12-31" \(9999-12-31\) is outside the days the registries take/);
        expect(JSON.stringify(asOf.errors)).not.toMatch(/INTERNAL_SERVER_ERROR|Julian Day/);
      });

      it('shows days outside the range that earlier versions stored, to anonymous readers, without an error', async () => {
        const units = graph.stores.guilds.collection<{ _id: string; unionId: string; issuedOn: Date; validUntil: Date }>('guildUnits');
        const [template] = await units.find({ unionId: 'guilds:fars-union-003' });
        await units.insertOne({ ...template!, _id: '71-003-95002', issuedOn: new Date('0622-03-22T00:00:00Z'), validUntil: new Date('9999-12-31T00:00:00Z') });
        const { data, errors } = await graph.query<{
          guildUnitLicences: { totalCount: number; nodes: { licenceNumber: string; status: string; issuedOn: unknown; validUntil: unknown }[] };
        }>(LICENCES, {
          unionId: 'guilds:fars-union-003',
        });
        expect(errors).toBeUndefined();
        expect(data!.guildUnitLicences.nodes.length).toBeGreaterThan(1);
        expect(data!.guildUnitLicences.nodes).toContainEqual({
          licenceNumber: '71-003-95002',
          status: expect.any(String),
          issuedOn: { iso: '0622-03-22', jalali: '1-01-01', jalaliText: '۱ فروردین ۱' },
          validUntil: { iso: '9999-12-31', jalali: '9378-10-10', jalaliText: '۱۰ دی ۹۳۷۸' },
        });
      });

      it('answers a stored day that is no date with a coded error on that field alone, the rest of the list standing', async () => {
        const nationalCode = SEED_PEOPLE.alirezaMohebali.nationalCode;
        const roles = graph.stores.labs.collection<{ _id: string; nationalCode: string; since?: unknown }>('roles');
        const [template] = await roles.find({ nationalCode });
        await roles.insertOne({ ...template!, _id: `${template!._id}-garbled`, since: 'a day nobody wrote down' });
        await roles.insertOne({ ...template!, _id: `${template!._id}-ancient`, since: new Date('0001-01-01T00:00:00Z') });
        const { data, errors } = await graph.query<{ person: { labs: { roles: { since: { iso: string } | null }[] } } }>(ROLES, { code: nationalCode }, reader);
        const shown = data!.person.labs.roles;
        expect(shown.length).toBeGreaterThanOrEqual(3);
        expect(shown.filter((role) => role.since === null).length).toBeGreaterThanOrEqual(1);
        expect(shown.map((role) => role.since?.iso)).toContain('0001-01-01');
        expect(errors).toHaveLength(1);
        expect(errors![0]).toMatchObject({ path: ['person', 'labs', 'roles', expect.any(Number), 'since'], extensions: { code: 'STORED_VALUE_UNREADABLE' } });
      });
    });

    describe('text that cannot be seen or that reorders a line is refused', () => {
      const refusedNames: [string, string, string][] = [
        ['NUL', 'مریم\u0000 نوری', 'U+0000'],
        ['BEL', '\u0007مریم نوری', 'U+0007'],
        ['an ANSI escape', 'Maryam \u001b[2J\u001b[31mNoori', 'U+001B'],
        ['the right-to-left override', 'مریم \u202eیرون', 'U+202E'],
        ['a right-to-left isolate', 'مریم \u2067نوری\u2069', 'U+2067'],
        ['zero-width characters only', '\u200b\u200d\u200b', 'U+200B'],
        ['a lone surrogate', 'مریم\ud83d نوری', 'U+D83D'],
      ];

      it.each(refusedNames)('refuses a name with %s as BAD_USER_INPUT naming fullName and the code point, writing nothing', async (_what, fullName, codePoint) => {
        const nationalCode = withIranianCheckDigit('006123480');
        const members = graph.stores.labs.collection('members');
        const before = await members.count({});
        const refused = await graph.query(UPSERT, { input: { nationalCode, fullName } }, admin);
        expect(refused.errors).toHaveLength(1);
        expect(refused.errors![0]!.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          problems: [{ field: 'fullName', problem: expect.stringContaining(`must not contain ${codePoint}`) }],
        });
        expect(await members.count({})).toBe(before);
      });

      it("refuses them in every free text field, a role's body too", async () => {
        const input = {
          nationalCode: SEED_PEOPLE.saeedTajik.nationalCode,
          organisationId: 'labs:association',
          body: 'کارگروه \u202eیرون',
          bodyKind: 'WORKING_GROUP',
          position: 'MEMBER',
        };
        const refused = await graph.query(ASSIGN, { input }, admin);
        expect(refused.errors![0]!.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          problems: [{ field: 'body', problem: expect.stringMatching(/^must not contain U\+202E/) }],
        });
      });

      it('keeps the zero-width non-joiner Persian writes inside words, dropping only those that join nothing', async () => {
        const nationalCode = withIranianCheckDigit('006123481');
        const accepted = await graph.query<{ upsertLabsMember: { fullName: string } }>(
          UPSERT,
          { input: { nationalCode, fullName: '\u200cحاجی\u200cزاده\u200c \u200cنیک\u200cنام' } },
          admin,
        );
        expect(accepted.errors).toBeUndefined();
        expect(accepted.data!.upsertLabsMember.fullName).toBe('حاجی\u200cزاده نیک\u200cنام');
        const emptied = await graph.query(UPSERT, { input: { nationalCode, fullName: '\u200c\u200c\u200c' } }, admin);
        expect(emptied.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'fullName', problem: 'must not be empty' }] });
      });
    });
  });
}
