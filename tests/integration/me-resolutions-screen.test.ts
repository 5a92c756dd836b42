import { RunningGateway } from '../../gateway/gateway';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { REGISTRY_KEYS, testToken } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { RegistriesBehindProxies } from '../support/registries-behind-proxies';

/**
 * `me { resolutions }` (audits of 2026-12-07, gateway/membership/resolution-screen.ts): a registry
 * that holds no one of the caller's organisations is sent nothing of the caller's (their
 * organisations' ids, the `Me.resolutions` list): the same question for every caller. The caller
 * still gets every resolution of their organisations, another registry's meeting's included, the
 * same count and the same pages, from both executors. Recording proxies in front of the registries
 * see every body the gateway sends.
 */

// Held by the guilds registry alone, chief executive of one of its markets.
const DABIRI = SEED_PEOPLE.dabiri.nationalCode;
// A valid code no registry holds: a person with no positions anywhere.
const NOBODY = withIranianCheckDigit('007399997');

const SERIES = `mutation { createLabsMeetingSeries(input: { id: "labs:resolution-screen", title: "نشست‌های آزمون مصوبات", convenorId: "labs:association" }) { id } }`;
const MINUTES = `mutation M($input: RecordMeetingInput!) { recordLabsMeeting(input: $input) { id resolutions { id responsible { id } } } }`;
const MEMBERSHIPS = '{ me { memberships { registry roles { organisation { id } } } } }';
const PAGE =
  'query P($first: Int, $after: String, $status: ResolutionFilterStatus) { me { resolutions(first: $first, after: $after, status: $status) { totalCount pageInfo { hasNextPage endCursor } nodes { id responsible { id } } } } }';
const BY_RESPONSIBLE = 'query R($id: ID!) { resolutions(responsibleId: $id, first: 100) { totalCount nodes { id } } }';

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; responsible: { id: string } }[] };

