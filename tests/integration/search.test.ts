import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/** Issue #16, item 1 through the gateway: one search over every registry. */

interface Hit {
  kind: string;
  registry: string;
  title: string;
  highlighted: string;
  matchedWords: string[];
  score: number;
  person: { fullName: string } | null;
  organisation: { id: string; name: string } | null;
  project: { id: string } | null;
  meeting: { id: string } | null;
  resolution: { id: string } | null;
}
interface Results {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Hit[];
}

const SEARCH = /* GraphQL */ `
  query Search($text: String!, $kinds: [SearchKind!], $registries: [Registry!], $first: Int, $after: String) {
    search(text: $text, kinds: $kinds, registries: $registries, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        kind registry title highlighted matchedWords score
        person { fullName }
        organisation { id name }
        project { id }
        meeting { ... on Meeting { id } }
        resolution { ... on Resolution { id } }
      }
    }
  }
`;

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`search over every registry through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const search = async (text: string, more: Record<string, unknown> = {}, token?: string): Promise<Results> => {
      const { data, errors } = await graph.query<{ search: Results }>(SEARCH, { text, ...more }, token);
      expect(errors).toBeUndefined();
      return data!.search;
    };

    it.each([
      ['سازمان میادین تهران', 'guilds:markets-tehran'],
      ['اتاق اصناف فارس', 'guilds:fars-chamber'],
      ['نظام مهندسی تهران', 'engineering:tehran'],
      ['Casablanca', 'guilds:casablanca-settat-chamber'],
    ])("the source texts' phrase «%s» finds %s first among organisations", async (text, id) => {
      const results = await search(text, { kinds: ['ORGANISATION'] });
      expect(results.nodes[0]?.organisation?.id).toBe(id);
    });

    it.each([
      ['surname first', 'تاجیک سعید', 'سعید تاجیک'],
      ['Arabic letters typed for Persian ones', 'تاجيك سعيد', 'سعید تاجیک'],
      ['a Latin spelling of a Persian name', 'Saeed Tajik', 'سعید تاجیک'],
      ['a Latin spelling of an Arabic name', 'Ezzakrani', 'عبد الرحيم الزكراني'],
      ['Persian letters for an Arabic name', 'عبدالرحیم زکرانی', 'عبد الرحيم الزكراني'],
      ['the start of a name', 'محمودز', 'وحیدرضا محمود\u200cزاده'],
      ['diacritics typed', 'سَعِید', 'سعید تاجیک'],
    ])('%s: «%s» finds «%s»', async (_, text, fullName) => {
      const results = await search(text, { kinds: ['PERSON'] });
      expect(results.nodes.map((hit) => hit.title)).toContain(fullName);
      expect(results.nodes.every((hit) => hit.kind === 'PERSON' && hit.person !== null)).toBe(true);
    });

    it('finds a person in each registry that holds them, with the registry of each hit', async () => {
      const results = await search('سعید تاجیک', { kinds: ['PERSON'] });
      const registries = results.nodes
        .filter((hit) => hit.title === SEED_PEOPLE.saeedTajik.fullName)
        .map((hit) => hit.registry)
        .sort();
      expect(registries).toEqual(['AUDITORS', 'LABS']);
    });

    it('finds a resolution by words of its text, and highlights them', async () => {
      const results = await search('اساسنامه اتحادیه پیشنهادی', { kinds: ['RESOLUTION'] });
      expect(results.totalCount).toBeGreaterThan(0);
      const [best] = results.nodes;
      expect(best?.resolution?.id).toMatch(/^guilds:markets-group-meetings\/\d{4}\/r\d{2}$/);
      expect(best?.highlighted).toContain('<mark>اساسنامه</mark>');
      expect(best?.matchedWords).toEqual(expect.arrayContaining(['اساسنامه', 'اتحادیه', 'پیشنهادی']));
    });

    it('finds a resolution by its whole text pasted, looking up its first words', async () => {
      const [resolution] = (await search('اساسنامه اتحادیه پیشنهادی', { kinds: ['RESOLUTION'] })).nodes;
      const results = await search(resolution!.title, { kinds: ['RESOLUTION'] });
      expect(results.nodes[0]?.resolution?.id).toBe(resolution!.resolution!.id);
    });

    it('finds committees by their mandate and meetings by their agenda', async () => {
      const projects = await search('آیین‌نامه مالی', { kinds: ['PROJECT', 'MEETING'] });
      expect(projects.nodes.map((hit) => hit.kind)).toEqual(expect.arrayContaining(['MEETING']));
      expect(projects.nodes.every((hit) => (hit.kind === 'PROJECT' ? hit.project : hit.meeting) !== null)).toBe(true);
    });

    it('keeps to the registries asked for', async () => {
      const results = await search('تهران', { registries: ['ENGINEERING'], first: 100 });
      expect(results.totalCount).toBeGreaterThan(0);
      expect(new Set(results.nodes.map((hit) => hit.registry))).toEqual(new Set(['ENGINEERING']));
    });

    it('pages with opaque cursors through every hit, best first, each once', async () => {
      const all = await search('تهران', { first: 100 });
      const seen: Hit[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const results: Results = await search('تهران', { first: 3, after });
        seen.push(...results.nodes);
        if (page === 0) {
          expect(results.pageInfo.endCursor).not.toMatch(/تهران|\|/);
          expect(Buffer.from(results.pageInfo.endCursor!, 'base64url').toString('utf8')).not.toMatch(/ENGINEERING|engineering/);
        }
        if (!results.pageInfo.hasNextPage) break;
        after = results.pageInfo.endCursor;
      }
      expect(all.totalCount).toBeGreaterThan(3);
      expect(seen.length).toBe(all.totalCount);
      expect(seen.map((hit) => `${hit.registry} ${hit.kind} ${hit.title}`)).toEqual(all.nodes.map((hit) => `${hit.registry} ${hit.kind} ${hit.title}`));
      const scores = seen.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it('refuses a cursor of another search', async () => {
      const first = await search('تهران', { first: 1 });
      const { errors } = await graph.query(SEARCH, { text: 'شیراز', first: 1, after: first.pageInfo.endCursor });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it.each([[''], ['و'], ['x'.repeat(1001)]])('refuses a text with no word to look up: «%s»', async (text) => {
      const { errors } = await graph.query(SEARCH, { text });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/text/);
    });

    it('gives national codes of the people found only with personal:read', async () => {
      const query = '{ search(text: "سعید تاجیک", kinds: [PERSON]) { nodes { person { nationalCode } } } }';
      const anonymous = await graph.query<{ search: { nodes: { person: { nationalCode: string } }[] } }>(query);
      expect(anonymous.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
      const reader = await graph.query<{ search: { nodes: { person: { nationalCode: string } }[] } }>(query, {}, await testToken([PERSONAL_READ_SCOPE]));
      expect(reader.errors).toBeUndefined();
      expect(reader.data!.search.nodes.map((hit) => hit.person.nationalCode)).toContain(SEED_PEOPLE.saeedTajik.nationalCode);
    });

    it('finds a member added through the API', async () => {
      const admin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
      const { errors } = await graph.query(
        'mutation { upsertLabsMember(input: { nationalCode: "0499370899", fullName: "کیوان فرزانه‌پور", expertise: "شیمی" }) { fullName } }',
        {},
        admin,
      );
      expect(errors).toBeUndefined();
      const results = await search('فرزانه پور کیوان', { kinds: ['PERSON'] });
      expect(results.nodes.map((hit) => hit.title)).toContain('کیوان فرزانه‌پور');
    });
  });
}
