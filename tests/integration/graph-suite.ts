import { recordName, SEED_PEOPLE } from '../../shared/demo/people';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { Store } from '../../shared/store/port';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

const TAJIK = SEED_PEOPLE.saeedTajik.nationalCode;

const PERSON = /* GraphQL */ `
  query Person($code: String!) {
    person(nationalCode: $code) {
      nationalCode
      fullName
      registries
      labs { fullName roles { body position organisation { id name registry } } }
      auditors { fullName roles { body position organisation { id name } } }
      engineering { fullName }
      guilds { fullName }
    }
  }
`;

export interface GraphSuiteOptions {
  /** Declares the suite skipped, with this reason in its title, instead of running it. */
  skipReason?: string;
  /** Runs after the graph has stopped (its stores are closed by then), even when it failed to start. */
  afterStop?: () => Promise<void>;
}

/**
 * The whole-graph suite: the four subgraphs and the gateway on free loopback ports, each association
 * on the store `openStore` gives it, queried over HTTP. `label` names the stores in the suite title.
 */
export function describeGraphSuite(label: string, openStore: (key: DemoRegistryKey) => Promise<Store>, options: GraphSuiteOptions = {}): void {
  const suite = options.skipReason ? describe.skip : describe;
  const title = `the federated registry graph through the gateway, on ${label}${options.skipReason ? ` (skipped: ${options.skipReason})` : ''}`;
  suite(title, () => {
    let graph: TestGraph;
    /** National codes are personal: the reader may see them; the labs administrator may also write to labs. */
    let reader: string;
    let labsAdmin: string;

    beforeAll(async () => {
      graph = await startTestGraph(openStore);
      reader = await testToken([PERSONAL_READ_SCOPE]);
      labsAdmin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
    });
    afterAll(async () => {
      try {
        await graph?.stop();
      } finally {
        await options.afterStop?.();
      }
    });

    it('returns Saeed Tajik with his labs and auditors roles in one request', async () => {
      const { data, errors } = await graph.query<{ person: Record<string, unknown> }>(PERSON, { code: TAJIK }, reader);
      expect(errors).toBeUndefined();
      expect(data!.person).toEqual({
        nationalCode: TAJIK,
        fullName: 'سعید تاجیک',
        registries: ['LABS', 'AUDITORS'],
        labs: {
          fullName: 'سعید تاجیک',
          roles: [
            {
              body: 'هیئت مدیره',
              position: 'BOARD_MEMBER',
              organisation: { id: 'labs:association', name: 'انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران', registry: 'LABS' },
            },
          ],
        },
        auditors: {
          fullName: 'سعید تاجیک',
          roles: [{ body: 'هیئت مدیره', position: 'CHAIR', organisation: { id: 'auditors:society', name: 'جامعه ممیزی و بازرسی ایران' } }],
        },
        engineering: null,
        guilds: null,
      });
    });

    it('accepts the national code in Persian digits', async () => {
      const { data } = await graph.query<{ person: { nationalCode: string; registries: string[] } }>(PERSON, { code: '۰۰۶۱۲۳۴۵۰۸' }, reader);
      expect(data!.person).toMatchObject({ nationalCode: TAJIK, registries: ['LABS', 'AUDITORS'] });
    });

    it('answers a valid code nobody holds with empty registries, and a malformed one with BAD_USER_INPUT', async () => {
      const unknown = await graph.query<{ person: Record<string, unknown> }>(PERSON, { code: '0000000019' }, reader);
      expect(unknown.data!.person).toMatchObject({ fullName: null, registries: [], labs: null, auditors: null, engineering: null, guilds: null });
      const bad = await graph.query(PERSON, { code: '0061234509' }, reader);
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(/nationalCode: the check digit \(the last digit\) of "0061234509" does not match/);
      expect(bad.errors?.[0]?.message).not.toMatch(/expected|0061234508/);
    });

    it('finds people registered in other registries, with a person from every registry', async () => {
      const { data, errors } = await graph.query<{ person: { registries: string[] } }[]>(
        `{ a: person(nationalCode: "${SEED_PEOPLE.seifzadeh.nationalCode}") { registries engineering { fullName } }
           b: person(nationalCode: "${SEED_PEOPLE.abderrahimZagrani.nationalCode}") { registries fullName } }`,
        undefined,
        reader,
      );
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        a: { registries: ['ENGINEERING'], engineering: { fullName: recordName(SEED_PEOPLE.seifzadeh) } },
        b: { registries: ['GUILDS'], fullName: 'عبد الرحيم الزكراني' },
      });
    });

    describe('joint projects', () => {
      const PROJECTS = /* GraphQL */ `
        query Projects($registry: Registry, $status: ProjectStatus, $first: Int, $after: String) {
          jointProjects(registry: $registry, status: $status, first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes { id title status registries dueDate { iso jalali } lead { id name registry } cooperating { id name registry } }
          }
        }
      `;
      type Project = {
        id: string;
        title: string;
        registries: string[];
        lead: { id: string; name: string; registry: string };
        cooperating: { id: string; name: string; registry: string }[];
      };
      type List = { jointProjects: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Project[] } };

      it('resolves lead and cooperating organisations from several subgraphs', async () => {
        const { data, errors } = await graph.query<List>(PROJECTS, { registry: 'AUDITORS' });
        expect(errors).toBeUndefined();
        const research = data!.jointProjects.nodes.find((p) => p.id === 'labs:joint-research')!;
        expect(research.registries).toEqual(['LABS', 'AUDITORS']);
        expect(research.lead).toEqual({ id: 'labs:association', name: 'انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران', registry: 'LABS' });
        expect(research.cooperating).toEqual([{ id: 'auditors:society', name: 'جامعه ممیزی و بازرسی ایران', registry: 'AUDITORS' }]);
        const supervision = data!.jointProjects.nodes.find((p) => p.id === 'auditors:joint-supervision')!;
        expect(supervision.lead.registry).toBe('AUDITORS');
        expect(supervision.cooperating.map((o) => o.id)).toContain('labs:association');
        expect(data!.jointProjects.nodes.map((p) => p.id).sort()).toEqual(['auditors:joint-supervision', 'labs:joint-research', 'labs:joint-training']);
      });

      it('lists seed 001 committees with their lead and cooperating cities, filtered by status', async () => {
        const { data, errors } = await graph.query<List>(PROJECTS, { status: 'ACTIVE' });
        expect(errors).toBeUndefined();
        const ids = data!.jointProjects.nodes.map((p) => p.id);
        expect(ids).toEqual(
          expect.arrayContaining(['guilds:committee-legal', 'guilds:committee-cultural-social', 'guilds:committee-environment-health', 'guilds:committee-investment-ecommerce']),
        );
        expect(ids).not.toContain('labs:joint-research');
        const legal = data!.jointProjects.nodes.find((p) => p.id === 'guilds:committee-legal')!;
        expect(legal.lead.id).toBe('guilds:markets-tehran');
        expect(legal.cooperating.map((o) => o.id).sort()).toEqual(
          ['karaj', 'mashhad', 'tabriz', 'shiraz', 'isfahan', 'qom', 'hamedan', 'rasht'].map((city) => `guilds:markets-${city}`).sort(),
        );
        expect(legal.cooperating.every((o) => o.name.startsWith('سازمان میادین'))).toBe(true);
      });

      it('pages through every project exactly once', async () => {
        const all = await graph.query<List>(PROJECTS, { first: 100 });
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: List = (await graph.query<List>(PROJECTS, { first: 3, after })).data!;
          seen.push(...page.jointProjects.nodes.map((p) => p.id));
          after = page.jointProjects.pageInfo.hasNextPage ? page.jointProjects.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toEqual(all.data!.jointProjects.nodes.map((p) => p.id));
        expect(seen.length).toBe(all.data!.jointProjects.totalCount);
        expect(seen.length).toBeGreaterThanOrEqual(8);
      });
    });

    describe('mutations', () => {
      const UPSERT = /* GraphQL */ `
        mutation Upsert($input: UpsertLabsMemberInput!) { upsertLabsMember(input: $input) { nationalCode fullName } }
      `;
      const ASSIGN = /* GraphQL */ `
        mutation Assign($input: AssignRoleInput!) { assignLabsRole(input: $input) { position body organisation { id } } }
      `;

      it('rejects a bad member with BAD_USER_INPUT naming every field, and writes nothing', async () => {
        const before = (await graph.query<{ labsMembers: { totalCount: number } }>('{ labsMembers { totalCount } }')).data!.labsMembers.totalCount;
        const writes = graph.stores.labs.calls.get('people') ?? 0;
        const { data, errors } = await graph.query(UPSERT, { input: { nationalCode: '1234567890', fullName: ' ', expertise: 'x'.repeat(200) } }, labsAdmin);
        expect(data).toBeNull();
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors?.[0]?.message).toMatch(/nationalCode: the check digit/);
        expect(errors?.[0]?.message).toMatch(/fullName: must not be empty/);
        expect(errors?.[0]?.message).toMatch(/expertise: must have at most 120 characters/);
        expect(graph.stores.labs.calls.get('people') ?? 0).toBe(writes);
        const after = (await graph.query<{ labsMembers: { totalCount: number } }>('{ labsMembers { totalCount } }')).data!.labsMembers.totalCount;
        expect(after).toBe(before);
      });

      it('rejects a role in another registry or for an unknown member, and writes nothing', async () => {
        const roles = () => graph.query<{ person: { labs: { roles: unknown[] } } }>(`{ person(nationalCode: "${TAJIK}") { labs { roles { body } } } }`, undefined, reader);
        const before = (await roles()).data!.person.labs.roles.length;
        const wrongRegistry = await graph.query(
          ASSIGN,
          {
            input: { nationalCode: TAJIK, organisationId: 'guilds:fars-chamber', body: 'هیئت مدیره', bodyKind: 'BOARD', position: 'CHAIR' },
          },
          labsAdmin,
        );
        expect(wrongRegistry.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(wrongRegistry.errors?.[0]?.message).toMatch(/organisationId: "guilds:fars-chamber" is not an organisation of the labs registry/);
        const unknownMember = await graph.query(
          ASSIGN,
          {
            input: { nationalCode: '0000000019', organisationId: 'labs:association', body: 'هیئت مدیره', bodyKind: 'BOARD', position: 'MEMBER', since: '1391-13-01' },
          },
          labsAdmin,
        );
        expect(unknownMember.errors?.[0]?.message).toMatch(/nationalCode: no member 0000000019 in the labs registry/);
        expect(unknownMember.errors?.[0]?.message).toMatch(/since: "1391-13-01" is not a date/);
        expect((await roles()).data!.person.labs.roles).toHaveLength(before);
      });

      it('refuses an enum value GraphQL does not know, before any resolver runs', async () => {
        const { errors } = await graph.query(
          ASSIGN,
          {
            input: { nationalCode: TAJIK, organisationId: 'labs:association', body: 'هیئت مدیره', bodyKind: 'BOARD', position: 'EMPEROR' },
          },
          labsAdmin,
        );
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(errors?.[0]?.message).toMatch(/EMPEROR/);
      });

      it('adds a member and a role that the shared-member query then shows', async () => {
        const code = '0019876505';
        const added = await graph.query(UPSERT, { input: { nationalCode: '۰۰۱۹۸۷۶۵۰۵', fullName: 'مریم  نوری', expertise: 'واسنجی' } }, labsAdmin);
        expect(added.errors).toBeUndefined();
        expect(added.data).toEqual({ upsertLabsMember: { nationalCode: code, fullName: 'مریم نوری' } });
        const role = await graph.query(
          ASSIGN,
          {
            input: { nationalCode: code, organisationId: 'labs:association', body: 'کارگروه آموزش', bodyKind: 'WORKING_GROUP', position: 'SECRETARY', since: '۱۴۰۵/۰۱/۱۵' },
          },
          labsAdmin,
        );
        expect(role.errors).toBeUndefined();
        const { data } = await graph.query<{ person: unknown }>(
          `{ person(nationalCode: "${code}") { registries labs { fullName roles { body position since { iso jalali } } } } }`,
          undefined,
          reader,
        );
        expect(data!.person).toEqual({
          registries: ['LABS'],
          labs: { fullName: 'مریم نوری', roles: [{ body: 'کارگروه آموزش', position: 'SECRETARY', since: { iso: '2026-04-04', jalali: '1405-01-15' } }] },
        });
      });
    });
  });
}