describe('me { resolutions } tells a registry that does not hold the caller nothing of theirs', () => {
  const graph = new RegistriesBehindProxies();
  const proxies = graph.proxies;
  let plan: RunningGateway;
  let apollo: RunningGateway;
  let admin: string;
  let dabiri: string;
  let organisations: string[];
  let mine: string[];

  /** What each registry was sent while `run` ran. */
  async function sentDuring<T>(run: () => Promise<T>): Promise<{ result: T; sent: Record<DemoRegistryKey, string[]> }> {
    const from = graph.marks();
    const result = await run();
    const sent = Object.fromEntries(REGISTRY_KEYS.map((key) => [key, proxies[key].requests.slice(from[key]).map((request) => request.body)])) as Record<DemoRegistryKey, string[]>;
    return { result, sent };
  }

  /** Every page of the caller's resolutions, `first` at a time. */
  async function allPages(gateway: RunningGateway, token: string, first: number, status?: string): Promise<Page[]> {
    const pages: Page[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const answer: { errors?: unknown; data?: { me: { resolutions: Page } } } = await postGraphQL<{ me: { resolutions: Page } }>(
        gateway.url,
        PAGE,
        { first, after, status },
        { authorization: `Bearer ${token}` },
      );
      expect(answer.errors).toBeUndefined();
      const page: Page = answer.data!.me.resolutions;
      pages.push(page);
      if (!page.pageInfo.hasNextPage) return pages;
      after = page.pageInfo.endCursor;
    }
    throw new Error('more than 50 pages');
  }

  /** The `ResolutionList` filters in what a registry was sent. */
  const filtersIn = (bodies: string[]): string[] =>
    bodies.flatMap((body) => {
      const variables = (JSON.parse(body) as { variables?: Record<string, unknown> }).variables ?? {};
      return Object.values(variables).flatMap((value) =>
        Array.isArray(value) ? value.filter((r: { __typename?: string }) => r?.__typename === 'ResolutionList').map((r: { filter: string }) => r.filter) : [],
      );
    });

  beforeAll(async () => {
    await graph.start();
    plan = await graph.gateway({ executor: 'plan' });
    apollo = await graph.gateway({ executor: 'apollo' });
    admin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
    dabiri = await testToken([], { subject: DABIRI });

    const memberships = await postGraphQL<{ me: { memberships: { registry: string; roles: { organisation: { id: string } }[] }[] } }>(plan.url, MEMBERSHIPS, undefined, {
      authorization: `Bearer ${dabiri}`,
    });
    expect(memberships.errors).toBeUndefined();
    expect(memberships.data!.me.memberships.map((m) => m.registry)).toEqual(['GUILDS']);
    organisations = [...new Set(memberships.data!.me.memberships.flatMap((m) => m.roles.map((role) => role.organisation.id)))].sort();
    expect(organisations.length).toBeGreaterThan(0);

    // Minutes of a labs meeting naming the caller's market responsible (the cross-registry case), twice, and another's once.
    expect((await postGraphQL(plan.url, SERIES, undefined, { authorization: `Bearer ${admin}` })).errors).toBeUndefined();
    const recorded = await postGraphQL<{ recordLabsMeeting: { resolutions: { id: string; responsible: { id: string } }[] } }>(
      plan.url,
      MINUTES,
      {
        input: {
          seriesId: 'labs:resolution-screen',
          number: 1,
          hostId: 'labs:association',
          startsOn: '1403-02-10',
          resolutions: [
            { text: 'گزارش پایش بازار', responsibleId: organisations[0], dueDate: '1403-03-01' },
            { text: 'پیگیری کمیته مشترک', responsibleId: 'labs:association' },
            { text: 'گزارش دوم بازار', responsibleId: organisations[0] },
          ],
        },
      },
      { authorization: `Bearer ${admin}` },
    );
    expect(recorded.errors).toBeUndefined();
    mine = recorded.data!.recordLabsMeeting.resolutions.filter((r) => r.responsible.id === organisations[0]).map((r) => r.id);
    expect(mine).toHaveLength(2);
  });
  afterAll(() => graph.stop());

  it("sends the registries that do not hold the caller no id of their organisations nor the caller's list, only the same question for everyone", async () => {
    for (const gateway of [plan, apollo]) {
      const { sent } = await sentDuring(() => allPages(gateway, dabiri, 1));
      for (const key of REGISTRY_KEYS.filter((key) => key !== 'guilds')) {
        const bodies = sent[key].join('\n');
        expect(filtersIn(sent[key]).length).toBeGreaterThan(0);
        for (const id of organisations) expect([key, bodies.includes(id)]).toEqual([key, false]);
        expect([key, bodies.includes('Me.resolutions'), bodies.includes('responsibleIds'), bodies.includes(DABIRI)]).toEqual([key, false, false, false]);
      }
      // The registry that holds the caller is asked as before.
      expect(filtersIn(sent.guilds).some((filter) => filter.includes(organisations[0]!))).toBe(true);
    }
    // Another caller (with no positions at all) has the labs registry asked exactly the same.
    const nobody = await testToken([], { subject: NOBODY });
    const forDabiri = await sentDuring(() => postGraphQL(plan.url, PAGE, { first: 5 }, { authorization: `Bearer ${dabiri}` }));
    const forNobody = await sentDuring(() => postGraphQL(plan.url, PAGE, { first: 5 }, { authorization: `Bearer ${nobody}` }));
    expect(filtersIn(forDabiri.sent.labs)).toEqual(filtersIn(forNobody.sent.labs));
    expect(filtersIn(forDabiri.sent.labs)).toHaveLength(1);
  });

  it("still gives the caller every resolution of their organisations, another registry's meeting's included, with the same count and pages, from both executors", async () => {
    const expected = new Set<string>();
    for (const id of organisations) {
      const answer = await postGraphQL<{ resolutions: { nodes: { id: string }[] } }>(plan.url, BY_RESPONSIBLE, { id });
      expect(answer.errors).toBeUndefined();
      answer.data!.resolutions.nodes.forEach((node) => expected.add(node.id));
    }
    for (const id of mine) expect(expected.has(id)).toBe(true);
    const answers: unknown[] = [];
    for (const gateway of [plan, apollo]) {
      const [whole] = await allPages(gateway, dabiri, 100);
      expect(whole!.totalCount).toBe(expected.size);
      expect(new Set(whole!.nodes.map((node) => node.id))).toEqual(expected);
      for (const node of whole!.nodes) expect(organisations).toContain(node.responsible.id);
      // One at a time: the same resolutions in the same order, each page counting them all.
      const pages = await allPages(gateway, dabiri, 1);
      expect(pages.flatMap((page) => page.nodes.map((node) => node.id))).toEqual(whole!.nodes.map((node) => node.id));
      for (const page of pages) expect(page.totalCount).toBe(expected.size);
      // A status is kept: the two open ones of the labs meeting are there.
      const open = await allPages(gateway, dabiri, 100, 'OPEN');
      for (const id of mine) expect(open[0]!.nodes.map((node) => node.id)).toContain(id);
      // Cursors are sealed afresh each time: the rest is compared.
      answers.push({ ...whole, pageInfo: { hasNextPage: whole!.pageInfo.hasNextPage } });
    }
    expect(JSON.stringify(answers[0])).toBe(JSON.stringify(answers[1]));
  });
});
