import { createHash } from 'node:crypto';
import { searchKey } from '../../shared/text/normalize';
import { structuredProjectIdOf } from '../../subgraphs/guilds/programmes/add-project';
import { StructuredProjectDocument } from '../../subgraphs/guilds/programmes/documents';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

const CASABLANCA = 'guilds:casablanca-settat-chamber';
const FARS = 'guilds:fars-chamber';
const PROGRAMME_2023 = 'guilds:programme-casablanca-settat-2023';

const PROGRAMME = /* GraphQL */ `
  query Programme($id: ID!) {
    chamberProgramme(id: $id) {
      id year title achievement createdAt
      chamber { id }
      axes { order kind title indicators { id name unit target actual achievement actualAsOf { iso } values { value asOf { iso jalali } achievement recordedAt } } }
      structuredProjects { id name city status progress stages { order name progress } }
    }
  }
`;
const CREATE = `mutation C($input: CreateChamberProgrammeInput!) { createChamberProgramme(input: $input) { id year title createdAt createdBy axes { order kind title } } }`;
const ADD_AXIS = `mutation X($input: AddProgrammeAxisInput!) { addProgrammeAxis(input: $input) { id axes { order kind title } } }`;
const ADD_INDICATOR = `mutation I($input: AddProgrammeIndicatorInput!) { addProgrammeIndicator(input: $input) { id axis name unit target actual values { value } } }`;
const RECORD = `mutation R($input: RecordProgrammeIndicatorActualInput!) { recordProgrammeIndicatorActual(input: $input) { id actual actualAsOf { iso } values { value asOf { iso } recordedAt recordedBy } } }`;
const ADD_PROJECT = `mutation P($input: AddStructuredProjectInput!) { addStructuredProject(input: $input) { id name city purpose status progress programme { id } chamber { id } stages { order name progress } } }`;

