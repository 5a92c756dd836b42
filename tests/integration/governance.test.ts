import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Issue #4, items 1, 2, 8 and 9 through the gateway: committees and working groups (joint projects
 * with a kind and seats), meetings with minutes and resolutions kept by each registry, and the
 * cross-registry lists (overdue resolutions, what one organisation is responsible for). Issue #15,
 * items 2, 3 and 6: the meetings of all five texts, dates as precise as the texts give them, and
 * follow-up (participations, resolution and committee histories, a meeting planned then held).
 */

const TWELFTH = 'guilds:markets-group-meetings/0012';
const THIRTEENTH = 'guilds:markets-group-meetings/0013';
const SEED_RESOLUTIONS = Array.from({ length: 8 }, (_, i) => `${TWELFTH}/r0${i + 1}`);
const CASABLANCA = 'guilds:casablanca-settat-bureau-meetings/expanded-meeting-programme-2023';
const CASABLANCA_RESOLUTIONS = Array.from({ length: 6 }, (_, i) => `${CASABLANCA}/r0${i + 1}`);
/** Seed 001 sets due dates for resolutions 1 (the end of Shahrivar), 4 and 8 (the next meeting, late Shahrivar 1391); the rest have none. */
const DUE_BY_THE_THIRTEENTH = [1, 4, 8].map((n) => `${TWELFTH}/r0${n}`);
/** The guilds registry's resolutions in list order: due ones by their last day, then those with nothing due, by id. */
const GUILDS_RESOLUTIONS = [...DUE_BY_THE_THIRTEENTH, ...CASABLANCA_RESOLUTIONS, ...[2, 3, 5, 6, 7].map((n) => `${TWELFTH}/r0${n}`)];

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

