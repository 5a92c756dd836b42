import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { MemoryStore } from '../../shared/store/memory-store';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';
import { OutageStore } from '../support/outage-store';

/**
 * What a registry's change says of another registry's records, checked by the gateway before the
 * change reaches the subgraph (inputs marked `@reference`, gateway/references): an organisation, a
 * committee or a person no registry keeps is refused with BAD_USER_INPUT naming the input, and
 * nothing is written; a registry that cannot answer refuses the change rather than let it through
 * unchecked.
 */

const LABS_COMMITTEE = 'labs:joint-research';
const SEAT = `mutation Seat($input: AddCommitteeMemberInput!) { addLabsCommitteeMember(input: $input) { id } }`;
const SERIES = `mutation S { createLabsMeetingSeries(input: { id: "labs:reference-checks", title: "نشست‌های آزمون ارجاع", convenorId: "labs:association" }) { id } }`;
const MINUTES = `mutation M($input: RecordMeetingInput!) { recordLabsMeeting(input: $input) { id resolutions { responsible { id } } } }`;
const NOBODY = withIranianCheckDigit('007399998');
// Kept by the guilds registry alone.
const GUILDS_MEMBER = SEED_PEOPLE.dabiri.nationalCode;

describe('references to other registries, checked by the gateway', () => {
  let graph: TestGraph;
  let guildsStore: OutageStore;
  let admin: string;
  const seats = () => graph.stores.labs.collection('projectMembers').count({});
  const meetings = () => graph.stores.labs.collection('meetings').count({});

  beforeAll(async () => {
    graph = await startTestGraph(async (key) => {
      const store = new MemoryStore();
      if (key !== 'guilds') return store;
      guildsStore = new OutageStore(store);
      return guildsStore;
    });
    admin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
    expect((await graph.query(SERIES, undefined, admin)).errors).toBeUndefined();
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('refuses a committee seat for a national code no registry holds, and gives one to a member of another registry', async () => {
    const before = await seats();
    const refused = await graph.query(SEAT, { input: { projectId: LABS_COMMITTEE, nationalCode: NOBODY, position: 'MEMBER' } }, admin);
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          problems: [{ field: 'nationalCode', problem: 'no person with this national code in any registry of the graph (labs, auditors, engineering, guilds)' }],
        }),
      }),
    ]);
    expect(await seats()).toBe(before);

    const seated = await graph.query(SEAT, { input: { projectId: LABS_COMMITTEE, nationalCode: GUILDS_MEMBER, position: 'MEMBER', organisationId: 'guilds:fars-chamber' } }, admin);
    expect(seated.errors).toBeUndefined();
    expect(await seats()).toBe(before + 1);
  });

  it("refuses an organisation another registry does not keep, or of a registry the graph does not join, naming each input in the order given; another registry's own is taken", async () => {
    const before = await meetings();
    const input = {
      seriesId: 'labs:reference-checks',
      number: 1,
      hostId: 'guilds:no-such-chamber',
      startsOn: '1403-02-10',
      attendees: [{ name: 'نماینده اتاق', organisationId: 'foreign:chamber' }],
      resolutions: [
        { text: 'گزارش پایش سموم میوه', responsibleId: 'guilds:markets-tehran', cooperatingIds: ['auditors:society', 'engineering:no-such-council'] },
        { text: 'پیگیری کمیته مشترک', responsibleId: 'labs:association', projectId: 'auditors:no-such-committee' },
      ],
    };
    const refused = await graph.query(MINUTES, { input }, admin);
    expect(refused.status).toBe(400);
    expect((refused.errors?.[0]?.extensions?.problems as unknown[]) ?? []).toEqual([
      { field: 'hostId', problem: 'no organisation "guilds:no-such-chamber" in the guilds registry' },
      { field: 'attendees[0].organisationId', problem: 'no registry "foreign" in this graph: ids start with "labs:", "auditors:", "engineering:", "guilds:"' },
      { field: 'resolutions[0].cooperatingIds[1]', problem: 'no organisation "engineering:no-such-council" in the engineering registry' },
      { field: 'resolutions[1].projectId', problem: 'no committee or project "auditors:no-such-committee" in the auditors registry' },
    ]);
    expect(await meetings()).toBe(before);

    const recorded = await graph.query<{ recordLabsMeeting: { id: string; resolutions: { responsible: { id: string } }[] } }>(
      MINUTES,
      {
        input: {
          ...input,
          hostId: 'guilds:fars-chamber',
          attendees: [{ name: 'نماینده اتاق', organisationId: 'guilds:fars-chamber' }],
          resolutions: [{ ...input.resolutions[0], cooperatingIds: ['auditors:society', 'engineering:central-council'] }],
        },
      },
      admin,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordLabsMeeting.resolutions.map((r) => r.responsible.id)).toEqual(['guilds:markets-tehran']);
    expect(await meetings()).toBe(before + 1);
  });

  it('leaves the ids of the registry the change goes to to that registry, which names them with every other problem of the input', async () => {
    const before = await meetings();
    const refused = await graph.query(
      MINUTES,
      { input: { seriesId: 'labs:reference-checks', number: 2, hostId: 'labs:nowhere', startsOn: '1403-02-10', endsOn: '1403-02-01' } },
      admin,
    );
    expect(refused.status).toBe(200);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      serviceName: 'labs',
      problems: expect.arrayContaining([
        expect.objectContaining({ field: 'hostId', problem: 'no organisation "labs:nowhere" in the labs registry' }),
        expect.objectContaining({ field: 'endsOn' }),
      ]),
    });
    expect(await meetings()).toBe(before);
  });

  it('checks references given inline, in fragments and in every root field of the request, none written when one is wrong', async () => {
    const before = await seats();
    const refused = await graph.query(
      `mutation Two { ...Seats }
       fragment Seats on Mutation {
         first: addLabsCommitteeMember(input: { projectId: "${LABS_COMMITTEE}", nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}", position: MEMBER }) { id }
         second: addLabsCommitteeMember(input: { projectId: "${LABS_COMMITTEE}", nationalCode: "${GUILDS_MEMBER}", position: MEMBER, organisationId: "guilds:gone" }) { id }
       }`,
      undefined,
      admin,
    );
    expect(refused.errors?.[0]?.extensions?.problems).toEqual([{ field: 'organisationId', problem: 'no organisation "guilds:gone" in the guilds registry' }]);
    expect(await seats()).toBe(before);
  });

  it('refuses a change naming more than 1,000 records of the registries', async () => {
    const many = Array.from({ length: 1_001 }, (_, i) => `auditors:society-${i}`);
    const refused = await graph.query(
      'mutation C($input: CreateCommitteeInput!) { createLabsCommittee(input: $input) { id } }',
      {
        input: {
          id: 'labs:committee-many',
          kind: 'COMMITTEE',
          title: 'کمیته آزمون',
          mandate: 'آزمون شمار ارجاع‌ها',
          leadOrganisationId: 'labs:association',
          cooperatingOrganisationIds: many,
        },
      },
      admin,
    );
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.problems).toEqual([
      { field: 'cooperatingOrganisationIds[1000]', problem: 'names 1001 records of the registries; a change names at most 1000' },
    ]);
  });

  it('leaves a caller without the scopes to the authorization check: refused for who asks, nothing looked up', async () => {
    const input = { projectId: LABS_COMMITTEE, nationalCode: NOBODY, position: 'MEMBER', organisationId: 'guilds:fars-chamber' };
    const guildsCalls = graph.stores.guilds.total;
    const blind = await graph.query(SEAT, { input }, await testToken(['labs:admin']));
    expect(blind.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await graph.query(SEAT, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A lookup started beside the refusal would reach the guilds store just after the answer: give it the time to.
    await new Promise((wait) => setTimeout(wait, 200));
    expect(graph.stores.guilds.total).toBe(guildsCalls);
  });

  it("refuses a chamber's partnership agreement naming a party another registry does not keep, or of a registry the graph does not join; another registry's own is taken", async () => {
    const ADD = `mutation A($input: AddPartnershipAgreementInput!) { addPartnershipAgreement(input: $input) { parties { organisation { id name } } } }`;
    const agreements = () => graph.stores.guilds.collection('partnership_agreements').count({});
    const guildsAdmin = await testToken(['guilds:admin']);
    const input = (parties: { name: string; organisationId: string }[]) => ({
      chamberId: 'guilds:casablanca-settat-chamber',
      title: 'بروتوكول تعاون مع الهيئات المهنية',
      kind: 'COOPERATION_PROTOCOL',
      scope: 'NATIONAL',
      parties,
      signedOn: '2024-01-10',
    });
    const before = await agreements();
    const refused = await graph.query(
      ADD,
      {
        input: input([
          { name: 'مختبر لا وجود له', organisationId: 'labs:no-such-lab' },
          { name: 'هيئة خارج الشبكة', organisationId: 'nurses:council' },
        ]),
      },
      guildsAdmin,
    );
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.problems).toEqual([
      { field: 'parties[0].organisationId', problem: 'no organisation "labs:no-such-lab" in the labs registry' },
      {
        field: 'parties[1].organisationId',
        problem: 'no registry "nurses" in this graph: ids start with "labs:", "auditors:", "engineering:", "guilds:"',
      },
    ]);
    expect(await agreements()).toBe(before);

    const taken = await graph.query(ADD, { input: input([{ name: 'انجمن آزمایشگاه‌ها', organisationId: 'labs:association' }]) }, guildsAdmin);
    expect(taken.errors).toBeUndefined();
    expect(taken.data).toEqual({ addPartnershipAgreement: { parties: [{ organisation: { id: 'labs:association', name: expect.any(String) } }] } });
    expect(await agreements()).toBe(before + 1);
  });

  it('refuses the change while a registry it names cannot answer, writing nothing, and takes it once it can', async () => {
    const before = await seats();
    const input = { projectId: LABS_COMMITTEE, nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, position: 'SECRETARY', organisationId: 'guilds:fars-chamber' };
    guildsStore.down = true;
    try {
      const refused = await graph.query(SEAT, { input }, admin);
      expect(refused.status).toBe(503);
      expect(refused.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/^What this change names in the guilds registry cannot be checked: its subgraph could not answer .* Nothing was written; try again\.$/),
          extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'guilds' }),
        }),
      ]);
      expect(await seats()).toBe(before);
    } finally {
      guildsStore.down = false;
    }
    expect((await graph.query(SEAT, { input }, admin)).errors).toBeUndefined();
    expect(await seats()).toBe(before + 1);
  });
});
