import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * A closed organisation takes no new work (issue #15): every mutation that names an organisation of
 * its registry for a new record refuses a closed one, naming it and the day it closed, in the
 * caller's language, and writes nothing. A record of a day before it closed (minutes of a meeting
 * held then) may still name it.
 */

const FARS_CHAMBER = 'guilds:fars-chamber';
const UNION = 'guilds:closed-union';
const CHAMBER = 'guilds:closed-chamber';
const LAB = 'labs:closed-lab';
const CLOSED_ON = '2026-03-01';
const demo = guildsDemoData();
const OWNER = demo.guildUnits[0]!.ownerNationalCode;
const farFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The collections any of the refused mutations could write, and the outbox. */
const WRITTEN = [
  'guildUnits',
  'people',
  'roles',
  'elections',
  'election_candidates',
  'election_voters',
  'projects',
  'participations',
  'projectMembers',
  'meetingSeries',
  'meetings',
  'resolutions',
  'chamber_programmes',
  'partnership_agreements',
  'organisations',
  '_outbox_sequences',
];

interface Refusal {
  name: string;
  key: 'guilds' | 'labs';
  query: string;
  input: () => Record<string, unknown>;
  field: string;
  organisation: string;
}

const REFUSALS: Refusal[] = [
  {
    name: 'registerGuildUnit',
    key: 'guilds',
    query: 'mutation M($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber } }',
    input: () => ({
      licenceNumber: 'CL-0001',
      name: 'نانوایی بسته',
      activity: 'نانوایی',
      unionId: UNION,
      ownerNationalCode: OWNER,
      issuedOn: '2026-01-01',
      validUntil: '2027-01-01',
    }),
    field: 'unionId',
    organisation: UNION,
  },
  {
    name: 'createGuildElection',
    key: 'guilds',
    query: 'mutation M($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { id } }',
    input: () => ({ unionId: UNION, seats: 3, opensAt: farFuture(2), closesAt: farFuture(3) }),
    field: 'unionId',
    organisation: UNION,
  },
  {
    name: 'assignGuildsRole',
    key: 'guilds',
    query: 'mutation M($input: AssignRoleInput!) { assignGuildsRole(input: $input) { body } }',
    input: () => ({ nationalCode: OWNER, organisationId: UNION, body: 'هیئت مدیره', bodyKind: 'BOARD', position: 'MEMBER' }),
    field: 'organisationId',
    organisation: UNION,
  },
  {
    name: 'createGuildsCommittee (lead)',
    key: 'guilds',
    query: 'mutation M($input: CreateCommitteeInput!) { createGuildsCommittee(input: $input) { id } }',
    input: () => ({ id: 'guilds:committee-closed', kind: 'COMMITTEE', title: 'کمیته آزمایشی', mandate: 'بررسی', leadOrganisationId: UNION }),
    field: 'leadOrganisationId',
    organisation: UNION,
  },
  {
    name: 'createGuildsCommittee (cooperating)',
    key: 'guilds',
    query: 'mutation M($input: CreateCommitteeInput!) { createGuildsCommittee(input: $input) { id } }',
    input: () => ({
      id: 'guilds:committee-closed',
      kind: 'COMMITTEE',
      title: 'کمیته آزمایشی',
      mandate: 'بررسی',
      leadOrganisationId: FARS_CHAMBER,
      cooperatingOrganisationIds: [UNION],
    }),
    field: 'cooperatingOrganisationIds[0]',
    organisation: UNION,
  },
  {
    name: 'createGuildsMeetingSeries',
    key: 'guilds',
    query: 'mutation M($input: CreateMeetingSeriesInput!) { createGuildsMeetingSeries(input: $input) { id } }',
    input: () => ({ id: 'guilds:series-closed', title: 'جلسات آزمایشی', convenorId: CHAMBER }),
    field: 'convenorId',
    organisation: CHAMBER,
  },
  {
    name: 'createChamberProgramme',
    key: 'guilds',
    query: 'mutation M($input: CreateChamberProgrammeInput!) { createChamberProgramme(input: $input) { id } }',
    input: () => ({ chamberId: CHAMBER, year: 2026, title: 'برنامه سال ۲۰۲۶ اتاق' }),
    field: 'chamberId',
    organisation: CHAMBER,
  },
  {
    name: 'addPartnershipAgreement (signed after the chamber closed)',
    key: 'guilds',
    query: 'mutation M($input: AddPartnershipAgreementInput!) { addPartnershipAgreement(input: $input) { id } }',
    input: () => ({ chamberId: CHAMBER, title: 'اتفاقية شراكة تجريبية', kind: 'PARTNERSHIP_AGREEMENT', scope: 'NATIONAL', parties: [{ name: 'طرف آخر' }], signedOn: '2026-03-02' }),
    field: 'chamberId',
    organisation: CHAMBER,
  },
  {
    name: 'planGuildsMeeting (host)',
    key: 'guilds',
    query: 'mutation M($input: PlanMeetingInput!) { planGuildsMeeting(input: $input) { id } }',
    input: () => ({ seriesId: 'guilds:markets-group-meetings', number: 901, hostId: CHAMBER, startsOn: '1406-01-20' }),
    field: 'hostId',
    organisation: CHAMBER,
  },
  {
    name: 'recordGuildsMeeting (held after the host closed)',
    key: 'guilds',
    query: 'mutation M($input: RecordMeetingInput!) { recordGuildsMeeting(input: $input) { id } }',
    input: () => ({ seriesId: 'guilds:markets-group-meetings', number: 902, hostId: CHAMBER, startsOn: '2026-03-05' }),
    field: 'hostId',
    organisation: CHAMBER,
  },
  {
    name: 'addGuildsCommitteeMember (the organisation represented, a seat taken now)',
    key: 'guilds',
    query: 'mutation M($input: AddCommitteeMemberInput!) { addGuildsCommitteeMember(input: $input) { id } }',
    input: () => ({ projectId: 'guilds:committee-legal', nationalCode: OWNER, position: 'MEMBER', organisationId: UNION }),
    field: 'organisationId',
    organisation: UNION,
  },
  {
    name: 'renewGuildUnitLicence (a unit of the closed union)',
    key: 'guilds',
    query: 'mutation M($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { licenceNumber } }',
    input: () => ({ licenceNumber: 'CL-0000', validUntil: '2029-01-01' }),
    field: 'licenceNumber',
    organisation: UNION,
  },
  {
    name: 'issueLabAccreditation',
    key: 'labs',
    query: 'mutation M($input: IssueLabAccreditationInput!) { issueLabAccreditation(input: $input) { certificateNumber } }',
    input: () => ({ laboratoryId: LAB, scope: 'TESTING', fields: ['مواد ساختمانی'], certificateNumber: 'NACI-T-9999', validFrom: '2026-01-01', validUntil: '2028-01-01' }),
    field: 'laboratoryId',
    organisation: LAB,
  },
];

