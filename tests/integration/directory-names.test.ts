import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * The directory's `Person` (the cross-registry view of `person` and `sharedMembers`) carries the
 * name's parts each registry's member has: title, given and family name, all from the registry
 * its `fullName` comes from (the first in the configuration's order that knows the person).
 */

const code = (n: number) => withIranianCheckDigit(String(530_000_000 + n * 173).padStart(9, '0'));
const NAME = 'fullName title givenName familyName';
const PERSON = `query P($code: String!) { person(nationalCode: $code) { ${NAME} } }`;
const SHARED = `{ sharedMembers(registries: [LABS, AUDITORS], first: 100) { nodes { nationalCode ${NAME} } } }`;

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`the directory's person has the name's parts (${candidate.name}${candidate.skipReason ? `: ${candidate.skipReason}` : ''})`, () => {
    let graph: TestGraph;
    let token: string;
    const databases = perAssociationDatabases(candidate);
    const upsert = async (key: 'labs' | 'auditors', input: Record<string, unknown>) => {
      const prefix = key[0]!.toUpperCase() + key.slice(1);
      const { errors } = await graph.query(`mutation U($input: Upsert${prefix}MemberInput!) { upsert${prefix}Member(input: $input) { fullName } }`, { input }, token);
      expect(errors).toBeUndefined();
    };

    beforeAll(async () => {
      token = await testToken(['labs:admin', 'auditors:admin', PERSONAL_READ_SCOPE]);
      graph = await startTestGraph((key) => databases.open(key));
      await upsert('labs', { nationalCode: code(1), title: 'سرکار خانم مهندس', givenName: 'مریم', familyName: 'حاجی زاده' });
      await upsert('auditors', { nationalCode: code(1), fullName: 'دکتر م. حاجی‌زاده' });
      await upsert('auditors', { nationalCode: code(2), title: 'دکتر', givenName: 'کاوه', familyName: 'بهرامی' });
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('`person` gives the title, given and family name of the registry its full name comes from', async () => {
      const both = await graph.query<{ person: Record<string, string | null> }>(PERSON, { code: code(1) }, token);
      expect(both.errors).toBeUndefined();
      expect(both.data!.person).toEqual({ fullName: 'مریم حاجی\u200cزاده', title: 'سرکار خانم مهندس', givenName: 'مریم', familyName: 'حاجی\u200cزاده' });
      const auditorOnly = await graph.query<{ person: Record<string, string | null> }>(PERSON, { code: code(2) }, token);
      expect(auditorOnly.data!.person).toEqual({ fullName: 'کاوه بهرامی', title: 'دکتر', givenName: 'کاوه', familyName: 'بهرامی' });
    });

    it('`sharedMembers` carries them too', async () => {
      const { data, errors } = await graph.query<{ sharedMembers: { nodes: Record<string, string | null>[] } }>(SHARED, {}, token);
      expect(errors).toBeUndefined();
      expect(data!.sharedMembers.nodes.find((node) => node.nationalCode === code(1))).toMatchObject({ title: 'سرکار خانم مهندس', givenName: 'مریم', familyName: 'حاجی\u200cزاده' });
    });

    it('gives the titles as PersonTitle values, which `labels` words in fa, ar, fr and en', async () => {
      const { data, errors } = await graph.query<{ person: { titles: string[]; labs: { titles: string[] }; auditors: { titles: string[] } } }>(
        `query T($code: String!) { person(nationalCode: $code) { titles labs { titles } auditors { titles } } }`,
        { code: code(1) },
        token,
      );
      expect(errors).toBeUndefined();
      expect(data!.person.titles).toEqual(['MADAM', 'ENGINEER']);
      // Each registry's member has them too: the auditors wrote «دکتر» before the same person's name.
      expect(data!.person.labs.titles).toEqual(['MADAM', 'ENGINEER']);
      expect(data!.person.auditors.titles).toEqual(['DOCTOR']);
      const worded: Record<string, Record<string, string>> = {};
      for (const locale of ['FA', 'AR', 'FR', 'EN']) {
        const answer = await graph.query<{ labels: { enum: string; values: { value: string; label: string }[] }[] }>(
          `{ labels(locale: ${locale}, enums: ["PersonTitle"]) { enum values { value label } } }`,
        );
        expect(answer.errors).toBeUndefined();
        worded[locale] = Object.fromEntries(answer.data!.labels[0]!.values.map((value) => [value.value, value.label]));
      }
      expect(Object.keys(worded.FR!)).toHaveLength(9);
      expect(worded.FA!.ENGINEER).toBe('مهندس');
      expect(worded.AR!.ENGINEER).toBe('المهندس');
      expect(worded.FR!.ENGINEER).toBe('Ingénieur');
      expect(worded.EN!.MADAM).toBe('Madam');
    });
  });
}
