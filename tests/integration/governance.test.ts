import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { recordName, SEED_PEOPLE } from '../../shared/demo/people';
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
    let auditorsAdmin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      labsAdmin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
      guildsAdmin = await testToken(['guilds:admin']);
      auditorsAdmin = await testToken(['auditors:admin']);
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
          jointProjects: Page<{
            id: string;
            kind: string;
            lead: { id: string };
            cooperating: { id: string }[];
            members: { position: string; person: { fullName: string }; organisation: { id: string } }[];
          }>;
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
          ['CHAIR', recordName(SEED_PEOPLE.seifzadeh)],
          ['SECRETARY', recordName(SEED_PEOPLE.hajizadeh)],
        ]);
        expect(groups.get('engineering:tehran-export-group')!.members.map((m) => [m.position, m.person.fullName, m.organisation.id])).toEqual([
          ['CHAIR', recordName(SEED_PEOPLE.fatemi), 'engineering:tehran'],
          ['VICE_CHAIR', recordName(SEED_PEOPLE.sharifi), 'engineering:tehran'],
        ]);
        // The joint meeting stays a PROJECT, and a kind filter leaves it out.
        expect(groups.has('engineering:export-joint-meeting')).toBe(false);
      });

      it('answers a meeting or resolution by id only when its registry holds it, whatever is selected', async () => {
        const { data, errors } = await graph.query(/* GraphQL */ `{
          held: meeting(id: "${TWELFTH}") { id __typename }
          heldResolution: resolution(id: "${TWELFTH}/r01") { id }
          missing: meeting(id: "guilds:markets-group-meetings/9999") { id }
          missingTypename: meeting(id: "guilds:markets-group-meetings/9999") { __typename }
          missingResolution: resolution(id: "${TWELFTH}/r99") { id }
          noRegistry: meeting(id: "nowhere:x") { id }
        }`);
        expect(errors).toBeUndefined();
        expect(data).toEqual({
          held: { id: TWELFTH, __typename: 'GuildsMeeting' },
          heldResolution: { id: `${TWELFTH}/r01` },
          missing: null,
          missingTypename: null,
          missingResolution: null,
          noRegistry: null,
        });
      });

      it("has seed 001's 12th meeting: Shiraz, ۳۱ خرداد و ۱ تیر ۱۳۹۱, its attendees, agenda and eight resolutions", async () => {
        // What the checks below read of the meeting; toMatchObject checks the rest.
        type Meeting = {
          agenda: unknown[];
          attendees: { person: { fullName: string } | null }[];
          resolutions: { id: string; responsible: { id: string }; cooperating: unknown[] }[];
        };
        const { data, errors } = await graph.query<{ meeting: Meeting }>(/* GraphQL */ `{
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
        expect(meeting.attendees.map((a) => a.person?.fullName ?? null)).toEqual([
          SEED_PEOPLE.dabiri.fullName,
          null,
          recordName(SEED_PEOPLE.moradi),
          recordName(SEED_PEOPLE.jafari),
        ]);
        expect(meeting.resolutions.map((r) => r.id)).toEqual(SEED_RESOLUTIONS);
        const [legal, , , , , , , nextMeeting] = meeting.resolutions;
        expect(legal).toMatchObject({
          responsible: { id: 'guilds:markets-tehran' },
          dueDate: { jalali: '1391-06-31' },
          status: 'OPEN',
          committee: { id: 'guilds:committee-legal', title: 'کمیته حقوقی' },
        });
        expect(legal!.cooperating).toHaveLength(8);
        expect(nextMeeting!.responsible.id).toBe('guilds:markets-isfahan');
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
        // The first request also reads the registries' lists for the gateway's screens (kept after): measured after it.
        await callsFor(2);
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
      const COOPERATE = (registry: string) => /* GraphQL */ `
        mutation Cooperate($input: CooperationInput!) {
          add${registry}Cooperation(input: $input) { id kind title status registries lead { name } cooperating { id name } dueDate { iso } }
        }
      `;
      const WITHDRAW = (registry: string) => /* GraphQL */ `
        mutation Withdraw($input: RemoveCooperationInput!) {
          remove${registry}Cooperation(input: $input) { id }
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

      it('creates a committee led by labs, whose cooperating organisations of two other registries take part once their registries record it', async () => {
        const { data, errors } = await graph.query<{ createLabsCommittee: Record<string, unknown> }>(CREATE, { input: committee }, labsAdmin);
        expect(errors).toBeUndefined();
        // Labs names them; each registry speaks for its own organisations, so they are invited, not taking part.
        expect(data!.createLabsCommittee).toMatchObject({ id: committee.id, registries: ['LABS'], cooperating: [] });
        const guildsCommittees = async () =>
          (
            await graph.query<{ jointProjects: Page<{ id: string }> }>('{ jointProjects(registry: GUILDS, kind: COMMITTEE, first: 100) { nodes { id } } }')
          ).data!.jointProjects.nodes.map((p) => p.id);
        expect(await guildsCommittees()).not.toContain(committee.id);

        const guildsPart = await graph.query(
          COOPERATE('Guilds'),
          { input: { projectId: committee.id, organisationId: 'guilds:markets-tehran', contribution: 'هماهنگی با میادین' } },
          guildsAdmin,
        );
        expect(guildsPart.errors).toBeUndefined();
        const auditorsPart = await graph.query<{ addAuditorsCooperation: Record<string, unknown> }>(
          COOPERATE('Auditors'),
          { input: { projectId: committee.id, organisationId: 'auditors:society' } },
          auditorsAdmin,
        );
        expect(auditorsPart.errors).toBeUndefined();
        expect(auditorsPart.data!.addAuditorsCooperation).toEqual({
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
        expect(await guildsCommittees()).toContain(committee.id);
      });

      it('lets each registry speak for its own organisations only: an offer or an invitation alone is not a part, and either side withdraws its own', async () => {
        const cooperating = async () =>
          (
            await graph.query<{ jointProjects: { nodes: { id: string; cooperating: { id: string }[]; registries: string[] }[] } }>(
              '{ jointProjects(registry: LABS, first: 100) { nodes { id cooperating { id } registries } } }',
            )
          ).data!.jointProjects.nodes.find((project) => project.id === committee.id);
        const before = await cooperating();
        // Guilds cannot name another registry's organisation in a project it does not lead.
        const foreign = await graph.query(COOPERATE('Guilds'), { input: { projectId: committee.id, organisationId: 'engineering:central-council' } }, guildsAdmin);
        expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(foreign.errors?.[0]?.message).toMatch(/not an organisation of the guilds registry/);
        // Guilds offers Shiraz; labs has not named it, so it does not take part.
        const offer = await graph.query(COOPERATE('Guilds'), { input: { projectId: committee.id, organisationId: 'guilds:markets-shiraz' } }, guildsAdmin);
        expect(offer.errors).toBeUndefined();
        // Labs invites the engineering council; engineering has not recorded it, so it does not take part either.
        const invitation = await graph.query(COOPERATE('Labs'), { input: { projectId: committee.id, organisationId: 'engineering:central-council' } }, labsAdmin);
        expect(invitation.errors).toBeUndefined();
        expect(await cooperating()).toEqual(before);
        const leads = await graph.query<{ jointProjects: { nodes: { lead: { id: string; participatesIn: { nodes: { project: { id: string } }[] } } }[] } }>(
          '{ jointProjects(registry: ENGINEERING, first: 100) { nodes { lead { id participatesIn(first: 100) { nodes { project { id } } } } } } }',
        );
        const council = leads.data!.jointProjects.nodes.find((project) => project.lead.id === 'engineering:central-council')!.lead;
        expect(council.participatesIn.nodes.length).toBeGreaterThan(0);
        expect(council.participatesIn.nodes.map((p) => p.project.id)).not.toContain(committee.id);
        const again = await graph.query(COOPERATE('Labs'), { input: { projectId: committee.id, organisationId: 'engineering:central-council' } }, labsAdmin);
        expect(again.errors?.[0]?.message).toMatch(/records "engineering:central-council" as cooperating in "labs:joint-calibration-committee" already/);
        // Each side withdraws its own record; a record it does not hold is refused.
        for (const [registry, organisationId, token] of [
          ['Guilds', 'guilds:markets-shiraz', guildsAdmin],
          ['Labs', 'engineering:central-council', labsAdmin],
        ] as const) {
          const removed = await graph.query(WITHDRAW(registry), { input: { projectId: committee.id, organisationId } }, token);
          expect(removed.errors).toBeUndefined();
          const twice = await graph.query(WITHDRAW(registry), { input: { projectId: committee.id, organisationId } }, token);
          expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        }
        const lead = await graph.query(WITHDRAW('Labs'), { input: { projectId: committee.id, organisationId: 'labs:association' } }, labsAdmin);
        expect(lead.errors?.[0]?.message).toMatch(/records no cooperation of "labs:association"/);
        expect(await cooperating()).toEqual(before);
      });

      it('refuses a committee with every problem named, and writes nothing', async () => {
        const before = (await graph.query<{ jointProjects: { totalCount: number } }>('{ jointProjects { totalCount } }')).data!.jointProjects.totalCount;
        const { data, errors } = await graph.query(
          CREATE,
          {
            input: {
              ...committee,
              id: 'guilds:not-mine',
              title: ' ',
              leadOrganisationId: 'labs:no-such-lab',
              cooperatingOrganisationIds: ['auditors:society', 'auditors:society', 'nowhere'],
              dueDate: '2026-02-30',
            },
          },
          labsAdmin,
        );
        expect(data).toBeNull();
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field).sort();
        expect(fields).toEqual(['cooperatingOrganisationIds[1]', 'cooperatingOrganisationIds[2]', 'dueDate', 'id', 'leadOrganisationId', 'title']);
        const after = (await graph.query<{ jointProjects: { totalCount: number } }>('{ jointProjects { totalCount } }')).data!.jointProjects.totalCount;
        expect(after).toBe(before);
        const again = await graph.query(CREATE, { input: committee }, labsAdmin);
        expect(again.errors?.[0]?.message).toMatch(/id: "labs:joint-calibration-committee" already exists/);
      });

      it("refuses a meeting series the id of a committee, and a committee a series' id: one grant (<registry>:committee:<id>) names either", async () => {
        const series = await graph.query(
          `mutation { createLabsMeetingSeries(input: { id: "${committee.id}", title: "نشست‌های کمیته", convenorId: "labs:association" }) { id } }`,
          undefined,
          labsAdmin,
        );
        expect(series.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(series.errors?.[0]?.message).toMatch(/is a committee's id/);
        const seriesId = 'labs:calibration-series-meetings';
        const made = await graph.query(
          `mutation { createLabsMeetingSeries(input: { id: "${seriesId}", title: "نشست‌ها", convenorId: "labs:association" }) { id } }`,
          undefined,
          labsAdmin,
        );
        expect(made.errors).toBeUndefined();
        const clash = await graph.query(CREATE, { input: { ...committee, id: seriesId } }, labsAdmin);
        expect(clash.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(clash.errors?.[0]?.message).toMatch(/is a meeting series's id/);
      });

      it('seats people of any registry, one chair per committee even when requests race, a person once', async () => {
        const tajik = SEED_PEOPLE.saeedTajik.nationalCode;
        const seated = await graph.query<{ addLabsCommitteeMember: { members: { position: string; person: { fullName: string; registries: string[] } }[] } }>(
          ADD_MEMBER,
          {
            input: { projectId: committee.id, nationalCode: SEED_PEOPLE.dabiri.nationalCode, position: 'SECRETARY', organisationId: 'guilds:markets-shiraz', since: '1405-01-15' },
          },
          labsAdmin,
        );
        expect(seated.errors).toBeUndefined();
        expect(seated.data!.addLabsCommitteeMember.members).toEqual([
          {
            position: 'SECRETARY',
            person: { nationalCode: SEED_PEOPLE.dabiri.nationalCode, fullName: SEED_PEOPLE.dabiri.fullName, registries: ['GUILDS'] },
            organisation: { id: 'guilds:markets-shiraz' },
            since: { iso: '2026-04-04' },
          },
        ]);

        // Six people of the registries (a seat is for somebody some registry holds: gateway/references).
        const candidates = [tajik, ...(['alirezaMohebali', 'seifzadeh', 'fatemi', 'sharifi', 'jafari'] as const).map((name) => SEED_PEOPLE[name].nationalCode)];
        const race = await Promise.all(
          candidates.map((nationalCode) => graph.query(ADD_MEMBER, { input: { projectId: committee.id, nationalCode, position: 'CHAIR' } }, labsAdmin)),
        );
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
        const minutes = {
          input: {
            seriesId: 'labs:joint-board-meetings',
            number: 1,
            hostId: 'auditors:society',
            startsOn: '1391-05-10',
            attendees: [
              { name: SEED_PEOPLE.saeedTajik.fullName, title: 'رئیس هیئت مدیره جامعه', nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, organisationId: 'auditors:society' },
            ],
            agenda: ['آزمون مهارت آزمایشگاه‌های بازار'],
            resolutions: [
              {
                text: 'نمونه‌برداری از میوه‌های میادین تهران برای پایش سموم',
                responsibleId: 'guilds:markets-tehran',
                cooperatingIds: ['labs:association'],
                dueDate: '1391-06-15',
              },
              { text: 'تدوین برنامه آزمون مهارت', responsibleId: 'labs:association', dueDate: '1392-01-15', projectId: committee.id },
            ],
          },
        };
        // An attendee named by code, recorded by an admin who may not read codes, would say whose code it is.
        const blind = await graph.query(RECORD, minutes, await testToken(['labs:admin']));
        expect(blind.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/^Not allowed: recordLabsMeeting\(input\.attendees\[0\]\.nationalCode\) needs the scope personal:read; the token grants labs:admin\.$/),
            extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
          }),
        ]);
        const { data, errors } = await graph.query<{ recordLabsMeeting: { id: string; resolutions: { id: string; responsible: { id: string } }[] } }>(RECORD, minutes, labsAdmin);
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
        const { errors } = await graph.query(
          RECORD,
          {
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
          },
          labsAdmin,
        );
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field).sort();
        expect(fields).toEqual([
          'agenda[0]',
          'attendees[0].name',
          'attendees[0].nationalCode',
          'endsOn',
          'hostId',
          'number',
          'resolutions[0].cooperatingIds[0]',
          'resolutions[0].dueDate',
        ]);
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

    describe('the meetings of all five texts (#15 item 2)', () => {
      it('records the meetings seeds 000 to 004 describe: five held, and the 13th planned at the 12th', async () => {
        const { data, errors } = await graph.query<{
          all: Page<{ id: string; status: string; source: { text: string } }>;
          held: { totalCount: number };
          planned: Page<{ id: string; host: { name: string }; startsOn: { precision: string; jalali: string; written: string }; agenda: { title: string }[] }>;
        }>(`{
          all: meetings(first: 50) { totalCount nodes { id status source { text } } }
          held: meetings(status: HELD) { totalCount }
          planned: meetings(status: PLANNED) { totalCount nodes { id host { name } startsOn { precision jalali written } agenda { title } } }
        }`);
        expect(errors).toBeUndefined();
        const bySource = Object.fromEntries(data!.all.nodes.map((meeting) => [meeting.id, meeting.source?.text]));
        expect(bySource).toMatchObject({
          'engineering:export-group-meetings/with-tehran-export-group': '000',
          [TWELFTH]: '001',
          [THIRTEENTH]: '001',
          'auditors:joint-board-meetings/boards-cooperation': '002',
          'guilds:fars-chamber-meetings/electronic-elections-gathering': '003',
          [CASABLANCA]: '004',
        });
        // Beside the meetings earlier tests recorded, only the 13th is planned.
        expect(data!.held.totalCount).toBe(data!.all.totalCount - 1);
        expect(data!.planned.nodes).toEqual([
          {
            id: THIRTEENTH,
            host: { name: 'سازمان میادین و ساماندهی مشاغل شهرداری اصفهان' },
            startsOn: { precision: 'MONTH_END', jalali: '1391-06-31', written: 'اواخر شهریور ۹۱' },
            agenda: [expect.objectContaining({ title: expect.stringContaining('کمیته حقوقی') }), expect.objectContaining({ title: expect.stringContaining('تجارت الکترونیک') })],
          },
        ]);
      });

      it('seed 003: the gathering of «شنبه 22 شهریور» (1399), the officials with the titles the text gives them, its figures held as data', async () => {
        const { data, errors } = await graph.query<{ meeting: Record<string, unknown> & { figures: Record<string, unknown>[]; attendees: Record<string, unknown>[] } }>(`{
          meeting(id: "guilds:fars-chamber-meetings/electronic-elections-gathering") {
            title host { id } place
            startsOn { precision iso jalali jalaliText written }
            attendees { name title person { fullName } organisation { id } }
            bodies { name kind }
            figures { value counts scope period organisation { id } reportedBy reporter { fullName } source { text quote } }
            source { text note }
          }
        }`);
        expect(errors).toBeUndefined();
        const meeting = data!.meeting;
        expect(meeting).toMatchObject({
          host: { id: 'guilds:fars-chamber' },
          startsOn: { precision: 'DAY', iso: '2020-09-12', jalali: '1399-06-22', jalaliText: '۲۲ شهریور ۱۳۹۹', written: 'شنبه 22 شهریور' },
          bodies: [{ name: 'هیات رئیسه اتاق اصناف استان', kind: 'BOARD' }],
          source: { text: '003', note: expect.stringContaining('1399') },
        });
        expect(meeting.attendees.slice(0, 2)).toEqual([
          {
            name: SEED_PEOPLE.mahmoudzadeh.fullName,
            title: 'معاون بازرگانی داخلی و امور اقتصادی سازمان صنعت، معدن و تجارت استان فارس',
            person: { fullName: recordName(SEED_PEOPLE.mahmoudzadeh) },
            organisation: null,
          },
          {
            name: SEED_PEOPLE.golpour.fullName,
            title: 'رئیس مرکز امور اصناف و بازرگانان و دبیر هیات عالی نظارت بر سازمان‌های صنفی کشور',
            person: { fullName: recordName(SEED_PEOPLE.golpour) },
            organisation: null,
          },
        ]);
        expect(meeting.attendees[2]).toMatchObject({ name: null, title: 'رئیس اتاق اصناف مرکز استان فارس', organisation: { id: 'guilds:fars-chamber' } });
        expect(meeting.figures.map((figure) => [figure.value, figure.counts, figure.scope, figure.period])).toEqual([
          [5, 'انتخابات هیئت مدیره اتحادیه‌های صنفی، برگزارشده به صورت تمام الکترونیکی', 'اتاق اصناف مرکز استان فارس', 'سال جاری'],
          [33, 'انتخابات هیئت مدیره اتحادیه‌های صنفی، برگزارشده به صورت تمام الکترونیکی', 'سطح استان فارس', 'از ابتدای سال تا کنون'],
          [160000, 'واحد فعال صنفی', 'استان فارس', null],
          [550, 'اتحادیه فعال', 'استان فارس', null],
        ]);
        for (const figure of meeting.figures) {
          expect(figure).toMatchObject({ reportedBy: SEED_PEOPLE.mahmoudzadeh.fullName, reporter: { fullName: recordName(SEED_PEOPLE.mahmoudzadeh) }, source: { text: '003' } });
        }
        expect(meeting.figures[2]!.source).toEqual({ text: '003', quote: '۱۶۰ هزار واحد فعال صنفی و ۵۵۰ اتحادیه فعال داریم' });
      });

      it("seed 004: the bureau's expanded meeting, its permanent committees and officers as data, and what the interventions recommended", async () => {
        const { data, errors } = await graph.query<{
          meeting: {
            startsOn: null;
            attendees: { name: string | null; title: string; presiding: boolean; body: string | null }[];
            bodies: Record<string, unknown>[];
            agenda: { presentedBy: string | null }[];
            resolutions: { kind: string; dueDate: null; responsible: { id: string } }[];
          };
        }>(`{
          meeting(id: "${CASABLANCA}") {
            startsOn { iso }
            attendees { name title presiding body }
            bodies { name kind permanent level representedBy organisation { id } }
            agenda { title presentedBy }
            resolutions { kind dueDate { iso } responsible { id } }
          }
        }`);
        expect(errors).toBeUndefined();
        const meeting = data!.meeting;
        expect(meeting.startsOn).toBeNull();
        expect(meeting.attendees).toEqual([
          { name: null, title: 'رئيس الغرفة', presiding: true, body: null },
          { name: SEED_PEOPLE.abderrahimZagrani.fullName, title: 'أمين مال مكتب غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات', presiding: false, body: 'المكتب المسير' },
          { name: null, title: 'المدير الجهوي', presiding: false, body: 'الإدارة' },
        ]);
        expect(meeting.bodies.filter((body) => body.permanent)).toEqual([
          {
            name: 'اللجان الدائمة المحلية',
            kind: 'COMMITTEE',
            permanent: true,
            level: 'المحلية',
            representedBy: 'رؤساء اللجان',
            organisation: { id: 'guilds:casablanca-settat-chamber' },
          },
          {
            name: 'اللجان الدائمة الجهوية',
            kind: 'COMMITTEE',
            permanent: true,
            level: 'الجهوية',
            representedBy: 'رؤساء اللجان',
            organisation: { id: 'guilds:casablanca-settat-chamber' },
          },
        ]);
        expect(meeting.agenda[0]!.presentedBy).toBe('السيد المدير الجهوي');
        expect(meeting.resolutions.map((r) => r.kind)).toEqual(['RECOMMENDED', 'RECOMMENDED', 'RECOMMENDED', 'RECOMMENDED', 'RECOMMENDED', 'PLEDGED']);
        expect(meeting.resolutions.every((r) => r.dueDate === null && r.responsible.id === 'guilds:casablanca-settat-chamber')).toBe(true);
      });

      it("seeds 000 and 002: the working group's meeting and the two boards' meeting, with what those present asked for and agreed", async () => {
        const { data, errors } = await graph.query<{
          engineering: {
            number: null;
            host: { id: string };
            attendees: { title: string; person: { fullName: string } }[];
            resolutions: { kind: string; committee: { id: string }; responsible: { id: string } }[];
          };
          auditors: {
            attendees: { title: string; organisation: { id: string } }[];
            bodies: { organisation: { id: string } }[];
            resolutions: { kind: string; cooperating: { id: string }[]; dueDate: null }[];
          };
        }>(`{
          engineering: meeting(id: "engineering:export-group-meetings/with-tehran-export-group") {
            number host { id } attendees { title person { fullName } } resolutions { kind committee { id } responsible { id } }
          }
          auditors: meeting(id: "auditors:joint-board-meetings/boards-cooperation") {
            attendees { title organisation { id } } bodies { organisation { id } } resolutions { kind cooperating { id } dueDate { iso } }
          }
        }`);
        expect(errors).toBeUndefined();
        expect(data!.engineering.number).toBeNull();
        expect(data!.engineering.attendees.map((a) => [a.person.fullName, a.title])).toEqual([
          [recordName(SEED_PEOPLE.fatemi), 'رئیس کارگروه توسعه صادرات نظام تهران'],
          [recordName(SEED_PEOPLE.sharifi), 'نایب رئیس کارگروه توسعه صادرات نظام تهران'],
          [recordName(SEED_PEOPLE.seifzadeh), 'رئیس کارگروه توسعه صادرات شورای مرکزی'],
          [recordName(SEED_PEOPLE.hajizadeh), 'دبیر کارگروه'],
        ]);
        expect(data!.engineering.resolutions).toEqual([
          { kind: 'REQUESTED', committee: { id: 'engineering:export-joint-meeting' }, responsible: { id: 'engineering:central-council' } },
        ]);
        expect(data!.auditors.attendees.map((a) => a.organisation.id)).toEqual(['auditors:society', 'labs:association']);
        expect(data!.auditors.bodies.map((b) => b.organisation.id)).toEqual(['auditors:society', 'labs:association']);
        expect(data!.auditors.resolutions).toEqual([
          { kind: 'RECOMMENDED', cooperating: [{ id: 'labs:association' }], dueDate: null },
          { kind: 'AGREED', cooperating: [{ id: 'labs:association' }], dueDate: null },
        ]);
      });
    });

    describe('dates as the texts give them (#15 item 3)', () => {
      const RECORD_FARS = /* GraphQL */ `
        mutation Record($input: RecordMeetingInput!) {
          recordGuildsMeeting(input: $input) {
            id startsOn { precision jalali written } endsOn { precision jalali }
            resolutions {
              dueDate { precision calendar iso jalali jalaliText lastDay { iso } }
              onLastDay: overdue(asOf: "1399-07-30") monthLater: overdue(asOf: "1399-09-01") yearEnd: overdue(asOf: "1400-12-29") yearLater: overdue(asOf: "1401-01-01")
              decemberEnd: overdue(asOf: "2020-12-31") january: overdue(asOf: "2021-01-01")
            }
          }
        }
      `;
      type Due = { dueDate: Record<string, unknown> | null } & Record<string, boolean>;

      it("records a meeting in the texts' forms: the weekday checked, the last day read against the first, due dates at a month's end, in a month, a year, a French month's end, or none; overdue only once they have passed", async () => {
        const { data, errors } = await graph.query<{ recordGuildsMeeting: { startsOn: unknown; endsOn: unknown; resolutions: Due[] } }>(
          RECORD_FARS,
          {
            input: {
              seriesId: 'guilds:fars-chamber-meetings',
              key: 'dates-in-the-texts-forms',
              hostId: 'guilds:fars-chamber',
              startsOn: 'شنبه ۲۲ شهریور ۱۳۹۹',
              endsOn: '۲۳ شهریور',
              resolutions: [
                { text: 'پایان ماه آینده', responsibleId: 'guilds:fars-chamber', dueDate: 'پایان مهر' },
                { text: 'در آبان', responsibleId: 'guilds:fars-chamber', dueDate: 'آبان ۹۹' },
                { text: 'در سال آینده', responsibleId: 'guilds:fars-chamber', dueDate: '۱۴۰۰' },
                { text: 'fin décembre', responsibleId: 'guilds:fars-chamber', dueDate: 'fin décembre 2020' },
                { text: 'بدون مهلت', responsibleId: 'guilds:fars-chamber' },
              ],
            },
          },
          guildsAdmin,
        );
        expect(errors).toBeUndefined();
        const meeting = data!.recordGuildsMeeting;
        expect(meeting.startsOn).toEqual({ precision: 'DAY', jalali: '1399-06-22', written: 'شنبه ۲۲ شهریور ۱۳۹۹' });
        expect(meeting.endsOn).toEqual({ precision: 'DAY', jalali: '1399-06-23' });
        const [monthEnd, month, year, gregorian, none] = meeting.resolutions;
        expect(monthEnd).toMatchObject({ dueDate: { precision: 'MONTH_END', jalali: '1399-07-30', jalaliText: 'پایان مهر ۱۳۹۹' }, onLastDay: false, monthLater: true });
        expect(month).toMatchObject({
          dueDate: { precision: 'MONTH', calendar: 'SOLAR_HIJRI', jalali: '1399-08', iso: '2020-10-22/2020-11-20' },
          onLastDay: false,
          monthLater: true,
        });
        expect(year).toMatchObject({ dueDate: { precision: 'YEAR', jalali: '1400', lastDay: { iso: '2022-03-20' } }, monthLater: false, yearEnd: false, yearLater: true });
        expect(gregorian).toMatchObject({ dueDate: { precision: 'MONTH_END', calendar: 'GREGORIAN', iso: '2020-12-31', jalali: '1399-10-11' }, decemberEnd: false, january: true });
        expect(none).toMatchObject({ dueDate: null, yearLater: false });
      });

      it("refuses a weekday that is not the day's, a two-digit Gregorian year, a date with no year to read it against, each field named", async () => {
        const { errors } = await graph.query(
          RECORD_FARS,
          {
            input: {
              seriesId: 'guilds:fars-chamber-meetings',
              key: 'wrong-dates',
              hostId: 'guilds:fars-chamber',
              startsOn: 'جمعه ۲۲ شهریور ۱۳۹۹',
              resolutions: [{ text: 'متن مصوبه', responsibleId: 'guilds:fars-chamber', dueDate: 'décembre 20' }],
            },
          },
          guildsAdmin,
        );
        expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const problems = errors?.[0]?.extensions?.problems as { field: string; problem: string }[];
        expect(problems.map((p) => p.field)).toEqual(['startsOn', 'resolutions[0].dueDate']);
        expect(problems[0]!.problem).toMatch(/names a جمعه .* that day is a شنبه/);
        expect(problems[1]!.problem).toMatch(/write the Gregorian year in full/);
        const undated = await graph.query(
          RECORD_FARS,
          {
            input: {
              seriesId: 'guilds:fars-chamber-meetings',
              key: 'no-year',
              hostId: 'guilds:fars-chamber',
              resolutions: [{ text: 'متن مصوبه', responsibleId: 'guilds:fars-chamber', dueDate: 'پایان شهریور' }],
            },
          },
          guildsAdmin,
        );
        expect(undated.errors?.[0]?.extensions?.problems as { field: string; problem: string }[]).toEqual([
          { field: 'resolutions[0].dueDate', problem: expect.stringMatching(/no year is given; add it/) },
        ]);
      });

      it('sets up a committee with a deadline as precise as known, or none', async () => {
        const CREATE = 'mutation C($input: CreateCommitteeInput!) { createGuildsCommittee(input: $input) { id dueDate { iso } due { precision jalaliText written } } }';
        const base = { kind: 'COMMITTEE', title: 'کمیته حمل و نقل', mandate: 'بررسی حمل و نقل بار میادین', leadOrganisationId: 'guilds:markets-shiraz' };
        const dated = await graph.query(CREATE, { input: { ...base, id: 'guilds:committee-transport', dueDate: 'پایان مهر ۱۳۹۱' } }, guildsAdmin);
        expect(dated).toMatchObject({
          data: { createGuildsCommittee: { dueDate: { iso: '2012-10-21' }, due: { precision: 'MONTH_END', jalaliText: 'پایان مهر ۱۳۹۱', written: 'پایان مهر ۱۳۹۱' } } },
        });
        const undated = await graph.query(CREATE, { input: { ...base, id: 'guilds:committee-transport-2' } }, guildsAdmin);
        expect(undated).toMatchObject({ data: { createGuildsCommittee: { dueDate: null, due: null } } });
      });
    });

    describe('follow-up, as the minutes demand (#15 item 6)', () => {
      type Participations = Page<{ project: { id: string; title: string | null }; role: string; contribution: string | null }>;

      it('shows Shiraz the committees it cooperates in, and Tehran what it leads and cooperates in, in any registry', async () => {
        const { data, errors } = await graph.query<{
          meeting: { host: { id: string; cooperatesIn: Participations; all: Participations } };
          resolution: { responsible: { participatesIn: Participations } };
        }>(`{
          meeting(id: "${TWELFTH}") { host { id cooperatesIn: participatesIn(role: COOPERATING) { totalCount nodes { project { id title } role contribution } } all: participatesIn { totalCount } } }
          resolution(id: "${TWELFTH}/r01") { responsible { participatesIn(first: 50) { totalCount nodes { project { id } role } } } }
        }`);
        expect(errors).toBeUndefined();
        const shiraz = data!.meeting.host;
        expect(shiraz.id).toBe('guilds:markets-shiraz');
        expect(shiraz.cooperatesIn.nodes.map((p) => [p.project.id, p.role])).toEqual([
          ['guilds:committee-environment-health', 'COOPERATING'],
          ['guilds:committee-investment-ecommerce', 'COOPERATING'],
          ['guilds:committee-legal', 'COOPERATING'],
        ]);
        expect(shiraz.cooperatesIn.nodes[2]!).toMatchObject({ project: { title: 'کمیته حقوقی' }, contribution: 'اساسنامه اتحادیه پیشنهادی سازمان میادین شیراز' });
        // Shiraz leads the two transport committees set up above.
        expect(shiraz.all.totalCount).toBe(5);
        const tehran = data!.resolution.responsible.participatesIn;
        expect(tehran.nodes.map((p) => [p.project.id, p.role])).toEqual([
          ['guilds:committee-cultural-social', 'COOPERATING'],
          ['guilds:committee-environment-health', 'LEAD'],
          ['guilds:committee-investment-ecommerce', 'COOPERATING'],
          ['guilds:committee-legal', 'LEAD'],
          // Led by labs, named by it and recorded by the guilds registry (the mutations above).
          ['labs:joint-calibration-committee', 'COOPERATING'],
        ]);
      });

      it("pages an organisation's participations", async () => {
        const PAGE =
          'query P($after: String) { resolution(id: "' +
          TWELFTH +
          '/r01") { responsible { participatesIn(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { project { id } } } } } }';
        const ids: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 5; page += 1) {
          const answer: { data?: { resolution: { responsible: { participatesIn: Participations } } } } = await graph.query(PAGE, { after });
          const list: Participations = answer.data!.resolution.responsible.participatesIn;
          ids.push(...list.nodes.map((node) => node.project.id));
          if (!list.pageInfo.hasNextPage) break;
          after = list.pageInfo.endCursor;
        }
        expect(ids).toEqual([
          'guilds:committee-cultural-social',
          'guilds:committee-environment-health',
          'guilds:committee-investment-ecommerce',
          'guilds:committee-legal',
          'labs:joint-calibration-committee',
        ]);
      });

      const FOLLOW = /* GraphQL */ `
        fragment FollowUp on Resolution { status completedOn { precision jalali } history { field before after beforeDate { jalali } afterDate { jalali } note on { jalali } at } }
        mutation Set($input: SetResolutionStatusInput!) { setGuildsResolutionStatus(input: $input) { ...FollowUp } }
      `;
      const NOTE = /* GraphQL */ `
        mutation Note($input: AddResolutionNoteInput!) { addGuildsResolutionNote(input: $input) { history { field note on { jalali } } } }
      `;

      it('follows a resolution up: done on a day with a note, a note added, reopened; every change kept with the value before', async () => {
        const legal = `${TWELFTH}/r01`;
        const done = await graph.query<{ setGuildsResolutionStatus: Record<string, unknown> & { history: Record<string, unknown>[] } }>(
          FOLLOW,
          {
            input: { id: legal, status: 'DONE', completedOn: '۲۵ شهریور ۱۳۹۱', note: 'پیش‌نویس آیین‌نامه مالی و معاملاتی به دبیرخانه ارسال شد' },
          },
          guildsAdmin,
        );
        expect(done.errors).toBeUndefined();
        expect(done.data!.setGuildsResolutionStatus).toMatchObject({ status: 'DONE', completedOn: { precision: 'DAY', jalali: '1391-06-25' } });
        expect(done.data!.setGuildsResolutionStatus.history).toEqual([
          {
            field: 'STATUS',
            before: 'OPEN',
            after: 'DONE',
            beforeDate: null,
            afterDate: null,
            note: 'پیش‌نویس آیین‌نامه مالی و معاملاتی به دبیرخانه ارسال شد',
            on: null,
            at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          },
          { field: 'COMPLETED_ON', before: null, after: null, beforeDate: null, afterDate: { jalali: '1391-06-25' }, note: null, on: null, at: expect.any(String) },
        ]);
        const noted = await graph.query<{ addGuildsResolutionNote: { history: { field: string; note: string; on: { jalali: string } | null }[] } }>(
          NOTE,
          {
            input: { id: legal, note: 'در سیزدهمین نشست مطرح شد', on: 'اواخر شهریور ۹۱' },
          },
          guildsAdmin,
        );
        expect(noted.errors).toBeUndefined();
        expect(noted.data!.addGuildsResolutionNote.history[2]).toEqual({ field: 'NOTE', note: 'در سیزدهمین نشست مطرح شد', on: { jalali: '1391-06-31' } });
        // The same note sent again (its answer lost to a timeout, say) is not added a second time; another day's is.
        const sentAgain = await graph.query<{ addGuildsResolutionNote: { history: unknown[] } }>(
          NOTE,
          { input: { id: legal, note: 'در سیزدهمین نشست مطرح شد', on: 'اواخر شهریور ۹۱' } },
          guildsAdmin,
        );
        expect(sentAgain.errors).toBeUndefined();
        expect(sentAgain.data!.addGuildsResolutionNote.history).toHaveLength(3);
        const reopened = await graph.query<{
          setGuildsResolutionStatus: {
            status: string;
            completedOn: null;
            history: { field: string; before: string | null; beforeDate: { jalali: string } | null; afterDate: null }[];
          };
        }>(FOLLOW, { input: { id: legal, status: 'OPEN', note: 'اساسنامه اتحادیه باید دوباره بررسی شود' } }, guildsAdmin);
        expect(reopened.errors).toBeUndefined();
        const answer = reopened.data!.setGuildsResolutionStatus;
        expect(answer).toMatchObject({ status: 'OPEN', completedOn: null });
        expect(answer.history.map((change) => change.field)).toEqual(['STATUS', 'COMPLETED_ON', 'NOTE', 'STATUS', 'COMPLETED_ON']);
        expect(answer.history[4]).toMatchObject({ beforeDate: { jalali: '1391-06-25' }, afterDate: null });
        // The history is read back as written, from the store.
        const { data } = await graph.query<{ resolution: { history: unknown[] } }>(`{ resolution(id: "${legal}") { history { field } } }`);
        expect(data!.resolution.history).toHaveLength(5);
      });

      it('refuses a completion day in the future, a status the resolution has, and a follow-up without the admin scope, writing nothing', async () => {
        const id = `${TWELFTH}/r04`;
        const future = await graph.query(FOLLOW, { input: { id, status: 'DONE', completedOn: '1500-01-01' } }, guildsAdmin);
        expect(future.errors?.[0]?.message).toMatch(/completedOn: .* is after today/);
        const same = await graph.query(FOLLOW, { input: { id, status: 'OPEN' } }, guildsAdmin);
        expect(same.errors?.[0]?.message).toMatch(/status: the resolution is OPEN already/);
        const anonymous = await graph.query(NOTE, { input: { id, note: 'یادداشت' } });
        expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        const { data } = await graph.query<{ resolution: { status: string; history: unknown[] } }>(`{ resolution(id: "${id}") { status history { field } } }`);
        expect(data!.resolution).toEqual({ status: 'OPEN', history: [] });
      });

      it("changes a committee's status and deadline, keeping the value before each time", async () => {
        const project = '{ id status dueDate { iso } due { precision jalali } history { field before after beforeDate { jalali precision } afterDate { jalali precision } note } }';
        const status = await graph.query<{ setGuildsCommitteeStatus: Record<string, unknown> }>(
          `mutation { setGuildsCommitteeStatus(input: { id: "guilds:committee-cultural-social", status: COMPLETED, note: "گزارش کمیته در سیزدهمین نشست ارائه شد" }) ${project} }`,
          undefined,
          guildsAdmin,
        );
        expect(status.errors).toBeUndefined();
        expect(status.data!.setGuildsCommitteeStatus).toMatchObject({
          status: 'COMPLETED',
          history: [{ field: 'STATUS', before: 'ACTIVE', after: 'COMPLETED', note: 'گزارش کمیته در سیزدهمین نشست ارائه شد' }],
        });
        const moved = await graph.query<{ setGuildsCommitteeDeadline: Record<string, unknown> }>(
          `mutation { setGuildsCommitteeDeadline(input: { id: "guilds:committee-legal", dueDate: "آذر ۹۱", note: "تمدید تا آذر" }) ${project} }`,
          undefined,
          guildsAdmin,
        );
        expect(moved.errors).toBeUndefined();
        expect(moved.data!.setGuildsCommitteeDeadline).toMatchObject({
          dueDate: { iso: '2012-12-20' },
          due: { precision: 'MONTH', jalali: '1391-09' },
          history: [
            { field: 'DUE_DATE', beforeDate: { jalali: '1391-06-31', precision: 'MONTH_END' }, afterDate: { jalali: '1391-09', precision: 'MONTH' }, note: 'تمدید تا آذر' },
          ],
        });
        const cleared = await graph.query<{ setGuildsCommitteeDeadline: { due: null; history: unknown[] } }>(
          `mutation { setGuildsCommitteeDeadline(input: { id: "guilds:committee-legal" }) ${project} }`,
          undefined,
          guildsAdmin,
        );
        expect(cleared.data!.setGuildsCommitteeDeadline).toMatchObject({ due: null, dueDate: null, history: [{}, { beforeDate: { jalali: '1391-09' }, afterDate: null }] });
        const again = await graph.query(
          `mutation { setGuildsCommitteeStatus(input: { id: "guilds:committee-cultural-social", status: COMPLETED }) { id } }`,
          undefined,
          guildsAdmin,
        );
        expect(again.errors?.[0]?.message).toMatch(/status: "guilds:committee-cultural-social" is COMPLETED already/);
        const elsewhere = await graph.query(`mutation { setGuildsCommitteeStatus(input: { id: "labs:joint-research", status: ACTIVE }) { id } }`, undefined, guildsAdmin);
        expect(elsewhere.errors?.[0]?.message).toMatch(/id: no committee or project "labs:joint-research" led by the guilds registry/);
      });

      it('plans the next meeting with its host and agenda, records it as held keeping the plan, and refuses it twice', async () => {
        const held = await graph.query<{ recordGuildsMeeting: Record<string, unknown> }>(
          `mutation { recordGuildsMeeting(input: {
            seriesId: "guilds:markets-group-meetings", number: 13, hostId: "guilds:markets-isfahan", startsOn: "۲۸ شهریور ۱۳۹۱", place: "اصفهان",
            attendees: [{ name: "${SEED_PEOPLE.jafari.fullName}", title: "دبیر کارگروه", nationalCode: "${SEED_PEOPLE.jafari.nationalCode}" }],
            agenda: ["گزارش کمیته حقوقی"]
          }) { id status startsOn { precision jalali } plan { host { id } startsOn { precision written } agenda { title } plannedAt source { text } } } }`,
          undefined,
          await testToken(['guilds:admin', PERSONAL_READ_SCOPE]),
        );
        expect(held.errors).toBeUndefined();
        expect(held.data!.recordGuildsMeeting).toMatchObject({
          id: THIRTEENTH,
          status: 'HELD',
          startsOn: { precision: 'DAY', jalali: '1391-06-28' },
          plan: { host: { id: 'guilds:markets-isfahan' }, startsOn: { precision: 'MONTH_END', written: 'اواخر شهریور ۹۱' }, plannedAt: null, source: { text: '001' } },
        });
        const { data } = await graph.query<{ meetings: { totalCount: number }; meeting: { history: { field: string; before: string; after: string }[] } }>(
          `{ meetings(status: PLANNED) { totalCount } meeting(id: "${THIRTEENTH}") { history { field before after } } }`,
        );
        expect(data).toEqual({ meetings: { totalCount: 0 }, meeting: { history: [{ field: 'STATUS', before: 'PLANNED', after: 'HELD' }] } });
        const twice = await graph.query(
          `mutation { recordGuildsMeeting(input: { seriesId: "guilds:markets-group-meetings", number: 13, hostId: "guilds:markets-isfahan" }) { id } }`,
          undefined,
          guildsAdmin,
        );
        expect(twice.errors?.[0]?.message).toMatch(/number: meeting 13 of "guilds:markets-group-meetings" is already recorded/);

        const PLAN =
          'mutation P($input: PlanMeetingInput!) { planGuildsMeeting(input: $input) { id status host { name } startsOn { precision jalali } agenda { number title } plan { plannedAt } } }';
        const input = { seriesId: 'guilds:markets-group-meetings', number: 15, hostId: 'guilds:markets-mashhad', startsOn: 'مهر ۹۱', agenda: ['آیین‌نامه تجارت الکترونیک'] };
        const planned = await graph.query<{ planGuildsMeeting: Record<string, unknown> }>(PLAN, { input }, guildsAdmin);
        expect(planned.errors).toBeUndefined();
        expect(planned.data!.planGuildsMeeting).toMatchObject({
          id: 'guilds:markets-group-meetings/0015',
          status: 'PLANNED',
          host: { name: 'سازمان میادین و ساماندهی مشاغل شهرداری مشهد' },
          startsOn: { precision: 'MONTH', jalali: '1391-07' },
          agenda: [{ number: 1, title: 'آیین‌نامه تجارت الکترونیک' }],
          plan: { plannedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
        });
        const plannedTwice = await graph.query(PLAN, { input }, guildsAdmin);
        expect(plannedTwice.errors?.[0]?.message).toMatch(/number: meeting 15 of "guilds:markets-group-meetings" is already planned/);
        const anonymous = await graph.query(PLAN, { input: { ...input, number: 16 } });
        expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      });
    });
  });
}
