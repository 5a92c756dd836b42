import { createHash } from 'node:crypto';
import { searchKey } from '../../shared/text/normalize';
import { agreementIdOf } from '../../subgraphs/guilds/programmes/add-agreement';
import { AgreementDocument } from '../../subgraphs/guilds/programmes/documents';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

const PROGRAMME = 'guilds:programme-casablanca-settat-2023';
const CHAMBER = 'guilds:casablanca-settat-chamber';
const MOHAMMEDIA = 'guilds:structured-mohammedia-business-centre';

const PROGRAMME_QUERY = /* GraphQL */ `
  query Programme($id: ID!) {
    chamberProgramme(id: $id) {
      id year title achievement chamber { id guilds { name } }
      axes { kind order title indicators { id name unit target actual achievement actualAsOf { iso jalali } } }
      structuredProjects { id name city status progress stages { order name progress progressAsOf { iso } completedOn { iso } } }
      partnershipAgreements { id title kind scope signedOn { iso } validUntil { iso } parties { name country organisation { id } } }
    }
  }
`;

interface Indicator {
  id: string;
  name: string;
  unit: string;
  target: number;
  actual: number | null;
  achievement: number | null;
  actualAsOf: { iso: string; jalali: string } | null;
}
interface Project {
  id: string;
  name: string;
  city: string | null;
  status: string;
  progress: number;
  stages: { order: number; name: string; progress: number; progressAsOf: { iso: string } | null; completedOn: { iso: string } | null }[];
}
interface Programme {
  id: string;
  year: number;
  title: string;
  achievement: number | null;
  chamber: { id: string; guilds: { name: string } };
  axes: { kind: string; order: number; title: string; indicators: Indicator[] }[];
  structuredProjects: Project[];
  partnershipAgreements: { id: string; title: string; kind: string; scope: string; parties: { name: string; country: string | null; organisation: { id: string } | null }[] }[];
}

