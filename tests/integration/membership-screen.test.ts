import { RunningGateway } from '../../gateway/gateway';
import { MEMBERSHIP_DEFAULTS } from '../../gateway/membership/settings';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { PAIRWISE_SUBJECT_PREFIX } from '../../gateway/trust';
import { ALL_SCOPES, REGISTRY_KEYS, testToken } from '../support/auth';
import { askSubgraph, postGraphQL } from '../support/graph';
import { RecordingProxy } from '../support/recording-proxy';
import { RegistriesBehindProxies } from '../support/registries-behind-proxies';
import { isCodeListRead } from '../../gateway/directory/registry-helpers';

/**
 * A registry subgraph is asked about a person only when it holds the person (gateway/membership):
 * a list of one association's members, `sharedMembers` and a committee seat's reference check
 * send no other association's subgraph a national code it does not hold. Recording proxies in
 * front of the registries see every body the gateway sends; the registries' own `_memberCodes`
 * say whom each holds. The answers stay what they were, and the same from both executors.
 */

const NATIONAL_CODE = /"nationalCode":"([^"]+)"/g;
/** Valid Iranian codes, a new one per call (starting 99; each is checked to be nobody's before use). */
let serial = 0;
const candidateCode = () => withIranianCheckDigit(`99${String(++serial).padStart(7, '0')}`);