interface Indicator {
  id: string;
  name: string;
  target: number;
  actual: number | null;
  achievement: number | null;
  actualAsOf: { iso: string } | null;
  values: { value: number; asOf: { iso: string; jalali: string }; achievement: number | null; recordedAt: string | null }[];
}
interface Programme {
  id: string;
  year: number;
  title: string;
  achievement: number | null;
  createdAt: string | null;
  chamber: { id: string };
  axes: { order: number; kind: string; title: string; indicators: Indicator[] }[];
  structuredProjects: { id: string; name: string; city: string | null; status: string; progress: number; stages: { order: number; name: string; progress: number }[] }[];
}
type Problems = { field: string; problem: string }[];

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`a chamber's programmes grow year by year, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    const databases = perAssociationDatabases(candidate);
    const programme = async (id: string) => {
      const { data, errors } = await graph.query<{ chamberProgramme: Programme | null }>(PROGRAMME, { id }, admin);
      expect(errors).toBeUndefined();
      return data!.chamberProgramme;
    };
    const stored = (collection: string) => graph.stores.guilds.collection(collection).count({});
    const problemsOf = (answer: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => {
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return answer.errors![0]!.extensions!.problems as Problems;
    };

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['guilds:admin', 'personal:read'], { subject: 'casablanca-treasurer' });
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it("creates the chamber's 2024 programme with the 2023 axes carried over, once, and refuses what is wrong naming every field without writing", async () => {
      const before = await stored('chamber_programmes');
      const bad = await graph.query(
        CREATE,
        {
          input: {
            chamberId: 'guilds:fars-union-001',
            year: 99,
            title: 'ab',
            axes: [
              { kind: 'TRAINING', title: 'x' },
              { kind: 'TRAINING', title: 'الدورات' },
            ],
          },
        },
        admin,
      );
      expect(problemsOf(bad).map((p) => p.field)).toEqual(['chamberId', 'year', 'title', 'axes[0].title', 'axes[1].kind']);
      const forbidden = await graph.query(CREATE, { input: { chamberId: CASABLANCA, year: 2024, title: 'برنامج عمل الغرفة برسم سنة 2024' } }, await testToken([]));
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const taken = await graph.query(CREATE, { input: { chamberId: CASABLANCA, year: 2023, title: 'برنامج عمل الغرفة برسم سنة 2023' } }, admin);
      expect(problemsOf(taken)).toEqual([{ field: 'year', problem: `${CASABLANCA} already has its 2023 programme (${PROGRAMME_2023})` }]);
      expect(await stored('chamber_programmes')).toBe(before);

      const { data, errors } = await graph.query<{
        createChamberProgramme: { id: string; createdBy: string; createdAt: string; axes: { order: number; kind: string; title: string }[] };
      }>(CREATE, { input: { chamberId: CASABLANCA, year: 2024, title: 'برنامج عمل الغرفة برسم سنة 2024' } }, admin);
      expect(errors).toBeUndefined();
      const created = data!.createChamberProgramme;
      expect(created).toMatchObject({ id: 'guilds:programme-casablanca-settat-2024', createdBy: 'casablanca-treasurer' });
      expect(Date.parse(created.createdAt)).not.toBeNaN();
      const previous = (await programme(PROGRAMME_2023))!;
      expect(created.axes).toEqual(previous.axes.map(({ order, kind, title }) => ({ order, kind, title })));
      const view = (await programme(created.id))!;
      expect(view.axes.flatMap((a) => a.indicators)).toEqual([]);
      expect(view).toMatchObject({ achievement: null, structuredProjects: [] });
      const list = await graph.query<{ chamberProgrammes: { nodes: { id: string; year: number }[] } }>(`{ chamberProgrammes(chamberId: "${CASABLANCA}") { nodes { id year } } }`);
      expect(list.data!.chamberProgrammes.nodes.map((n) => n.year)).toEqual([2023, 2024]);

      const again = await graph.query(CREATE, { input: { chamberId: CASABLANCA, year: 2024, title: 'برنامج آخر لسنة 2024' } }, admin);
      expect(problemsOf(again)[0]!.field).toBe('year');
      expect(await stored('chamber_programmes')).toBe(before + 1);
      // Who created it is for the registry's administrators with personal:read (a token's subject may be a national code).
      for (const scopes of [[], ['guilds:admin']]) {
        const reader = await graph.query<{ chamberProgramme: { createdBy: string | null } }>(
          `{ chamberProgramme(id: "${created.id}") { createdBy } }`,
          {},
          await testToken(scopes),
        );
        expect({ scopes, code: reader.errors?.[0]?.extensions?.code }).toEqual({ scopes, code: 'FORBIDDEN' });
      }
    });

    it('starts a Solar Hijri year programme with the axes given, adds an axis, indicators and a structured project', async () => {
      const created = await graph.query<{ createChamberProgramme: { id: string; axes: { kind: string }[] } }>(
        CREATE,
        { input: { chamberId: FARS, year: 1403, title: 'برنامه عملیاتی اتاق اصناف فارس ۱۴۰۳', axes: [{ kind: 'TRAINING', title: 'آموزش' }] } },
        admin,
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createChamberProgramme.id;
      expect(id).toBe('guilds:programme-fars-1403');
      expect(created.data!.createChamberProgramme.axes.map((a) => a.kind)).toEqual(['TRAINING']);

      // An indicator or a project needs its axis first.
      const noAxis = await graph.query(ADD_INDICATOR, { input: { programmeId: id, axis: 'COMMUNICATION', name: 'راه‌اندازی پایگاه اینترنتی', unit: '%', target: 100 } }, admin);
      expect(problemsOf(noAxis).map((p) => p.field)).toEqual(['axis']);
      const noProjectsAxis = await graph.query(ADD_PROJECT, { input: { programmeId: id, name: 'ساختمان مرکز آموزش', purpose: 'آموزش اعضا', stages: ['طراحی'] } }, admin);
      expect(problemsOf(noProjectsAxis)[0]!.problem).toMatch(/has no STRUCTURED_PROJECTS axis/);

      const twice = await graph.query(ADD_AXIS, { input: { programmeId: id, kind: 'TRAINING', title: 'آموزش' } }, admin);
      expect(problemsOf(twice)).toEqual([{ field: 'kind', problem: `${id} already has the TRAINING axis` }]);
      for (const [kind, title] of [
        ['COMMUNICATION', 'اطلاع‌رسانی'],
        ['STRUCTURED_PROJECTS', 'طرح‌های ساختاری'],
      ] as const) {
        const added = await graph.query<{ addProgrammeAxis: { axes: { order: number; kind: string }[] } }>(ADD_AXIS, { input: { programmeId: id, kind, title } }, admin);
        expect(added.errors).toBeUndefined();
        expect(added.data!.addProgrammeAxis.axes.at(-1)!.kind).toBe(kind);
      }
      expect((await programme(id))!.axes.map((a) => [a.order, a.kind])).toEqual([
        [1, 'TRAINING'],
        [2, 'COMMUNICATION'],
        [3, 'STRUCTURED_PROJECTS'],
      ]);

      const indicators = await stored('programme_indicators');
      const bad = await graph.query(ADD_INDICATOR, { input: { programmeId: 'guilds:programme-none', axis: 'TRAINING', name: 'x', unit: '', target: -1 } }, admin);
      expect(problemsOf(bad).map((p) => p.field)).toEqual(['programmeId', 'name', 'unit', 'target']);
      const first = await graph.query<{ addProgrammeIndicator: { id: string; actual: number | null; values: unknown[] } }>(
        ADD_INDICATOR,
        { input: { programmeId: id, axis: 'TRAINING', name: 'دوره‌های آموزشی برگزارشده', unit: 'دوره', target: 12 } },
        admin,
      );
      expect(first.errors).toBeUndefined();
      expect(first.data!.addProgrammeIndicator).toMatchObject({ id: `${id}|TRAINING|1`, actual: null, values: [] });
      const second = await graph.query<{ addProgrammeIndicator: { id: string } }>(
        ADD_INDICATOR,
        { input: { programmeId: id, axis: 'TRAINING', name: 'شرکت‌کنندگان', unit: 'نفر', target: 300 } },
        admin,
      );
      expect(second.data!.addProgrammeIndicator.id).toBe(`${id}|TRAINING|2`);
      const sameName = await graph.query(ADD_INDICATOR, { input: { programmeId: id, axis: 'TRAINING', name: ' دوره‌های  آموزشی برگزارشده ', unit: 'دوره', target: 5 } }, admin);
      expect(problemsOf(sameName).map((p) => p.field)).toEqual(['name']);
      expect(await stored('programme_indicators')).toBe(indicators + 2);

      const projects = await stored('structured_projects');
      const stages = await stored('structured_project_stages');
      const badProject = await graph.query(ADD_PROJECT, { input: { programmeId: id, name: 'ab', city: 'ش', purpose: 'x', stages: [] } }, admin);
      expect(problemsOf(badProject).map((p) => p.field)).toEqual(['name', 'city', 'purpose', 'stages']);
      const project = await graph.query<{
        addStructuredProject: {
          id: string;
          status: string;
          progress: number;
          programme: { id: string };
          chamber: { id: string };
          stages: { order: number; name: string; progress: number }[];
        };
      }>(
        ADD_PROJECT,
        { input: { programmeId: id, name: 'ساختمان مرکز آموزش اصناف', city: 'شیراز', purpose: 'آموزش اعضای اتحادیه‌ها', stages: ['طراحی', 'ساخت', 'تجهیز'] } },
        admin,
      );
      expect(project.errors).toBeUndefined();
      expect(project.data!.addStructuredProject).toMatchObject({
        status: 'PLANNED',
        progress: 0,
        programme: { id },
        chamber: { id: FARS },
        stages: [
          { order: 1, name: 'طراحی', progress: 0 },
          { order: 2, name: 'ساخت', progress: 0 },
          { order: 3, name: 'تجهیز', progress: 0 },
        ],
      });
      expect(await stored('structured_projects')).toBe(projects + 1);
      expect(await stored('structured_project_stages')).toBe(stages + 3);
      const sameProject = await graph.query(ADD_PROJECT, { input: { programmeId: id, name: 'ساختمان  مرکز آموزش اصناف', purpose: 'آموزش اعضا', stages: ['طراحی'] } }, admin);
      expect(problemsOf(sameProject).map((p) => p.field)).toEqual(['name']);
      expect(await stored('structured_projects')).toBe(projects + 1);
      expect((await programme(id))!.structuredProjects.map((p) => p.id)).toEqual([project.data!.addStructuredProject.id]);
      const progress = await graph.query(
        `mutation S($input: RecordStructuredProjectStageProgressInput!) { recordStructuredProjectStageProgress(input: $input) { status } }`,
        { input: { projectId: project.data!.addStructuredProject.id, stage: 1, progress: 40, asOf: '1403-05-01' } },
        admin,
      );
      expect(progress).toMatchObject({ data: { recordStructuredProjectStageProgress: { status: 'ACTIVE' } } });
      expect(progress.errors).toBeUndefined();
    });

    it('refuses a structured project named as one the chamber has under the id an older searchKey made (made before the upgrade)', async () => {
      const name = 'مشروع المنطقة \u09ed\u09ed';
      const olderKey = searchKey(name).replace(/7/g, '\u09ed');
      const legacyId = `guilds:structured-${createHash('sha256').update(`${CASABLANCA}|${olderKey}`).digest('hex').slice(0, 12)}`;
      expect(legacyId).not.toBe(structuredProjectIdOf(CASABLANCA, name));
      await graph.stores.guilds
        .collection<StructuredProjectDocument>('structured_projects')
        .insertOne({ _id: legacyId, chamberId: CASABLANCA, programmeId: PROGRAMME_2023, name, purpose: 'تأهيل المنطقة الصناعية', cancelled: false });
      const projects = await stored('structured_projects');
      const again = await graph.query(ADD_PROJECT, { input: { programmeId: PROGRAMME_2023, name, purpose: 'تأهيل المنطقة الصناعية', stages: ['الدراسة'] } }, admin);
      expect(problemsOf(again)).toEqual([{ field: 'name', problem: expect.stringContaining('already has the structured project') }]);
      expect(await stored('structured_projects')).toBe(projects);
    });

    it("records an indicator's values over time, keeping every one with who recorded it; the latest day's is the actual", async () => {
      const programmeId = 'guilds:programme-fars-1403';
      const indicatorId = `${programmeId}|TRAINING|1`;
      const values = await stored('programme_indicator_values');
      // 1403 began on 1 Farvardin (2024-03-20): the day before belongs to 1402.
      const early = await graph.query(RECORD, { input: { indicatorId, actual: 1, asOf: '2024-03-19' } }, admin);
      expect(problemsOf(early)).toEqual([{ field: 'asOf', problem: "is before the programme's year 1403" }]);
      expect(await stored('programme_indicator_values')).toBe(values);

      const record = async (actual: number, asOf: string) => {
        const answer = await graph.query<{
          recordProgrammeIndicatorActual: {
            actual: number;
            actualAsOf: { iso: string };
            values: { value: number; asOf: { iso: string }; recordedAt: string; recordedBy: string }[];
          };
        }>(RECORD, { input: { indicatorId, actual, asOf } }, admin);
        expect(answer.errors).toBeUndefined();
        return answer.data!.recordProgrammeIndicatorActual;
      };
      await record(3, '1403-04-31');
      await record(7, '1403-09-30');
      // A value for an earlier day does not become the actual; a second value for a day corrects the first, both kept.
      await record(2, '1403-02-15');
      const last = await record(8, '1403-09-30');
      // The same value sent again (its answer lost to a timeout, say) is not recorded a second time.
      expect((await record(8, '1403-09-30')).values).toHaveLength(4);
      expect(last.actual).toBe(8);
      expect(last.actualAsOf.iso).toBe('2024-12-20');
      expect(last.values.map((v) => [v.value, v.asOf.iso])).toEqual([
        [2, '2024-05-04'],
        [3, '2024-07-21'],
        [7, '2024-12-20'],
        [8, '2024-12-20'],
      ]);
      for (const value of last.values) expect(value.recordedBy).toBe('casablanca-treasurer');
      expect(await stored('programme_indicator_values')).toBe(values + 4);

      const view = (await programme(programmeId))!;
      const indicator = view.axes[0]!.indicators.find((i) => i.id === indicatorId)!;
      expect(indicator).toMatchObject({ actual: 8, achievement: 8 / 12 });
      expect(indicator.values.map((v) => v.achievement)).toEqual([2 / 12, 3 / 12, 7 / 12, 8 / 12]);
      expect(indicator.values[0]!.asOf.jalali).toBe('1403-02-15');
      // One of two indicators measured, below its target.
      expect(view.achievement).toBe(0);
    });

    it('creates a programme and adds two axes to it in one request, each change seeing the one before', async () => {
      const { data, errors } = await graph.query<{ c: { id: string }; a: { axes: { kind: string }[] }; b: { axes: { kind: string }[] } }>(
        `mutation Grow {
          c: createChamberProgramme(input: { chamberId: "${FARS}", year: 1404, title: "برنامه عملیاتی اتاق اصناف فارس ۱۴۰۴", axes: [{ kind: GOVERNANCE, title: "حکمرانی" }] }) { id }
          a: addProgrammeAxis(input: { programmeId: "guilds:programme-fars-1404", kind: TRAINING, title: "آموزش" }) { axes { kind } }
          b: addProgrammeAxis(input: { programmeId: "guilds:programme-fars-1404", kind: COMMUNICATION, title: "اطلاع‌رسانی" }) { axes { kind } }
        }`,
        {},
        admin,
      );
      expect(errors).toBeUndefined();
      expect(data!.b.axes.map((a) => a.kind)).toEqual(['GOVERNANCE', 'TRAINING', 'COMMUNICATION']);
      expect((await programme('guilds:programme-fars-1404'))!.axes.map((a) => a.kind)).toEqual(['GOVERNANCE', 'TRAINING', 'COMMUNICATION']);
    });

    it("keeps a demo indicator's figure as the first of its values when a new one is recorded", async () => {
      const indicatorId = `${PROGRAMME_2023}|TRAINING|1`;
      const before = (await programme(PROGRAMME_2023))!.axes.find((a) => a.kind === 'TRAINING')!.indicators.find((i) => i.id === indicatorId)!;
      expect(before.values).toEqual([{ value: before.actual, asOf: { iso: '2023-12-31', jalali: '1402-10-10' }, achievement: before.actual! / before.target, recordedAt: null }]);
      const { data, errors } = await graph.query<{ recordProgrammeIndicatorActual: { actual: number; values: { value: number; recordedBy: string | null }[] } }>(
        RECORD,
        { input: { indicatorId, actual: 21, asOf: '2024-01-31' } },
        admin,
      );
      expect(errors).toBeUndefined();
      expect(data!.recordProgrammeIndicatorActual.actual).toBe(21);
      expect(data!.recordProgrammeIndicatorActual.values).toMatchObject([
        { value: before.actual, recordedBy: null },
        { value: 21, recordedBy: 'casablanca-treasurer' },
      ]);
    });
  });
}