describe('chamber programmes through the gateway', () => {
  let graph: TestGraph;
  let admin: string;
  const programme = async () => {
    const { data, errors } = await graph.query<{ chamberProgramme: Programme }>(PROGRAMME_QUERY, { id: PROGRAMME });
    expect(errors).toBeUndefined();
    return data!.chamberProgramme;
  };
  const indicator = async (id: string) => (await programme()).axes.flatMap((a) => a.indicators).find((i) => i.id === id)!;
  const project = async (id: string) => (await programme()).structuredProjects.find((p) => p.id === id)!;

  beforeAll(async () => {
    graph = await startTestGraph();
    admin = await testToken(['guilds:admin']);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it("gives two chambers whose ids differ by '-chamber' (guilds:fars, guilds:fars-chamber) a programme each for one year", async () => {
    const created = await graph.query(
      'mutation { createGuildsOrganisation(input: { id: "guilds:fars", name: "اتاق بازرگانی فارس", kind: CHAMBER_OF_COMMERCE, city: "شیراز", province: "فارس" }) { id } }',
      undefined,
      admin,
    );
    expect(created.errors).toBeUndefined();
    const create = (chamberId: string) =>
      graph.query<{ createChamberProgramme: { id: string; chamber: { id: string } } }>(
        'mutation P($input: CreateChamberProgrammeInput!) { createChamberProgramme(input: $input) { id chamber { id } } }',
        { input: { chamberId, year: 2027, title: `برنامه ۱۴۰۶ ${chamberId}` } },
        admin,
      );
    const commerce = await create('guilds:fars');
    expect(commerce.data?.createChamberProgramme).toEqual({ id: 'guilds:programme-fars-2027', chamber: { id: 'guilds:fars' } });
    const guilds = await create('guilds:fars-chamber');
    expect(guilds.errors).toBeUndefined();
    expect(guilds.data?.createChamberProgramme).toEqual({ id: 'guilds:programme-fars-chamber-2027', chamber: { id: 'guilds:fars-chamber' } });
    // Still one per chamber and year.
    const again = await create('guilds:fars-chamber');
    expect(again.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/already has its 2027 programme \(guilds:programme-fars-chamber-2027\)/),
    });
  });

  it("shows the Casablanca-Settat chamber's 2023 programme with the ten axes of seed 004, in order", async () => {
    const view = await programme();
    expect(view).toMatchObject({ year: 2023, chamber: { id: CHAMBER, guilds: { name: 'غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات' } } });
    expect(view.axes.map((a) => [a.order, a.kind])).toEqual([
      [1, 'GOVERNANCE'],
      [2, 'ADMINISTRATIVE_SERVICES'],
      [3, 'DEVELOPMENT_PLAN'],
      [4, 'STRUCTURED_PROJECTS'],
      [5, 'EVENTS_AND_SUPPORT'],
      [6, 'TRAINING'],
      [7, 'PROFESSIONAL_ASSOCIATIONS'],
      [8, 'PARTNERSHIPS'],
      [9, 'COMMUNICATION'],
      [10, 'ECONOMIC_DIPLOMACY'],
    ]);
    expect(view.axes[0]!.title).toBe('هياكل التسيير ومنظومة الحكامة');
    expect(view.axes[9]!.title).toBe('الدبلوماسية الاقتصادية');
    for (const axis of view.axes) expect(axis.indicators.length).toBeGreaterThan(0);
    expect(view.structuredProjects.map((p) => p.name)).toEqual(
      expect.arrayContaining(['مشروع مركز الأعمال بالمحمدية', 'مشروع مركز الأعمال الرقمي بالدار البيضاء', 'مشروع المعهد الرقمي والتدبير']),
    );
    for (const p of view.structuredProjects) expect(p.status).toBe('ACTIVE');
    expect(view.partnershipAgreements.map((a) => a.scope).sort()).toEqual(['INTERNATIONAL', 'NATIONAL']);
    const measured = view.axes.flatMap((a) => a.indicators).filter((i) => i.actual !== null);
    expect(view.achievement).toBeCloseTo(measured.filter((i) => i.actual! >= i.target).length / measured.length);
  });

  it('pages programmes, projects and agreements by keyset with filters and a total count', async () => {
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] };
    const walk = async (field: string, filters: string) => {
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let page = 0; page < 20; page += 1) {
        const query = `query P($after: String) { ${field}(first: 1, after: $after${filters}) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
        const answer: { data?: Record<string, Page>; errors?: unknown[] } = await graph.query<Record<string, Page>>(query, { after });
        expect(answer.errors).toBeUndefined();
        const list: Page = answer.data![field]!;
        total = list.totalCount;
        ids.push(...list.nodes.map((n) => n.id));
        if (!list.pageInfo.hasNextPage) break;
        after = list.pageInfo.endCursor;
      }
      expect(ids).toHaveLength(total);
      expect([...ids].sort()).toEqual(ids);
      return ids;
    };
    expect(await walk('chamberProgrammes', `, chamberId: "${CHAMBER}", year: 2023`)).toEqual([PROGRAMME]);
    expect(await walk('chamberProgrammes', ', year: 2024')).toEqual([]);
    expect(await walk('structuredProjects', `, chamberId: "${CHAMBER}"`)).toHaveLength(3);
    expect(await walk('structuredProjects', ', chamberId: "guilds:fars-chamber"')).toEqual([]);
    expect(await walk('partnershipAgreements', `, chamberId: "${CHAMBER}", signedInYear: 2023`)).toHaveLength(2);
    expect(await walk('partnershipAgreements', ', scope: INTERNATIONAL, kind: COOPERATION_PROTOCOL')).toHaveLength(1);
    expect(await walk('partnershipAgreements', ', signedInYear: 2022')).toEqual([]);
  });

  it('records an indicator actual, and refuses a bad one naming every field without writing', async () => {
    const RECORD = `mutation R($input: RecordProgrammeIndicatorActualInput!) { recordProgrammeIndicatorActual(input: $input) { id actual achievement actualAsOf { iso jalali } } }`;
    const website = `${PROGRAMME}|COMMUNICATION|1`;
    expect((await indicator(website)).actual).toBeNull();
    const before = await programme();

    const bad = await graph.query(RECORD, { input: { indicatorId: website, actual: -1, asOf: '2999-01-01' } }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((bad.errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(['actual', 'asOf']);
    const early = await graph.query(RECORD, { input: { indicatorId: 'guilds:nope', actual: 1, asOf: '2022-12-31' } }, admin);
    expect(early.errors?.[0]?.message).toMatch(/indicatorId: "guilds:nope" is not an indicator/);
    const before2023 = await graph.query(RECORD, { input: { indicatorId: website, actual: 1, asOf: '2022-12-31' } }, admin);
    expect(before2023.errors?.[0]?.message).toMatch(/asOf: is before the programme's year 2023/);
    const forbidden = await graph.query(RECORD, { input: { indicatorId: website, actual: 100, asOf: '2024-01-20' } }, await testToken([]));
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await programme()).toEqual(before);

    const { data, errors } = await graph.query(RECORD, { input: { indicatorId: website, actual: 100, asOf: '1402-10-30' } }, admin);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ recordProgrammeIndicatorActual: { id: website, actual: 100, achievement: 1, actualAsOf: { iso: '2024-01-20', jalali: '1402-10-30' } } });
    expect((await indicator(website)).actual).toBe(100);
  });

  it("records a stage's progress, completes it at 100 %, and refuses bad progress without writing", async () => {
    const RECORD = `mutation S($input: RecordStructuredProjectStageProgressInput!) { recordStructuredProjectStageProgress(input: $input) { id progress stages { order progress completedOn { iso } } } }`;
    const before = await project(MOHAMMEDIA);
    const bad = await graph.query(RECORD, { input: { projectId: MOHAMMEDIA, stage: 9, progress: 120, asOf: '2023-06-01' } }, admin);
    expect((bad.errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(['stage', 'progress']);
    const stale = await graph.query(RECORD, { input: { projectId: MOHAMMEDIA, stage: 3, progress: 90, asOf: '2023-06-01' } }, admin);
    expect(stale.errors?.[0]?.message).toMatch(/asOf: is before the stage's last recorded progress \(2023-12-31\)/);
    const unknown = await graph.query(RECORD, { input: { projectId: 'guilds:none', stage: 1, progress: 10, asOf: '2024-01-01' } }, admin);
    expect(unknown.errors?.[0]?.message).toMatch(/projectId: "guilds:none" is not a structured project/);
    expect(await project(MOHAMMEDIA)).toEqual(before);

    const { errors } = await graph.query(RECORD, { input: { projectId: MOHAMMEDIA, stage: 3, progress: 100, asOf: '2024-03-01' } }, admin);
    expect(errors).toBeUndefined();
    const after = await project(MOHAMMEDIA);
    expect(after.stages[2]).toMatchObject({ order: 3, progress: 100, progressAsOf: { iso: '2024-03-01' }, completedOn: { iso: '2024-03-01' } });
    expect(after.progress).toBeCloseTo(before.progress + 25 / 5, 1);
    expect(after.status).toBe('ACTIVE');
  });

  it('adds a partnership agreement once, and refuses a bad one naming every field without writing', async () => {
    const ADD = `mutation A($input: AddPartnershipAgreementInput!) { addPartnershipAgreement(input: $input) { id kind scope signedOn { iso jalali } programme { id } parties { name country organisation { id } } } }`;
    const count = async () =>
      (await graph.query<{ partnershipAgreements: { totalCount: number } }>('{ partnershipAgreements { totalCount } }')).data!.partnershipAgreements.totalCount;
    const before = await count();
    const bad = await graph.query(
      ADD,
      {
        input: {
          chamberId: 'guilds:fars-union-001',
          programmeId: PROGRAMME,
          title: 'ab',
          kind: 'PARTNERSHIP_AGREEMENT',
          scope: 'INTERNATIONAL',
          parties: [{ name: 'شريك', country: 'MA', organisationId: 'guilds:nowhere' }],
          signedOn: '2024-05-01',
          validUntil: '2024-01-01',
        },
      },
      admin,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (bad.errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(['chamberId', 'programmeId', 'title', 'parties[0].organisationId', 'parties', 'validUntil']);
    expect(await count()).toBe(before);

    const input = {
      chamberId: CHAMBER,
      programmeId: PROGRAMME,
      title: 'اتفاقية شراكة لتكوين المنتسبين في المستجدات القانونية',
      kind: 'PARTNERSHIP_AGREEMENT',
      scope: 'NATIONAL',
      parties: [
        { name: 'مؤسسة وطنية للتكوين المهني', country: 'ma' },
        { name: 'اتاق اصناف مرکز استان فارس', organisationId: 'guilds:fars-chamber' },
      ],
      signedOn: '2024-02-12',
    };
    const { data, errors } = await graph.query(ADD, { input }, admin);
    expect(errors).toBeUndefined();
    expect(data).toMatchObject({
      addPartnershipAgreement: {
        scope: 'NATIONAL',
        signedOn: { iso: '2024-02-12', jalali: '1402-11-23' },
        programme: { id: PROGRAMME },
        parties: [
          { country: 'MA', organisation: null },
          { country: null, organisation: { id: 'guilds:fars-chamber' } },
        ],
      },
    });
    expect(await count()).toBe(before + 1);
    expect((await programme()).partnershipAgreements).toHaveLength(3);
    const again = await graph.query(ADD, { input: { ...input, title: ' اتفاقية شراكة لتكوين المنتسبين في المستجدات القانونية ' } }, admin);
    expect(again.errors?.[0]?.message).toMatch(/title: .* already has this agreement/);
    expect(await count()).toBe(before + 1);
  });

  it('refuses an agreement titled as one the chamber signed that day under the id an older searchKey made (made before the upgrade)', async () => {
    const ADD = `mutation A($input: AddPartnershipAgreementInput!) { addPartnershipAgreement(input: $input) { id } }`;
    const title = 'بروتوكول التعاون رقم \u09ed\u09ed';
    const signedOn = new Date('2024-03-04T00:00:00Z');
    const olderKey = searchKey(title).replace(/7/g, '\u09ed');
    const legacyId = `guilds:agreement-2024-03-04-${createHash('sha256').update(`${CHAMBER}|${olderKey}`).digest('hex').slice(0, 10)}`;
    expect(legacyId).not.toBe(agreementIdOf(CHAMBER, signedOn, title));
    const parties = [{ name: 'مؤسسة وطنية للتكوين المهني', country: 'MA' }];
    await graph.stores.guilds
      .collection<AgreementDocument>('partnership_agreements')
      .insertOne({ _id: legacyId, chamberId: CHAMBER, title, kind: 'COOPERATION_PROTOCOL', scope: 'NATIONAL', parties, signedOn });
    const again = await graph.query(ADD, { input: { chamberId: CHAMBER, title, kind: 'COOPERATION_PROTOCOL', scope: 'NATIONAL', parties, signedOn: '2024-03-04' } }, admin);
    expect(again.errors?.[0]?.message).toMatch(/title: .* already has this agreement/);
  });
});