const RESOLUTIONS = /* GraphQL */ `
  query Resolutions($status: ResolutionFilterStatus, $responsibleId: ID, $registry: Registry, $asOf: String, $first: Int, $after: String) {
    resolutions(status: $status, responsibleId: $responsibleId, registry: $registry, asOf: $asOf, first: $first, after: $after) {
      totalCount
      asOf { iso }
      pageInfo { hasNextPage endCursor }
      nodes { id status dueDate { iso } }
    }
  }
`;
type ResolutionRow = { id: string; status: string; dueDate: { iso: string } };

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`committees, meetings and resolutions through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let labsAdmin: string;
    let guildsAdmin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      labsAdmin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
      guildsAdmin = await testToken(['guilds:admin']);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const resolutions = async (variables: Record<string, unknown>) => {
      const { data, errors } = await graph.query<{ resolutions: Page<ResolutionRow> & { asOf: { iso: string } } }>(RESOLUTIONS, variables);
      expect(errors).toBeUndefined();
      return data!.resolutions;
    };

    /** Every page of a list, `first` at a time (at most 50 pages). */
    const everyPage = async (variables: Record<string, unknown>, first: number) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const list: Page<ResolutionRow> = await resolutions({ ...variables, first, after });
        ids.push(...list.nodes.map((node) => node.id));
        if (!list.pageInfo.hasNextPage) return ids;
        after = list.pageInfo.endCursor;
      }
      throw new Error('more than 50 pages');
    };

    describe('demo data', () => {
      it("has seed 001's four committees, kind COMMITTEE, with the deadlines the minutes set and no other", async () => {
        const { data, errors } = await graph.query<{
          jointProjects: Page<{ id: string; kind: string; dueDate: { iso: string; jalali: string } | null; due: Record<string, unknown> | null; lead: { id: string } }>;
        }>('{ jointProjects(kind: COMMITTEE) { totalCount nodes { id kind dueDate { iso jalali } due { precision calendar iso jalali jalaliText written } lead { id } } } }');
        expect(errors).toBeUndefined();
        expect(data!.jointProjects.totalCount).toBe(4);
        expect(data!.jointProjects.nodes.map((p) => [p.id, p.lead.id])).toEqual([
          ['guilds:committee-cultural-social', 'guilds:markets-isfahan'],
          ['guilds:committee-environment-health', 'guilds:markets-tehran'],
          ['guilds:committee-investment-ecommerce', 'guilds:markets-mashhad'],
          ['guilds:committee-legal', 'guilds:markets-tehran'],
        ]);
        const byId = new Map(data!.jointProjects.nodes.map((committee) => [committee.id, committee]));
        const endOfShahrivar = { precision: 'MONTH_END', calendar: 'SOLAR_HIJRI', iso: '2012-09-21', jalali: '1391-06-31', jalaliText: 'پایان شهریور ۱۳۹۱' };
        expect(byId.get('guilds:committee-legal')).toMatchObject({
          kind: 'COMMITTEE',
          dueDate: { iso: '2012-09-21', jalali: '1391-06-31' },
          due: { ...endOfShahrivar, written: 'حداکثر تا پایان شهریور ماه سال جاری' },
        });
        expect(byId.get('guilds:committee-investment-ecommerce')!.due).toEqual({ ...endOfShahrivar, written: 'اواخر شهریور ۹۱' });
        for (const id of ['guilds:committee-cultural-social', 'guilds:committee-environment-health']) expect(byId.get(id)).toMatchObject({ dueDate: null, due: null });
      });

      it("has seed 000's export working groups, central and provincial, with their seats and people from the engineering registry", async () => {
        const { data, errors } = await graph.query<{
          jointProjects: Page<{ id: string; kind: string; lead: { id: string }; cooperating: { id: string }[]; members: { position: string; person: { fullName: string }; organisation: { id: string } }[] }>;
        }>(
          '{ jointProjects(kind: WORKING_GROUP, registry: ENGINEERING) { totalCount nodes { id kind lead { id } cooperating { id } members { position person { fullName } organisation { id } } } } }',
        );
        expect(errors).toBeUndefined();
        const groups = new Map(data!.jointProjects.nodes.map((group) => [group.id, group]));
        expect([...groups.keys()]).toEqual(
          expect.arrayContaining(['engineering:central-council-export-group', 'engineering:tehran-export-group', 'engineering:fars-export-group']),
        );
        const central = groups.get('engineering:central-council-export-group')!;
        expect(central.lead.id).toBe('engineering:central-council');
        expect(central.cooperating.map((o) => o.id)).toContain('engineering:tehran');
        expect(central.members.map((m) => [m.position, m.person.fullName])).toEqual([
          ['CHAIR', SEED_PEOPLE.seifzadeh.fullName],
          ['SECRETARY', SEED_PEOPLE.hajizadeh.fullName],
        ]);
        expect(groups.get('engineering:tehran-export-group')!.members.map((m) => [m.position, m.person.fullName, m.organisation.id])).toEqual([
          ['CHAIR', SEED_PEOPLE.fatemi.fullName, 'engineering:tehran'],
          ['VICE_CHAIR', SEED_PEOPLE.sharifi.fullName, 'engineering:tehran'],
        ]);
        // The joint meeting stays a PROJECT, and a kind filter leaves it out.
        expect(groups.has('engineering:export-joint-meeting')).toBe(false);
      });

      it("has seed 001's 12th meeting: Shiraz, ۳۱ خرداد و ۱ تیر ۱۳۹۱, its attendees, agenda and eight resolutions", async () => {
        const { data, errors } = await graph.query<{ meeting: Record<string, any> }>(/* GraphQL */ `{
          meeting(id: "${TWELFTH}") {
            id number place
            startsOn { iso jalali } endsOn { iso jalali }
            host { id name }
            series { id convenor { id } }
            attendees { name title person { fullName registries } }
            agenda { number }
            resolutions { id number responsible { id name } cooperating { id } dueDate { jalali } status committee { id title } }
          }
        }`);
        expect(errors).toBeUndefined();
        const meeting = data!.meeting;
        expect(meeting).toMatchObject({
          number: 12,
          place: 'شیراز',
          startsOn: { iso: '2012-06-20', jalali: '1391-03-31' },
          endsOn: { iso: '2012-06-21', jalali: '1391-04-01' },
          host: { id: 'guilds:markets-shiraz', name: 'سازمان میادین و ساماندهی مشاغل شهرداری شیراز' },
          series: { id: 'guilds:markets-group-meetings', convenor: { id: 'guilds:metropolitan-markets-group' } },
        });
        expect(meeting.agenda).toHaveLength(8);
        expect(meeting.attendees.map((a: { person: { fullName: string } | null }) => a.person?.fullName ?? null)).toEqual([
          SEED_PEOPLE.dabiri.fullName,
          null,
          SEED_PEOPLE.moradi.fullName,
          SEED_PEOPLE.jafari.fullName,
        ]);
        expect(meeting.resolutions.map((r: { id: string }) => r.id)).toEqual(SEED_RESOLUTIONS);
        const [legal, , , , , , , nextMeeting] = meeting.resolutions;
        expect(legal).toMatchObject({
          responsible: { id: 'guilds:markets-tehran' },
          dueDate: { jalali: '1391-06-31' },
          status: 'OPEN',
          committee: { id: 'guilds:committee-legal', title: 'کمیته حقوقی' },
        });
        expect(legal.cooperating).toHaveLength(8);
        expect(nextMeeting.responsible.id).toBe('guilds:markets-isfahan');
      });
    });

    describe('overdue resolutions and responsibility, across registries', () => {
      it('derives overdue from asOf: due on the day is not overdue, the day after it is; nothing due is never overdue', async () => {
        expect((await resolutions({ status: 'OVERDUE', asOf: '1391-06-31' })).totalCount).toBe(0);
        const after = await resolutions({ status: 'OVERDUE', asOf: '2012-09-22' });
        expect(after.asOf.iso).toBe('2012-09-22');
        expect(after.nodes.map((node) => node.id)).toEqual(DUE_BY_THE_THIRTEENTH);
        const { data } = await graph.query<{ overdueResolutions: { totalCount: number } }>('{ overdueResolutions(asOf: "1403-07-01") { totalCount } }');
        expect(data!.overdueResolutions.totalCount).toBe(3);
      });

      it('pages by due date and id, those with nothing due last, each resolution once, whatever the page size', async () => {
        for (const first of [1, 3, 8]) expect(await everyPage({ registry: 'GUILDS' }, first)).toEqual(GUILDS_RESOLUTIONS);
      });

      it('costs the same store calls per registry for a page of 2 resolutions as for a page of 8 (no N+1)', async () => {
        const PAGE = /* GraphQL */ `
          query Page($first: Int) {
            resolutions(first: $first, registry: GUILDS) { nodes { id text responsible { name } cooperating { name } committee { title kind members { position } } meeting { number host { name } series { title } } } }
          }
        `;
        const callsFor = async (first: number) => {
          for (const store of Object.values(graph.stores)) store.reset();
          const { data, errors } = await graph.query<{ resolutions: { nodes: unknown[] } }>(PAGE, { first });
          expect(errors).toBeUndefined();
          expect(data!.resolutions.nodes).toHaveLength(first);
          return Object.fromEntries(Object.entries(graph.stores).map(([key, store]) => [key, store.total]));
        };
        const small = await callsFor(2);
        expect(await callsFor(8)).toEqual(small);
        expect(small.guilds).toBeGreaterThan(0);
      });

      it('answers what one organisation is responsible for, through Organisation.responsibleFor', async () => {
        const { data, errors } = await graph.query<{ resolution: { responsible: { responsibleFor: Page<{ id: string }> } } }>(
          `{ resolution(id: "${TWELFTH}/r01") { responsible { responsibleFor(status: OPEN) { totalCount nodes { id } } } } }`,
        );
        expect(errors).toBeUndefined();
        expect(data!.resolution.responsible.responsibleFor.nodes.map((r) => r.id)).toEqual([`${TWELFTH}/r01`, `${TWELFTH}/r03`]);
      });

      it('refuses a bad asOf, status-free cursor or page size with BAD_USER_INPUT', async () => {
        for (const variables of [{ asOf: '1391-13-40' }, { after: 'not-a-cursor' }, { first: 0 }]) {
          const { errors } = await graph.query(RESOLUTIONS, variables);
          expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        }
      });
    });

    describe('mutations', () => {
      const CREATE = /* GraphQL */ `
        mutation Create($input: CreateCommitteeInput!) {
          createLabsCommittee(input: $input) { id kind title status registries lead { name } cooperating { id name } dueDate { iso } }
        }
      `;
      const ADD_MEMBER = /* GraphQL */ `
        mutation Add($input: AddCommitteeMemberInput!) {
          addLabsCommitteeMember(input: $input) { id members { position person { nationalCode fullName registries } organisation { id } since { iso } } }
        }
      `;
      const RECORD = /* GraphQL */ `
        mutation Record($input: RecordMeetingInput!) {
          recordLabsMeeting(input: $input) { id number host { name } resolutions { id responsible { id name } dueDate { iso } status } }
        }
      `;
      const committee = {
        id: 'labs:joint-calibration-committee',
        kind: 'COMMITTEE',
        title: 'کمیته مشترک واسنجی',
        mandate: 'هماهنگی روش‌های واسنجی میان آزمایشگاه‌ها، بازرسان و سازمان‌های میادین',
        leadOrganisationId: 'labs:association',
        cooperatingOrganisationIds: ['auditors:society', 'guilds:markets-tehran'],
        dueDate: '1405-06-31',
      };

      it('creates a committee led by labs with cooperating organisations of two other registries', async () => {
        const { data, errors } = await graph.query<{ createLabsCommittee: Record<string, unknown> }>(CREATE, { input: committee }, labsAdmin);
        expect(errors).toBeUndefined();
        expect(data!.createLabsCommittee).toEqual({
          id: committee.id,
          kind: 'COMMITTEE',
          title: committee.title,
          status: 'ACTIVE',
          registries: ['LABS', 'AUDITORS', 'GUILDS'],
          lead: { name: 'انجمن آزمایشگاه‌های همکار آزمون و واسنجی ایران' },
          cooperating: [
            { id: 'auditors:society', name: 'جامعه ممیزی و بازرسی ایران' },
            { id: 'guilds:markets-tehran', name: 'سازمان میادین و ساماندهی مشاغل شهرداری تهران' },
          ],
          dueDate: { iso: '2026-09-22' },
        });
        // The guilds registry does not record this participation, yet a guilds filter finds the committee.
        const { data: listed } = await graph.query<{ jointProjects: Page<{ id: string }> }>('{ jointProjects(registry: GUILDS, kind: COMMITTEE, first: 100) { nodes { id } } }');
        expect(listed!.jointProjects.nodes.map((p) => p.id)).toContain(committee.id);
      });

      it('refuses a committee with every problem named, and writes nothing', async () => {
        const before = (await graph.query<{ jointProjects: { totalCount: number } }>('{ jointProjects { totalCount } }')).data!.jointProjects.totalCount;
        const { data, errors } = await graph.query(CREATE, {
          input: {
            ...committee,
            id: 'guilds:not-mine',
            title: ' ',
            leadOrganisationId: 'labs:no-such-lab',
            cooperatingOrganisationIds: ['auditors:society', 'auditors:society', 'nowhere'],
            dueDate: '2026-02-30',
          },
        }, labsAdmin);
        expect(data).toBeNull();
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field).sort();
        expect(fields).toEqual(['cooperatingOrganisationIds[1]', 'cooperatingOrganisationIds[2]', 'dueDate', 'id', 'leadOrganisationId', 'title']);
        const after = (await graph.query<{ jointProjects: { totalCount: number } }>('{ jointProjects { totalCount } }')).data!.jointProjects.totalCount;
        expect(after).toBe(before);
        const again = await graph.query(CREATE, { input: committee }, labsAdmin);
        expect(again.errors?.[0]?.message).toMatch(/id: "labs:joint-calibration-committee" already exists/);
      });

      it('seats people of any registry, one chair per committee even when requests race, a person once', async () => {
        const tajik = SEED_PEOPLE.saeedTajik.nationalCode;
        const seated = await graph.query<{ addLabsCommitteeMember: { members: { position: string; person: { fullName: string; registries: string[] } }[] } }>(
          ADD_MEMBER,
          { input: { projectId: committee.id, nationalCode: SEED_PEOPLE.dabiri.nationalCode, position: 'SECRETARY', organisationId: 'guilds:markets-shiraz', since: '1405-01-15' } },
          labsAdmin,
        );
        expect(seated.errors).toBeUndefined();
        expect(seated.data!.addLabsCommitteeMember.members).toEqual([
          { position: 'SECRETARY', person: { nationalCode: SEED_PEOPLE.dabiri.nationalCode, fullName: SEED_PEOPLE.dabiri.fullName, registries: ['GUILDS'] }, organisation: { id: 'guilds:markets-shiraz' }, since: { iso: '2026-04-04' } },
        ]);

        const candidates = [tajik, ...['006123471', '006123472', '006123473', '006123474', '006123475'].map(withIranianCheckDigit)];
        const race = await Promise.all(candidates.map((nationalCode) => graph.query(ADD_MEMBER, { input: { projectId: committee.id, nationalCode, position: 'CHAIR' } }, labsAdmin)));
        expect(race.filter((answer) => !answer.errors)).toHaveLength(1);
        for (const refused of race.filter((answer) => answer.errors)) {
          expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
          expect(refused.errors?.[0]?.message).toMatch(/position: .* already has a CHAIR/);
        }
        const twice = await graph.query(ADD_MEMBER, { input: { projectId: committee.id, nationalCode: SEED_PEOPLE.dabiri.nationalCode, position: 'MEMBER' } }, labsAdmin);
        expect(twice.errors?.[0]?.message).toMatch(/nationalCode: this person already sits/);
        const { data } = await graph.query<{ jointProjects: { nodes: { members: { position: string }[] }[] } }>(
          '{ jointProjects(kind: COMMITTEE, registry: LABS) { nodes { members { position } } } }',
        );
        expect(data!.jointProjects.nodes[0]!.members.map((m) => m.position)).toEqual(['CHAIR', 'SECRETARY']);
      });

      it("records a labs meeting whose resolutions make a guilds organisation responsible: one list shows both registries'", async () => {
        const series = await graph.query(
          'mutation { createLabsMeetingSeries(input: { id: "labs:joint-board-meetings", title: "نشست‌های مشترک هیئت مدیره انجمن و جامعه", convenorId: "labs:association" }) { id convenor { name } } }',
          undefined,
          labsAdmin,
        );
        expect(series.errors).toBeUndefined();
        const { data, errors } = await graph.query<{ recordLabsMeeting: { id: string; resolutions: { id: string; responsible: { id: string } }[] } }>(RECORD, {
          input: {
            seriesId: 'labs:joint-board-meetings',
            number: 1,
            hostId: 'auditors:society',
            startsOn: '1391-05-10',
            attendees: [{ name: SEED_PEOPLE.saeedTajik.fullName, title: 'رئیس هیئت مدیره جامعه', nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, organisationId: 'auditors:society' }],
            agenda: ['آزمون مهارت آزمایشگاه‌های بازار'],
            resolutions: [
              { text: 'نمونه‌برداری از میوه‌های میادین تهران برای پایش سموم', responsibleId: 'guilds:markets-tehran', cooperatingIds: ['labs:association'], dueDate: '1391-06-15' },
              { text: 'تدوین برنامه آزمون مهارت', responsibleId: 'labs:association', dueDate: '1392-01-15', projectId: committee.id },
            ],
          },
        }, labsAdmin);
        expect(errors).toBeUndefined();
        expect(data!.recordLabsMeeting.id).toBe('labs:joint-board-meetings/0001');
        const [sampling, programme] = data!.recordLabsMeeting.resolutions.map((r) => r.id);

        // Due 1391-06-15 (2012-09-05): the earliest, so first among the overdue, ahead of the guilds ones.
        const overdue = await resolutions({ status: 'OVERDUE', asOf: '2012-12-01' });
        expect(overdue.totalCount).toBe(4);
        expect(overdue.nodes[0]!.id).toBe(sampling);
        expect(overdue.nodes.map((n) => n.id)).not.toContain(programme);
        const tehran = await resolutions({ responsibleId: 'guilds:markets-tehran' });
        expect(tehran.nodes.map((n) => n.id)).toEqual([sampling, `${TWELFTH}/r01`, `${TWELFTH}/r03`]);
      });

      it('refuses a bad meeting with every problem named, a number recorded twice, and writes nothing', async () => {
        const before = (await graph.query<{ meetings: { totalCount: number } }>('{ meetings { totalCount } }')).data!.meetings.totalCount;
        const { errors } = await graph.query(RECORD, {
          input: {
            seriesId: 'labs:joint-board-meetings',
            number: 0,
            hostId: 'labs:nowhere',
            startsOn: '1391-05-10',
            endsOn: '1391-05-01',
            attendees: [{ name: '', nationalCode: '0061234509' }],
            agenda: ['x'],
            resolutions: [{ text: 'متن', responsibleId: 'labs:association', cooperatingIds: ['labs:association'], dueDate: 'soon' }],
          },
        }, labsAdmin);
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field).sort();
        expect(fields).toEqual(['agenda[0]', 'attendees[0].name', 'attendees[0].nationalCode', 'endsOn', 'hostId', 'number', 'resolutions[0].cooperatingIds[0]', 'resolutions[0].dueDate']);
        const duplicate = await graph.query(RECORD, { input: { seriesId: 'labs:joint-board-meetings', number: 1, hostId: 'labs:association', startsOn: '1391-08-01' } }, labsAdmin);
        expect(duplicate.errors?.[0]?.message).toMatch(/number: meeting 1 of "labs:joint-board-meetings" is already recorded/);
        const after = (await graph.query<{ meetings: { totalCount: number } }>('{ meetings { totalCount } }')).data!.meetings.totalCount;
        expect(after).toBe(before);
      });

      it("sets a resolution's status: done ones are no longer overdue", async () => {
        const SET = 'mutation Set($input: SetResolutionStatusInput!) { setGuildsResolutionStatus(input: $input) { id status overdue(asOf: "2013-01-01") } }';
        const { data, errors } = await graph.query(SET, { input: { id: `${TWELFTH}/r08`, status: 'DONE' } }, guildsAdmin);
        expect(errors).toBeUndefined();
        expect(data).toEqual({ setGuildsResolutionStatus: { id: `${TWELFTH}/r08`, status: 'DONE', overdue: false } });
        const overdue = await resolutions({ status: 'OVERDUE', registry: 'GUILDS', asOf: '2013-01-01' });
        expect(overdue.nodes.map((n) => n.id)).toEqual(DUE_BY_THE_THIRTEENTH.slice(0, 2));
        expect((await resolutions({ status: 'DONE' })).nodes.map((n) => n.id)).toEqual([`${TWELFTH}/r08`]);
        const unknown = await graph.query(SET, { input: { id: 'labs:joint-board-meetings/0001/r01', status: 'DONE' } }, guildsAdmin);
        expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^Invalid input\. id: no resolution/) });
      });

      it("needs the registry's admin scope, and writes nothing without it", async () => {
        const input = { ...committee, id: 'labs:unauthorised-committee' };
        const anonymous = await graph.query(CREATE, { input });
        expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        const wrongRegistry = await graph.query(CREATE, { input }, guildsAdmin);
        expect(wrongRegistry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const { data } = await graph.query<{ jointProjects: Page<{ id: string }> }>('{ jointProjects(registry: LABS, first: 100) { nodes { id } } }');
        expect(data!.jointProjects.nodes.map((p) => p.id)).not.toContain(input.id);
      });

      it('keeps pages stable while resolutions are added: an earlier-due insert shifts nothing already paged', async () => {
        const first = await resolutions({ registry: 'GUILDS', first: 4 });
        const recorded = await graph.query(
          'mutation { recordGuildsMeeting(input: { seriesId: "guilds:markets-group-meetings", number: 14, hostId: "guilds:markets-isfahan", startsOn: "1391-09-28", resolutions: [{ text: "بررسی گزارش کمیته حقوقی", responsibleId: "guilds:markets-tehran", dueDate: "1391-01-01" }] }) { id } }',
          undefined,
          guildsAdmin,
        );
        expect(recorded.errors).toBeUndefined();
        const second = await resolutions({ registry: 'GUILDS', first: 50, after: first.pageInfo.endCursor });
        expect([...first.nodes, ...second.nodes].map((n) => n.id)).toEqual(GUILDS_RESOLUTIONS);
        expect(second.totalCount).toBe(GUILDS_RESOLUTIONS.length + 1);
      });
    });
  });
}
