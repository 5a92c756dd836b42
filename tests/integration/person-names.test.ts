import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Names as people use them, through the gateway: titles kept apart from names, given and family
 * names kept apart, «…زاده» stored one way while search matches every spelling, and name order by
 * family name then given name (Persian collation).
 */

const ZWNJ = '\u200c';
const code = (n: number) => withIranianCheckDigit(String(480_000_000 + n * 131).padStart(9, '0'));
const UPSERT = `mutation Upsert($input: UpsertLabsMemberInput!) { upsertLabsMember(input: $input) { nationalCode title givenName familyName fullName } }`;
const NAME_ORDER = `{ labsMembers(first: 100, orderBy: NAME) { nodes { nationalCode } } }`;
const SEARCH = `query Search($search: String!) { labsMembers(first: 100, search: $search) { nodes { nationalCode } } }`;

interface Member {
  nationalCode: string;
  title: string | null;
  givenName: string | null;
  familyName: string | null;
  fullName: string;
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`names of people through the gateway (${candidate.name}${candidate.skipReason ? `: ${candidate.skipReason}` : ''})`, () => {
    let graph: TestGraph;
    let token: string;
    const databases = perAssociationDatabases(candidate);
    const upsert = (input: Record<string, unknown>) => graph.query<{ upsertLabsMember: Member }>(UPSERT, { input }, token);

    beforeAll(async () => {
      token = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
      graph = await startTestGraph((key) => databases.open(key));
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('stores «محمودزاده», «محمود زاده» and «محمود‌زاده» the same way, and finds all three by any spelling', async () => {
      const spellings = ['محمودزاده', 'محمود زاده', `محمود${ZWNJ}زاده`];
      const stored = await Promise.all(spellings.map((familyName, i) => upsert({ nationalCode: code(i + 1), givenName: 'پرویز', familyName })));
      for (const { data, errors } of stored) {
        expect(errors).toBeUndefined();
        expect(data!.upsertLabsMember).toMatchObject({ givenName: 'پرویز', familyName: `محمود${ZWNJ}زاده`, fullName: `پرویز محمود${ZWNJ}زاده`, title: null });
      }
      const whole = await upsert({ nationalCode: code(4), fullName: 'پرویز محمود زاده' });
      expect(whole.data!.upsertLabsMember.fullName).toBe(`پرویز محمود${ZWNJ}زاده`);
      const mine = [1, 2, 3, 4].map(code).sort();
      for (const search of [...spellings, 'محمودزاد', 'پرویز محمودزاده']) {
        const { data } = await graph.query<{ labsMembers: { nodes: { nationalCode: string }[] } }>(SEARCH, { search }, token);
        expect({
          search,
          found: data!.labsMembers.nodes
            .map((n) => n.nationalCode)
            .filter((c) => mine.includes(c))
            .sort(),
        }).toEqual({ search, found: mine });
      }
    });

    it('keeps titles apart from the name: passed as `title`, or moved there from the start of a name', async () => {
      const given = await upsert({ nationalCode: code(10), title: 'سركار خانم  مهندس', familyName: 'حاجی زاده' });
      expect(given.data!.upsertLabsMember).toMatchObject({ title: 'سرکار خانم مهندس', givenName: null, familyName: `حاجی${ZWNJ}زاده`, fullName: `حاجی${ZWNJ}زاده` });
      const typed = await upsert({ nationalCode: code(11), fullName: 'مهندس فاطمی' });
      expect(typed.data!.upsertLabsMember).toMatchObject({ title: 'مهندس', fullName: 'فاطمی' });
      // The title still finds the person.
      const { data } = await graph.query<{ labsMembers: { nodes: { nationalCode: string }[] } }>(SEARCH, { search: 'سرکار خانم' }, token);
      expect(data!.labsMembers.nodes.map((n) => n.nationalCode)).toContain(code(10));
    });

    it('refuses an unknown title, a name that is only a title, and a member without a name, saying what to pass', async () => {
      const unknown = await upsert({ nationalCode: code(20), title: 'سلطان', familyName: 'کریمی' });
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ field: 'title', messageId: 'PERSON_TITLE_UNKNOWN' })] });
      const onlyTitle = await upsert({ nationalCode: code(21), fullName: 'مهندس' });
      expect(onlyTitle.errors?.[0]?.extensions).toMatchObject({ problems: [expect.objectContaining({ field: 'fullName', messageId: 'PERSON_NAME_ONLY_TITLE' })] });
      expect(onlyTitle.errors?.[0]?.message).toContain('pass the title as `title`');
      const nameless = await upsert({ nationalCode: code(22) });
      expect(nameless.errors?.[0]?.extensions).toMatchObject({ problems: [expect.objectContaining({ field: 'fullName', messageId: 'PERSON_NAME_REQUIRED' })] });
    });

    it('lists in name order by family name, then given name, titles aside', async () => {
      const people = [
        { nationalCode: code(30), givenName: 'آرش', familyName: 'یزدانی' },
        { nationalCode: code(31), title: 'دکتر', givenName: 'کاوه', familyName: 'بهرامی' },
        { nationalCode: code(32), givenName: 'زهرا', familyName: 'احمدی' },
        { nationalCode: code(33), givenName: 'بهرام', familyName: 'احمدی' },
        { nationalCode: code(34), fullName: 'مهندس گودرزی' },
      ];
      for (const person of people) expect((await upsert(person)).errors).toBeUndefined();
      const { data } = await graph.query<{ labsMembers: { nodes: { nationalCode: string }[] } }>(NAME_ORDER, {}, token);
      const mine = people.map((p) => p.nationalCode);
      expect(data!.labsMembers.nodes.map((n) => n.nationalCode).filter((c) => mine.includes(c))).toEqual([code(33), code(32), code(31), code(34), code(30)]);
    });
  });
}
