import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { recordName, SEED_PEOPLE } from '../../shared/demo/people';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/** Every status is derived for this day (1405-08-30), so the answers never depend on when the tests run. */
const AS_OF = '2026-11-21';
const STATUSES = ['VALID', 'EXPIRED', 'NOT_YET_VALID', 'SUSPENDED', 'REVOKED'] as const;

type Page<N> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: N[] };

/** A list's every node, page by page (bounded: at most `maxPages` pages). */
async function readAll<N>(fetchPage: (after: string | null) => Promise<Page<N>>, maxPages = 60): Promise<{ nodes: N[]; totalCount: number }> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (let i = 0; i < maxPages; i += 1) {
    const page: Page<N> = await fetchPage(after);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount };
    after = page.pageInfo.endCursor;
  }
  throw new Error(`more than ${maxPages} pages`);
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`credentials through the gateway, read, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    /** Looking a person up by national code needs personal:read. */
    let reader: string;
    beforeAll(async () => {
      reader = await testToken([PERSONAL_READ_SCOPE]);
    });

    async function ok<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
      const { data, errors } = await graph.query<T>(query, variables, token);
      expect(errors).toBeUndefined();
      return data!;
    }

    describe("labs: laboratories' accreditations", () => {
      const LIST = `query L($status: CredentialStatus, $days: Int, $asOf: String, $first: Int, $after: String, $scope: AccreditationScope) {
        labsAccreditations(status: $status, expiringWithinDays: $days, asOf: $asOf, first: $first, after: $after, scope: $scope) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { certificateNumber scope status daysRemaining validUntil { iso } suspendedOn { iso } revokedOn { iso } laboratory { id name } }
        }
      }`;
      type Node = { certificateNumber: string; scope: string; status: string; daysRemaining: number; validUntil: { iso: string }; laboratory: { id: string; name: string } };

      it('derives each status for asOf, and the statuses partition the list', async () => {
        const all = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, first: 100 });
        expect(all.labsAccreditations.totalCount).toBe(24);
        let sum = 0;
        for (const status of STATUSES) {
          const { labsAccreditations } = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, status, first: 100 });
          for (const node of labsAccreditations.nodes) expect(node.status).toBe(status);
          expect(labsAccreditations.nodes).toHaveLength(labsAccreditations.totalCount);
          sum += labsAccreditations.totalCount;
        }
        expect(sum).toBe(24);
        const byNumber = new Map(all.labsAccreditations.nodes.map((n) => [n.certificateNumber, n]));
        expect(byNumber.get('NACI-T-0007')).toMatchObject({ status: 'SUSPENDED', suspendedOn: { iso: '2026-09-01' }, laboratory: { id: 'labs:lab-0007' } });
        expect(byNumber.get('NACI-C-0015')).toMatchObject({ status: 'REVOKED', revokedOn: { iso: '2026-03-10' } });
        expect(byNumber.get('NACI-T-0001')).toMatchObject({ status: 'EXPIRED', validUntil: { iso: '2026-01-14' } });
      });

      it('answers the same for asOf written in the Solar Hijri calendar, and differently for another day', async () => {
        const gregorian = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, status: 'VALID', first: 100 });
        const jalali = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: '۱۴۰۵/۰۸/۳۰', status: 'VALID', first: 100 });
        // The same page; each cursor is sealed afresh (a random nonce), so only the nodes and counts compare.
        const { pageInfo: jalaliPage, ...jalaliRest } = jalali.labsAccreditations;
        const { pageInfo: gregorianPage, ...gregorianRest } = gregorian.labsAccreditations;
        expect(jalaliRest).toEqual(gregorianRest);
        expect(jalaliPage.hasNextPage).toBe(gregorianPage.hasNextPage);
        const earlier = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: '2023-02-01', status: 'NOT_YET_VALID', first: 100 });
        expect(earlier.labsAccreditations.totalCount).toBeGreaterThan(0);
        for (const node of earlier.labsAccreditations.nodes) expect(node.status).toBe('NOT_YET_VALID');
      });

      it('lists those expiring within N days of asOf: valid, with 0 to N days left', async () => {
        const { labsAccreditations } = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, days: 90, first: 100 });
        expect(labsAccreditations.nodes.map((n) => n.certificateNumber)).toEqual(['NACI-T-0002', 'NACI-T-0010']);
        for (const node of labsAccreditations.nodes) {
          expect(node.status).toBe('VALID');
          expect(node.daysRemaining).toBeGreaterThanOrEqual(0);
          expect(node.daysRemaining).toBeLessThanOrEqual(90);
        }
        const none = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, days: 30, first: 100 });
        expect(none.labsAccreditations.totalCount).toBe(0);
      });

      it('pages by keyset: every accreditation once, in laboratory order, whatever the page size', async () => {
        const { nodes, totalCount } = await readAll(async (after) => (await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, first: 5, after })).labsAccreditations);
        const ids = nodes.map((n) => n.laboratory.id);
        expect(ids).toHaveLength(totalCount);
        expect(new Set(ids).size).toBe(totalCount);
        expect([...ids].sort()).toEqual(ids);
        const calibration = await ok<{ labsAccreditations: Page<Node> }>(LIST, { asOf: AS_OF, scope: 'CALIBRATION', first: 100 });
        expect(calibration.labsAccreditations.totalCount).toBe(8);
        for (const node of calibration.labsAccreditations.nodes) expect(node.scope).toBe('CALIBRATION');
      });

      it('refuses bad arguments together, naming each', async () => {
        const { data, errors } = await graph.query(LIST, { asOf: '1405-13-01', days: -1, first: 500 });
        // The registry's root list is nullable (it fails alone, as when the registry is down).
        expect(data).toEqual({ labsAccreditations: null });
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field);
        expect(fields).toEqual(expect.arrayContaining(['asOf', 'expiringWithinDays', 'first']));
        const combined = await graph.query(LIST, { status: 'EXPIRED', days: 10 });
        expect(combined.errors?.[0]?.message).toMatch(/status: EXPIRED cannot be combined with expiringWithinDays/);
      });
    });

    describe('auditors: certifications and inspection accreditations', () => {
      it("finds Saeed Tajik's lead-auditor certification valid now, expired after its last day, by kind and grade", async () => {
        const query = `{
          now: auditorsCertifications(kind: LEAD_AUDITOR, grade: GRADE_1, status: VALID, asOf: "${AS_OF}", first: 100) { totalCount nodes { certificateNumber kind grade status holder { fullName } } }
          tajik: person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!)}") {
            auditors { certifications { certificateNumber status(asOf: "2027-03-19") later: status(asOf: "2027-03-20") daysRemaining(asOf: "${AS_OF}") } }
          }
        }`;
        const data = await ok<{
          now: Page<{ certificateNumber: string; kind: string; grade: string; holder: { fullName: string } }>;
          tajik: { auditors: { certifications: unknown[] } };
        }>(query, undefined, reader);
        expect(data.now.nodes.map((n) => n.certificateNumber)).toContain('ISAI-1403-0001');
        for (const node of data.now.nodes) expect(node).toMatchObject({ kind: 'LEAD_AUDITOR', grade: 'GRADE_1', status: 'VALID' });
        expect(data.now.nodes.find((n) => n.certificateNumber === 'ISAI-1403-0001')!.holder.fullName).toBe(SEED_PEOPLE.saeedTajik.fullName);
        expect(data.tajik.auditors.certifications).toEqual([{ certificateNumber: 'ISAI-1403-0001', status: 'VALID', later: 'EXPIRED', daysRemaining: 118 }]);
      });

      it('shows suspended and revoked certifications and a suspended inspection accreditation', async () => {
        const data = await ok<Record<string, Page<{ status: string; inspectionBody?: { id: string } }>>>(`{
          suspended: auditorsCertifications(status: SUSPENDED, asOf: "${AS_OF}") { totalCount pageInfo { hasNextPage endCursor } nodes { status } }
          revoked: auditorsCertifications(status: REVOKED, asOf: "${AS_OF}") { totalCount pageInfo { hasNextPage endCursor } nodes { status } }
          bodies: auditorsInspectionAccreditations(status: SUSPENDED, asOf: "${AS_OF}") { totalCount pageInfo { hasNextPage endCursor } nodes { status inspectionBody { id } } }
        }`);
        expect(data.suspended!.totalCount).toBe(1);
        expect(data.revoked!.totalCount).toBe(1);
        expect(data.bodies!.nodes).toEqual([{ status: 'SUSPENDED', inspectionBody: { id: 'auditors:ib-0004' } }]);
      });
    });

    describe('engineering: licences and the certificate for working abroad (seed 000)', () => {
      it('lists licences expiring soon in licence-number order, and every status', async () => {
        const LIST = `query E($status: CredentialStatus, $days: Int) { engineeringLicences(status: $status, expiringWithinDays: $days, asOf: "${AS_OF}", first: 100) { totalCount nodes { number status daysRemaining holder { fullName } provincialOrganisation { id } } } }`;
        const soon = await ok<{ engineeringLicences: Page<{ number: string; status: string; daysRemaining: number }> }>(LIST, { days: 120 });
        const numbers = soon.engineeringLicences.nodes.map((n) => n.number);
        expect(numbers.length).toBeGreaterThan(0);
        expect([...numbers].sort()).toEqual(numbers);
        for (const node of soon.engineeringLicences.nodes) expect(node.daysRemaining).toBeLessThanOrEqual(120);
        let sum = 0;
        for (const status of STATUSES) sum += (await ok<{ engineeringLicences: Page<unknown> }>(LIST, { status })).engineeringLicences.totalCount;
        const all = await ok<{ engineeringLicences: Page<unknown> }>(LIST, {});
        expect(sum).toBe(all.engineeringLicences.totalCount);
        expect((await ok<{ engineeringLicences: Page<unknown> }>(LIST, { status: 'SUSPENDED' })).engineeringLicences.totalCount).toBe(1);
        expect((await ok<{ engineeringLicences: Page<unknown> }>(LIST, { status: 'REVOKED' })).engineeringLicences.totalCount).toBe(1);
      });

      it("shows the export working group's certificates, their courses, and what Sharifi still lacks for Qatar", async () => {
        const data = await ok<{
          certificates: Page<{ certificateNumber: string; countryName: string; status: string; holder: { fullName: string }; courses: { id: string }[] }>;
          expiring: Page<{ certificateNumber: string }>;
          qatar: { id: string }[];
          sharifi: { engineering: { coursesMissingForAbroad: { id: string }[]; trainingCourses: { course: { id: string }; completedOn: { jalali: string } }[] } };
        }>(
          `{
          certificates: engineeringAbroadCertificates(asOf: "${AS_OF}") { totalCount pageInfo { hasNextPage endCursor } nodes { certificateNumber countryName status holder { fullName } courses { id } } }
          expiring: engineeringAbroadCertificates(expiringWithinDays: 60, asOf: "${AS_OF}") { totalCount pageInfo { hasNextPage endCursor } nodes { certificateNumber } }
          qatar: engineeringTrainingCourses(country: "qa") { id }
          sharifi: person(nationalCode: "${SEED_PEOPLE.sharifi.nationalCode}") { engineering { coursesMissingForAbroad(country: "QA") { id } trainingCourses { course { id } completedOn { jalali } } } }
        }`,
          undefined,
          reader,
        );
        const byNumber = new Map(data.certificates.nodes.map((n) => [n.certificateNumber, n]));
        expect(byNumber.get('EXP-1404-0001')).toMatchObject({ countryName: 'قطر', status: 'VALID', holder: { fullName: recordName(SEED_PEOPLE.fatemi) } });
        expect(byNumber.get('EXP-1403-0003')).toMatchObject({ countryName: 'عراق', status: 'EXPIRED' });
        expect(byNumber.get('EXP-1404-0013')).toMatchObject({ status: 'REVOKED' });
        expect(byNumber.get('EXP-1404-0001')!.courses.map((c) => c.id)).toEqual(data.qatar.map((c) => c.id));
        expect(data.expiring.nodes).toEqual([{ certificateNumber: 'EXP-1404-0002' }]);
        expect(data.qatar).toHaveLength(4);
        expect(data.sharifi.engineering.coursesMissingForAbroad.map((c) => c.id)).toEqual(['engineering:course-technical-english', 'engineering:course-qatar-construction-code']);
        expect(data.sharifi.engineering.trainingCourses).toHaveLength(2);
      });
    });

    describe("guilds: guild units' licences", () => {
      it('derives unit statuses from the licence days, for asOf', async () => {
        const LIST = `query G($status: CredentialStatus, $days: Int, $union: ID) { guildUnitLicences(status: $status, expiringWithinDays: $days, unionId: $union, asOf: "${AS_OF}", first: 100) { totalCount nodes { licenceNumber status licenceStatus daysRemaining union { id } } } }`;
        type Units = { guildUnitLicences: Page<{ licenceNumber: string; status: string; licenceStatus: string; daysRemaining: number; union: { id: string } }> };
        const all = (await ok<Units>(LIST, {})).guildUnitLicences.totalCount;
        let sum = 0;
        for (const status of STATUSES) {
          const page = (await ok<Units>(LIST, { status })).guildUnitLicences;
          for (const node of page.nodes) {
            expect(node.licenceStatus).toBe(status);
            expect(node.status).toBe(status === 'VALID' ? 'ACTIVE' : status);
          }
          sum += page.totalCount;
        }
        expect(sum).toBe(all);
        const suspended = (await ok<Units>(LIST, { status: 'SUSPENDED' })).guildUnitLicences.totalCount;
        expect(suspended).toBeGreaterThan(0);
        const union = (await ok<Units>(LIST, { union: 'guilds:fars-union-003' })).guildUnitLicences.nodes;
        expect(union.length).toBeGreaterThan(0);
        for (const node of union) expect(node.union.id).toBe('guilds:fars-union-003');
      });
    });

    describe('the cross-registry credentials list (directory)', () => {
      const CREDENTIALS = `query C($kind: CredentialKind, $status: CredentialStatus, $days: Int, $first: Int, $after: String) {
        credentials(kind: $kind, status: $status, expiringWithinDays: $days, asOf: "${AS_OF}", first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          nodes { id kind registry number status validUntil { iso } holder { __typename ... on Person { fullName registries } ... on Organisation { id name registry } } }
        }
      }`;
      type Node = { id: string; kind: string; registry: string; number: string; status: string; holder: { __typename: string; fullName?: string; name?: string } };

      /** Each kind's count from its own registry's list, for the same filter. */
      async function perRegistryCounts(status: string): Promise<Record<string, number>> {
        const data = await ok<Record<string, { totalCount: number }>>(`{
          LAB_ACCREDITATION: labsAccreditations(status: ${status}, asOf: "${AS_OF}") { totalCount }
          INSPECTION_ACCREDITATION: auditorsInspectionAccreditations(status: ${status}, asOf: "${AS_OF}") { totalCount }
          AUDITOR_CERTIFICATION: auditorsCertifications(status: ${status}, asOf: "${AS_OF}") { totalCount }
          ENGINEERING_LICENCE: engineeringLicences(status: ${status}, asOf: "${AS_OF}") { totalCount }
          ABROAD_CERTIFICATE: engineeringAbroadCertificates(status: ${status}, asOf: "${AS_OF}") { totalCount }
          GUILD_UNIT_LICENCE: guildUnitLicences(status: ${status}, asOf: "${AS_OF}") { totalCount }
        }`);
        return Object.fromEntries(Object.entries(data).map(([kind, list]) => [kind, list.totalCount]));
      }

      it("who holds a valid credential of a kind: the same holders as the registry's own list", async () => {
        const counts = await perRegistryCounts('VALID');
        for (const [kind, count] of Object.entries(counts)) {
          const { credentials } = await ok<{ credentials: Page<Node> }>(CREDENTIALS, { kind, status: 'VALID', first: 100 });
          expect({ kind, total: credentials.totalCount }).toEqual({ kind, total: count });
          for (const node of credentials.nodes) expect(node).toMatchObject({ kind, status: 'VALID' });
        }
        const labs = await ok<{ credentials: Page<Node> }>(CREDENTIALS, { kind: 'LAB_ACCREDITATION', status: 'VALID', first: 3 });
        expect(labs.credentials.nodes[0]!.holder).toMatchObject({ __typename: 'Organisation', registry: 'LABS' });
        expect(labs.credentials.nodes[0]!.holder.name).toMatch(/^آزمایشگاه/);
        const certificates = await ok<{ credentials: Page<Node> }>(CREDENTIALS, { kind: 'ABROAD_CERTIFICATE', status: 'VALID', first: 10 });
        expect(certificates.credentials.nodes.map((n) => n.holder.fullName)).toEqual(expect.arrayContaining([recordName(SEED_PEOPLE.fatemi), recordName(SEED_PEOPLE.seifzadeh)]));
      });

      it("pages every registry's credentials once, in id order, counted over all of them", async () => {
        const counts = await perRegistryCounts('VALID');
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const { nodes, totalCount } = await readAll(async (after) => (await ok<{ credentials: Page<Node> }>(CREDENTIALS, { status: 'VALID', first: 97, after })).credentials);
        expect(totalCount).toBe(total);
        expect(nodes).toHaveLength(total);
        const ids = nodes.map((n) => n.id);
        expect(new Set(ids).size).toBe(total);
        expect([...ids].sort()).toEqual(ids);
        expect(new Set(nodes.map((n) => n.registry))).toEqual(new Set(['LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS']));
      });

      it('which expire within N days: across registries, valid, with their last day in the window', async () => {
        const { nodes, totalCount } = await readAll(
          async (after) => (await ok<{ credentials: Page<Node & { validUntil: { iso: string } }> }>(CREDENTIALS, { days: 45, first: 10, after })).credentials,
        );
        expect(nodes).toHaveLength(totalCount);
        expect(totalCount).toBeGreaterThan(0);
        for (const node of nodes) {
          expect(node.status).toBe('VALID');
          expect(node.validUntil.iso >= AS_OF && node.validUntil.iso <= '2027-01-05').toBe(true);
        }
        expect(nodes.map((n) => n.id)).toContain('engineering:abroad-certificate:EXP-1404-0002');
      });

      it('refuses a bad filter before asking any registry', async () => {
        const { data, errors } = await graph.query(CREDENTIALS, { days: 99999, first: 0 });
        expect(data).toBeNull();
        const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field);
        expect(fields).toEqual(expect.arrayContaining(['expiringWithinDays', 'first']));
        // A cursor it did not hand out is refused first, on its own, before any other check.
        const forged = await graph.query(CREDENTIALS, { days: 99999, first: 0, after: 'not-a-cursor' });
        expect(forged.data).toBeNull();
        expect(forged.errors?.[0]?.extensions?.problems).toEqual([
          { field: 'after', problem: expect.stringMatching(/pass pageInfo.endCursor unchanged/), messageId: 'CURSOR_NOT_OURS', params: {} },
        ]);
      });
    });
  });
}

describe('the credentials list costs the same store calls for a page of 10 as for a page of 80', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
    // The gateway reads each registry's member list once, at its first use.
    expect((await graph.query('{ labsMembers(first: 1) { nodes { registries } } }')).errors).toBeUndefined();
  });
  afterAll(async () => {
    await graph?.stop();
  });

  const PAGE = `query P($kind: CredentialKind, $first: Int!) {
    credentials(kind: $kind, first: $first, asOf: "2026-11-21") { totalCount nodes { id status holder { ... on Person { fullName registries } ... on Organisation { name } } } }
  }`;

  async function callsFor(kind: string | null, first: number): Promise<Record<string, number>> {
    for (const store of Object.values(graph.stores)) store.reset();
    const { data, errors } = await graph.query<{ credentials: { nodes: unknown[] } }>(PAGE, { kind, first });
    expect(errors).toBeUndefined();
    expect(data!.credentials.nodes).toHaveLength(first);
    // The gateway's membership counts (gateway/membership: at most one a second per registry) are not the page's cost.
    return Object.fromEntries(Object.entries(graph.stores).map(([key, store]) => [key, store.total - (store.methods.get('people.count') ?? 0)]));
  }

  // A page of one kind (its holders, people, resolved in every registry), and a page spanning kinds.
  it.each([['AUDITOR_CERTIFICATION'], ['GUILD_UNIT_LICENCE'], [null]])('%s: holders resolved in batches, not one by one', async (kind) => {
    const small = await callsFor(kind, 10);
    const large = await callsFor(kind, 80);
    // A registry is asked only about the people it holds (gateway/membership): one that holds none of the ten holders is not
    // asked for the ten at all, and then for the eighty in one read.
    if (kind) for (const [registry, calls] of Object.entries(large)) expect([registry, calls <= Math.max(small[registry]!, 1)]).toEqual([registry, true]);
    for (const calls of Object.values(large)) expect(calls).toBeLessThan(12);
  });
});