type Problem = { field: string; problem: string; messageId?: string; params?: Record<string, unknown> };

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`a closed organisation takes no new records, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);
    const admins: Record<string, string> = {};

    const snapshot = async (key: 'guilds' | 'labs') => {
      const store = graph.stores[key];
      const entries = await Promise.all(WRITTEN.map(async (name) => [name, await store.collection(name).find({}, { sort: { _id: 1 } })] as const));
      return Object.fromEntries(entries);
    };
    const ok = async (key: string, query: string, input: Record<string, unknown>) => {
      const { errors } = await graph.query(query, { input }, admins[key]);
      expect(errors).toBeUndefined();
    };
    const ask = (url: string, query: string, input: Record<string, unknown>, token: string, acceptLanguage: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-language': acceptLanguage },
        body: JSON.stringify({ query, variables: { input } }),
      }).then(async (response) => (await response.json()) as { errors?: { message: string; extensions?: { code?: string; problems?: Problem[] } }[] });

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admins.guilds = await testToken(['guilds:admin', 'personal:read']);
      admins.labs = await testToken(['labs:admin', 'personal:read']);
      const create = (prefix: string) => `mutation C($input: Create${prefix}OrganisationInput!) { create${prefix}Organisation(input: $input) { id } }`;
      const close = (prefix: string) => `mutation X($input: CloseOrganisationInput!) { close${prefix}Organisation(input: $input) { id } }`;
      await ok('guilds', create('Guilds'), { id: UNION, name: 'اتحادیه صنف منحل', kind: 'GUILD_UNION', parentId: FARS_CHAMBER });
      await ok('guilds', create('Guilds'), { id: CHAMBER, name: 'اتاق اصناف منحل', kind: 'CHAMBER_OF_GUILDS' });
      await ok('labs', create('Labs'), { id: LAB, name: 'آزمایشگاه منحل', kind: 'LABORATORY', parentId: 'labs:association' });
      // A unit registered while the union was open.
      await ok('guilds', REFUSALS[0]!.query, { ...REFUSALS[0]!.input(), licenceNumber: 'CL-0000' });
      await ok('guilds', close('Guilds'), { id: UNION, closedOn: CLOSED_ON, reason: 'ادغام در اتحادیه دیگر' });
      await ok('guilds', close('Guilds'), { id: CHAMBER, closedOn: CLOSED_ON, reason: 'ادغام در اتاق استان' });
      await ok('labs', close('Labs'), { id: LAB, closedOn: CLOSED_ON, reason: 'تعطیل شد' });
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it.each(REFUSALS)('$name: refused with ORGANISATION_CLOSED naming the organisation and the day, nothing written', async ({ key, query, input, field, organisation }) => {
      const before = await snapshot(key);
      const { errors } = await graph.query(query, { input: input() }, admins[key]);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const problems = errors![0]!.extensions!.problems as Problem[];
      expect(problems).toEqual([
        expect.objectContaining({ field, messageId: 'ORGANISATION_CLOSED', params: expect.objectContaining({ organisation, closedOn: CLOSED_ON, closedOnJalali: '1404-12-10' }) }),
      ]);
      expect(problems[0]!.problem).toContain(`(${organisation}) closed on ${CLOSED_ON}`);
      expect(await snapshot(key)).toEqual(before);
    });

    it('words the refusal in the language the caller asks for: fa, ar, fr, en', async () => {
      const [refusal] = REFUSALS;
      const messages: Record<string, string> = {};
      for (const language of ['fa', 'ar', 'fr', 'en']) {
        const answer = await ask(graph.gatewayUrl, refusal!.query, refusal!.input(), admins.guilds!, language);
        messages[language] = answer.errors![0]!.extensions!.problems![0]!.problem;
      }
      expect(messages.fa).toContain('بسته شده است');
      expect(messages.fa).toContain('1404-12-10');
      expect(messages.ar).toContain('أُغلقت');
      expect(messages.fr).toContain('a fermé le 2026-03-01');
      expect(messages.en).toContain('closed on 2026-03-01');
      expect(new Set(Object.values(messages)).size).toBe(4);
    });

    it('still takes a record of a day before the organisation closed: an agreement the chamber signed then, the minutes of a meeting it hosted then', async () => {
      const before = (await snapshot('guilds')).partnership_agreements!.length;
      await ok('guilds', REFUSALS.find((r) => r.name.startsWith('addPartnershipAgreement'))!.query, {
        chamberId: CHAMBER,
        title: 'اتفاقية شراكة قديمة',
        kind: 'PARTNERSHIP_AGREEMENT',
        scope: 'NATIONAL',
        parties: [{ name: 'طرف آخر' }],
        signedOn: '2026-02-01',
      });
      expect((await snapshot('guilds')).partnership_agreements).toHaveLength(before + 1);
      // The minutes of a meeting the closed chamber hosted before it closed.
      await ok('guilds', 'mutation M($input: RecordMeetingInput!) { recordGuildsMeeting(input: $input) { id } }', {
        seriesId: 'guilds:markets-group-meetings',
        number: 903,
        hostId: CHAMBER,
        startsOn: '2026-02-20',
      });
    });

    it('a union moved to another chamber takes its units and elections along: their chamber, and the counts by chamber, follow', async () => {
      const union = 'guilds:moving-union';
      const target = 'guilds:moving-target-chamber';
      const create = 'mutation C($input: CreateGuildsOrganisationInput!) { createGuildsOrganisation(input: $input) { id } }';
      await ok('guilds', create, { id: target, name: 'اتاق اصناف مقصد', kind: 'CHAMBER_OF_GUILDS' });
      await ok('guilds', create, { id: union, name: 'اتحادیه صنف در حال انتقال', kind: 'GUILD_UNION', parentId: FARS_CHAMBER });
      const register = REFUSALS[0]!.query;
      for (const n of [1, 2]) {
        await ok('guilds', register, { ...REFUSALS[0]!.input(), licenceNumber: `MV-000${n}`, unionId: union });
      }
      const elected = await graph.query<{ createGuildElection: { id: string } }>(REFUSALS[1]!.query, { input: { ...REFUSALS[1]!.input(), unionId: union } }, admins.guilds);
      expect(elected.errors).toBeUndefined();
      const electionId = elected.data!.createGuildElection.id;
      const counts = async (measure: string) => {
        const { data, errors } = await graph.query<{ counts: { groups: { key: string; count: number }[] } }>(
          'query Q($measure: String!) { counts(measure: $measure, registries: [GUILDS]) { groups { key count } } }',
          { measure },
        );
        expect(errors).toBeUndefined();
        return Object.fromEntries(data!.counts.groups.map((group) => [group.key, group.count]));
      };
      const unitsBefore = await counts('guildUnitsByChamber');
      const electionsBefore = await counts('electionsByChamber');
      expect(unitsBefore[target]).toBeUndefined();

      await ok('guilds', 'mutation M($input: MoveOrganisationInput!) { moveGuildsOrganisation(input: $input) { id } }', { id: union, parentId: target });

      const stored = graph.stores.guilds;
      const units = await stored.collection<{ _id: string; chamberId: string }>('guildUnits').find({ unionId: union });
      expect(units.map((unit) => [unit._id, unit.chamberId])).toEqual([
        ['MV-0001', target],
        ['MV-0002', target],
      ]);
      const election = await graph.query<{ guildElection: { chamber: { id: string } } }>('query E($id: ID!) { guildElection(id: $id) { chamber { id } } }', { id: electionId });
      expect(election.data!.guildElection.chamber.id).toBe(target);
      const unitsAfter = await counts('guildUnitsByChamber');
      expect(unitsAfter[target]).toBe(2);
      expect(unitsAfter[FARS_CHAMBER]).toBe(unitsBefore[FARS_CHAMBER]! - 2);
      const electionsAfter = await counts('electionsByChamber');
      expect(electionsAfter[target]).toBe(1);
      expect(electionsAfter[FARS_CHAMBER] ?? 0).toBe(electionsBefore[FARS_CHAMBER]! - 1);
    });
  });
}