describe('a registry is asked only about its own members', () => {
  const graph = new RegistriesBehindProxies();
  const { fleet, proxies } = graph;
  let plan: RunningGateway;
  let apollo: RunningGateway;
  let strict: RunningGateway;
  let admin: string;

  /** The codes `key` holds, asked of the subgraph itself. */
  async function codesOf(key: DemoRegistryKey): Promise<Set<string>> {
    const codes = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const answer: { data?: { _memberCodes: string[] } } = await askSubgraph<{ _memberCodes: string[] }>(
        fleet.url(key),
        key,
        'query ($after: String) { _memberCodes(after: $after, first: 1000) }',
        { after },
      );
      const batch: string[] = answer.data!._memberCodes;
      batch.forEach((code) => codes.add(code));
      if (batch.length < 1000) return codes;
      after = batch[batch.length - 1]!;
    }
  }

  /** The codes of the people `key` keeps records of without holding them, asked of the subgraph itself. */
  async function recordHoldersOf(key: DemoRegistryKey): Promise<string[]> {
    const answer = await askSubgraph<{ _recordHolderCodes: string[] }>(fleet.url(key), key, '{ _recordHolderCodes(first: 1000) }');
    return answer.data!._recordHolderCodes;
  }

  /** A valid code no registry holds. */
  async function newCode(): Promise<string> {
    const held = await Promise.all(REGISTRY_KEYS.map(codesOf));
    for (;;) {
      const code = candidateCode();
      if (!held.some((codes) => codes.has(code))) return code;
    }
  }

  /** Every national code the bodies `proxy` passed on since `from` name, with those the membership reads and counts left out. */
  const codesSentTo = (proxy: RecordingProxy, from: number): string[] =>
    proxy.requests.slice(from).flatMap((request) => [...request.body.matchAll(NATIONAL_CODE)].map((match) => match[1]!));

  /** Runs `query` through `gateway` and returns what every registry was sent meanwhile. */
  async function sentDuring<T>(gateway: RunningGateway, query: string, variables?: Record<string, unknown>, token?: string) {
    const from = graph.marks();
    const answer = await postGraphQL<T>(gateway.url, query, variables, token ? { authorization: `Bearer ${token}` } : {});
    const sent = Object.fromEntries(REGISTRY_KEYS.map((key) => [key, codesSentTo(proxies[key], from[key])])) as Record<DemoRegistryKey, string[]>;
    return { answer, sent };
  }

  async function expectOnlyOwnMembers(sent: Record<DemoRegistryKey, string[]>): Promise<void> {
    for (const key of REGISTRY_KEYS) {
      const held = await codesOf(key);
      expect([key, sent[key].filter((code) => !held.has(code))]).toEqual([key, []]);
    }
  }

  beforeAll(async () => {
    await graph.start();
    plan = await graph.gateway({ executor: 'plan' });
    apollo = await graph.gateway({ executor: 'apollo' });
    // A gateway that believes no registry with more than 5 members: it asks those about no one.
    strict = await graph.gateway({ membership: { ...MEMBERSHIP_DEFAULTS, checkEveryMs: 1_000, maxCodesPerRegistry: 5 } });
    admin = await testToken(ALL_SCOPES);
  });
  afterAll(() => graph.stop());

  it("sends no registry another's members' codes for a list's names, and answers as before, the same from both executors", async () => {
    const query = '{ labsMembers(first: 50) { nodes { fullName title registries labs { fullName } guilds { fullName } } } }';
    const byPlan = await sentDuring(plan, query);
    const byApollo = await sentDuring(apollo, query);
    expect(byPlan.answer.errors).toBeUndefined();
    expect(JSON.stringify(byPlan.answer)).toBe(JSON.stringify(byApollo.answer));
    await expectOnlyOwnMembers(byPlan.sent);
    await expectOnlyOwnMembers(byApollo.sent);
    // The labs members other registries hold are still found there, and only there.
    const [labs, guilds, auditors, engineering] = await Promise.all(['labs', 'guilds', 'auditors', 'engineering'].map((key) => codesOf(key as DemoRegistryKey)));
    const nodes = (byPlan.answer.data as { labsMembers: { nodes: { registries: string[]; guilds: unknown }[] } }).labsMembers.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    const shared = nodes.filter((node) => node.registries.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    const personal = await sentDuring<{ labsMembers: { nodes: { nationalCode: string; registries: string[] }[] } }>(
      plan,
      '{ labsMembers(first: 50) { nodes { nationalCode registries } } }',
      undefined,
      admin,
    );
    for (const node of personal.answer.data!.labsMembers.nodes) {
      const expected = [labs, auditors, engineering, guilds].flatMap((held, i) => (held?.has(node.nationalCode) ? [['LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS'][i]!] : []));
      expect([node.nationalCode, [...node.registries].sort()]).toEqual([node.nationalCode, expected.sort()]);
    }
    await expectOnlyOwnMembers(personal.sent);
  });

  it('intersects the registries for sharedMembers itself: no registry is sent a code', async () => {
    const { answer, sent } = await sentDuring<{ sharedMembers: { nodes: { nationalCode: string }[] } }>(
      plan,
      '{ sharedMembers(registries: [LABS, AUDITORS], first: 20) { nodes { nationalCode } } }',
      undefined,
      admin,
    );
    expect(answer.errors).toBeUndefined();
    const [labs, auditors] = await Promise.all([codesOf('labs'), codesOf('auditors')]);
    const expected = [...labs]
      .filter((code) => auditors.has(code))
      .sort()
      .slice(0, 20);
    expect(answer.data!.sharedMembers.nodes.map((node) => node.nationalCode)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    for (const key of REGISTRY_KEYS) expect([key, sent[key]]).toEqual([key, []]);
  });

  it('finds a member added through the gateway at once, and one added at the registry itself about a MEMBERSHIP_CHECK_MS later', async () => {
    const throughGateway = await newCode();
    const upsert = await postGraphQL(
      plan.url,
      'mutation ($input: UpsertGuildsMemberInput!) { upsertGuildsMember(input: $input) { fullName } }',
      { input: { nationalCode: throughGateway, fullName: 'عضو آزمایشی' } },
      { authorization: `Bearer ${admin}` },
    );
    expect(upsert.errors).toBeUndefined();
    const person = 'query ($code: String!) { person(nationalCode: $code) { registries guilds { fullName } } }';
    const found = await postGraphQL<{ person: { registries: string[] } }>(plan.url, person, { code: throughGateway }, { authorization: `Bearer ${admin}` });
    expect(found.data?.person.registries).toEqual(['GUILDS']);

    const atTheRegistry = await newCode();
    const direct = await askSubgraph(
      fleet.url('guilds'),
      'guilds',
      'mutation ($input: UpsertGuildsMemberInput!) { upsertGuildsMember(input: $input) { fullName } }',
      {
        input: { nationalCode: atTheRegistry, fullName: 'عضو مستقیم' },
      },
      { authenticated: true, subject: 'admin', scopes: ALL_SCOPES },
    );
    expect(direct.errors).toBeUndefined();
    // Seen once a count check that follows the addition has answered (one starts at most MEMBERSHIP_CHECK_MS, 1 s, after the
    // last): well within these 40 tries, and long before the ten-minute reload would find it.
    let registries: string[] | undefined;
    for (let tries = 0; tries < 40 && registries?.[0] !== 'GUILDS'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const later = await postGraphQL<{ person: { registries: string[] } }>(plan.url, person, { code: atTheRegistry }, { authorization: `Bearer ${admin}` });
      registries = later.data?.person.registries;
    }
    expect(registries).toEqual(['GUILDS']);
  });

  it('asks a registry whose member list it does not believe about no one, nor takes the people it names: its part is unavailable', async () => {
    const { answer, sent } = await sentDuring<{ labsMembers: { nodes: { registries: string[] | null }[] } | null }>(strict, '{ labsMembers(first: 5) { nodes { registries } } }');
    for (const key of REGISTRY_KEYS) expect([key, sent[key]]).toEqual([key, []]);
    // Its list not believed, the people it names cannot be checked (gateway/membership/named-people.ts): left out, so is the list.
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'labs' } });
    expect(answer.data?.labsMembers).toBeNull();
  });

  it('keeps a committee seat for a code nobody holds refused, and sends that code to no registry', async () => {
    const nobody = await newCode();
    const seat = 'mutation ($input: AddCommitteeMemberInput!) { addGuildsCommitteeMember(input: $input) { id } }';
    const { answer, sent } = await sentDuring(plan, seat, { input: { projectId: 'guilds:no-such-committee', nationalCode: nobody, position: 'MEMBER' } }, admin);
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The change goes to the guilds registry, which it names the person to; no other registry is asked.
    for (const key of REGISTRY_KEYS.filter((key) => key !== 'guilds')) expect([key, sent[key].filter((code) => code === nobody)]).toEqual([key, []]);
  });

  describe("a person's own record (`me`)", () => {
    const ME = '{ me { fullName registries meetings { id } committeeSeats { committee { id } } credentials { id } } }';
    type MeAnswer = { me: { registries: string[]; meetings: { id: string }[]; committeeSeats: { committee: { id: string } }[] } };

    it('is asked of the registries that hold the person or keep a record of theirs only, and has every part', async () => {
      // A labs member whose name the minutes of an auditors meeting give among the attendees.
      const attendee = (await recordHoldersOf('auditors'))[0]!;
      expect(attendee).toBeDefined();
      const [labs, guilds, engineering] = await Promise.all([codesOf('labs'), codesOf('guilds'), codesOf('engineering')]);
      expect([labs.has(attendee), guilds.has(attendee), engineering.has(attendee)]).toEqual([true, false, false]);
      const token = await testToken([], { subject: attendee });
      const answers: unknown[] = [];
      for (const gateway of [plan, apollo]) {
        const { answer, sent } = await sentDuring<MeAnswer>(gateway, ME, undefined, token);
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.me.registries).toEqual(['LABS']);
        expect(answer.data!.me.meetings.some(({ id }) => id.startsWith('auditors:'))).toBe(true);
        expect(sent.labs).toContain(attendee);
        expect(sent.auditors).toContain(attendee);
        expect([sent.guilds, sent.engineering]).toEqual([[], []]);
        answers.push(answer);
      }
      expect(JSON.stringify(answers[0])).toBe(JSON.stringify(answers[1]));
    });

    it('reaches a registry that has just given the person a committee seat, as soon as the change is made', async () => {
      const [labs, guilds] = await Promise.all([codesOf('labs'), codesOf('guilds')]);
      const holders = new Set(await recordHoldersOf('guilds'));
      const person = [...labs].find((code) => !guilds.has(code) && !holders.has(code))!;
      const token = await testToken([], { subject: person });
      const before = await sentDuring<MeAnswer>(plan, ME, undefined, token);
      expect(before.sent.guilds).toEqual([]);
      expect(before.answer.data!.me.committeeSeats.filter(({ committee }) => committee.id.startsWith('guilds:'))).toEqual([]);
      const seat = await postGraphQL(
        plan.url,
        'mutation ($input: AddCommitteeMemberInput!) { addGuildsCommitteeMember(input: $input) { id } }',
        { input: { projectId: 'guilds:committee-legal', nationalCode: person, position: 'MEMBER' } },
        { authorization: `Bearer ${admin}` },
      );
      expect(seat.errors).toBeUndefined();
      // The gateway the change went through reads the guilds registry's lists again before its next request.
      const after = await sentDuring<MeAnswer>(plan, ME, undefined, token);
      expect(after.answer.errors).toBeUndefined();
      expect(after.sent.guilds).toContain(person);
      expect(after.answer.data!.me.committeeSeats.map(({ committee }) => committee.id)).toContain('guilds:committee-legal');
      // Another gateway sees it once its count check that follows has answered (one starts at most MEMBERSHIP_CHECK_MS, 1 s,
      // after the last): within these 40 tries.
      let seats: string[] = [];
      for (let tries = 0; tries < 40 && !seats.includes('guilds:committee-legal'); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const later = await postGraphQL<MeAnswer>(apollo.url, ME, undefined, { authorization: `Bearer ${token}` });
        seats = later.data?.me.committeeSeats.map(({ committee }) => committee.id) ?? [];
      }
      expect(seats).toContain('guilds:committee-legal');
    });
  });

  describe("the signed-in person's own code, in the caller assertion", () => {
    /** The subject of each caller assertion `proxy` passed on since `from`, but for the gateway's own (anonymous) membership checks. */
    const subjectsSentTo = (proxy: RecordingProxy, from: number): (string | undefined)[] =>
      proxy.requests
        .slice(from)
        .filter((request) => !isCodeListRead(request.body))
        .map((request) => {
          const assertion = String(request.headers[CALLER_HEADER] ?? '');
          return (JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string }).sub;
        });

    async function subjectsDuring(gateway: RunningGateway, key: DemoRegistryKey, query: string, token: string, variables?: Record<string, unknown>) {
      const from = proxies[key].requests.length;
      const answer = await postGraphQL(gateway.url, query, variables, { authorization: `Bearer ${token}` });
      return { answer, subjects: subjectsSentTo(proxies[key], from) };
    }

    it('goes only to the registries that hold the person; every other one is told a pairwise name it cannot turn back into the code', async () => {
      const [labs, guilds, auditors] = await Promise.all([codesOf('labs'), codesOf('guilds'), codesOf('auditors')]);
      const kept = [...(await recordHoldersOf('guilds')), ...(await recordHoldersOf('auditors'))];
      const person = [...labs].find((code) => !guilds.has(code) && !auditors.has(code) && !kept.includes(code))!;
      const token = await testToken([], { subject: person });
      for (const gateway of [plan, apollo]) {
        const own = await subjectsDuring(gateway, 'labs', '{ labsMembers(first: 1) { totalCount } }', token);
        expect(own.answer.errors).toBeUndefined();
        expect(own.subjects).toEqual([person]);
        const other = await subjectsDuring(gateway, 'guilds', '{ guildsMembers(first: 1) { totalCount } }', token);
        expect(other.answer.errors).toBeUndefined();
        expect(other.subjects).toHaveLength(1);
        const [pairwise] = other.subjects;
        expect(pairwise).toMatch(new RegExp(`^${PAIRWISE_SUBJECT_PREFIX}[A-Za-z0-9_-]{27}$`));
        expect(pairwise).not.toContain(person);
        // The same name on every request there, another at each other registry.
        expect((await subjectsDuring(gateway, 'guilds', '{ guildsMembers(first: 2) { totalCount } }', token)).subjects).toEqual([pairwise]);
        const elsewhere = await subjectsDuring(gateway, 'auditors', '{ auditorsMembers(first: 1) { totalCount } }', token);
        expect(elsewhere.subjects).toHaveLength(1);
        expect(elsewhere.subjects[0]).toMatch(new RegExp(`^${PAIRWISE_SUBJECT_PREFIX}`));
        expect(elsewhere.subjects[0]).not.toBe(pairwise);
      }
    });

    it('is told where the fetch names the person already, and to a registry a change goes to (it records who made it)', async () => {
      const [labs, guilds] = await Promise.all([codesOf('labs'), codesOf('guilds')]);
      const person = [...labs].find((code) => !guilds.has(code))!;
      const reader = await testToken([], { subject: person });
      // A request whose body names the code: the registry learns it from the body anyway.
      const named = await subjectsDuring(plan, 'guilds', 'query ($search: String) { guildsMembers(search: $search) { totalCount } }', reader, { search: person });
      expect(named.answer.errors).toBeUndefined();
      expect(named.subjects).toEqual([person]);
      const writer = await testToken(ALL_SCOPES, { subject: person });
      const change = await subjectsDuring(plan, 'guilds', 'mutation ($input: UpsertGuildsMemberInput!) { upsertGuildsMember(input: $input) { fullName } }', writer, {
        input: { nationalCode: await newCode(), fullName: 'عضو آزمایشی' },
      });
      expect(change.answer.errors).toBeUndefined();
      expect(change.subjects).toEqual([person]);
    });
  });
});
