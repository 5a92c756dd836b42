import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentedExampleSection } from '../../scripts/persisted-queries/documents';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
/** The README's examples and docs/examples.md's, in that order: every one runs here. */
const exampleSection = documentedExampleSection(join(__dirname, '..', '..'));
const blocks = [...exampleSection.matchAll(/```graphql\n([\s\S]*?)```/g)];
const examples = blocks.map((match) => match[1]!);
const nameOf = (operation: string) => /^(?:query|mutation) (\w+)/m.exec(operation)?.[1] ?? 'anonymous';

/**
 * The scopes an example's header line asks for: the paragraph just above its block, when it is
 * `Authorization: Bearer $(npm run -s token -- ... --scopes "...")`; undefined for an example sent without a token.
 */
const scopesOf = (index: number): string[] | undefined => {
  const start = index === 0 ? 0 : blocks[index - 1]!.index + blocks[index - 1]![0].length;
  const above = exampleSection.slice(start, blocks[index]!.index).trimEnd().split('\n\n').pop() ?? '';
  const header = /^`Authorization: Bearer \$\(npm run -s token -- (?:--subject \w+ )?--scopes "([^"]*)"\)`$/.exec(above.trim());
  return header ? header[1]!.split(' ').filter(Boolean) : undefined;
};

/** The paths of the lists (`totalCount: 0`) in an answer that came back empty. */
function emptyLists(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => emptyLists(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const here = 'totalCount' in value && value.totalCount === 0 ? [path] : [];
  return [...here, ...Object.entries(value).flatMap(([key, inner]) => emptyLists(inner, `${path}.${key}`))];
}

describe('the README', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph.stop();
  });

  it('shows the two commands, and package.json has them', () => {
    const scripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });

  it('has at least three example operations', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  /** The token an example's header line asks for, minted with the test graph's secret; none without a header line. */
  const tokenFor = async (index: number) => {
    const scopes = scopesOf(index);
    return scopes ? testToken(scopes) : undefined;
  };

  it.each(examples.map((operation, index) => [nameOf(operation), operation, index] as const))('example %s works as shown', async (_, operation, index) => {
    const { data, errors } = await graph.query<Record<string, unknown>>(operation, undefined, await tokenFor(index));
    expect(errors).toBeUndefined();
    for (const value of Object.values(data!)) expect(value).not.toBeNull();
    // an example shows something: none of its lists is empty
    expect(emptyLists(data, nameOf(operation))).toEqual([]);
  });

  it('shows a token header for exactly the examples that need one', async () => {
    expect(examples.map((operation, index) => [nameOf(operation), scopesOf(index)])).toEqual([
      ['SharedMember', ['personal:read']],
      ['WhereItCameFrom', ['personal:read']],
      ['JointProjects', undefined],
      ['CommitteesAndSearch', undefined],
      ['AddMember', ['labs:admin', 'personal:read']],
      ['SharedMembers', undefined],
      ['SearchEverything', undefined],
      ['UnitsPerUnion', undefined],
      ['PersianText', undefined],
      ['JalaliDay', ['labs:admin', 'personal:read']],
      ['Elections', undefined],
      ['ChamberProgramme', undefined],
      ['GrowProgramme', ['guilds:admin', 'personal:read']],
      ['ExportWorkingGroups', undefined],
      ['MeetingMinutes', undefined],
      ['MeetingsOfTheTexts', undefined],
      ['DatesAsGiven', undefined],
      ['Cooperation', undefined],
      ['ResolutionDone', ['guilds:admin']],
      ['FollowUp', ['guilds:admin']],
      ['Credentials', undefined],
      ['RegistryCredentials', undefined],
      ['WorkingAbroad', ['personal:read']],
      ['SuspendAccreditation', ['labs:admin']],
      ['OrganisationsOfAChamber', undefined],
      ['NewUnion', ['guilds:admin']],
      ['EarlierVersions', ['guilds:admin', 'personal:read']],
    ]);
    for (const [index, operation] of examples.entries()) {
      if (!scopesOf(index)) continue;
      const anonymous = await graph.query(operation);
      expect({ example: nameOf(operation), code: anonymous.errors?.[0]?.extensions?.code }).toEqual({ example: nameOf(operation), code: 'UNAUTHENTICATED' });
    }
  });

  it('example SharedMember shows Saeed Tajik in two registries, with his contact', async () => {
    const { data } = await graph.query<{ person: { registries: string[]; labs: { contact: { email: string } } } }>(examples[0]!, undefined, await tokenFor(0));
    expect(data!.person.registries).toEqual(['LABS', 'AUDITORS']);
    expect(data!.person.labs.contact.email).toMatch(/@registries\.example$/);
  });

  it('example Elections shows the five 1399 elections with their figures of the day and their boards', async () => {
    const elections = examples.find((e) => nameOf(e) === 'Elections')!;
    type Node = { votingDay: { jalali: string }; eligibleVoterCountFixed: boolean; result: { eligibleVoters: number; ballots: number }; boardTerm: { seats: unknown[] } | null };
    const { data } = await graph.query<{ guildElections: { totalCount: number; nodes: Node[] } }>(elections);
    expect(data!.guildElections.totalCount).toBe(5);
    for (const node of data!.guildElections.nodes) {
      expect(node.votingDay.jalali).toMatch(/^1399-/);
      expect(node.eligibleVoterCountFixed).toBe(true);
      expect(node.result.eligibleVoters).toBeGreaterThanOrEqual(node.result.ballots);
      expect(node.boardTerm?.seats).toHaveLength(5);
    }
  });

  it('example GrowProgramme keeps both values of the new indicator, the later day being the actual', async () => {
    const { data } = await graph.query<{ chamberProgramme: { axes: { indicators: { actual: number; values: { value: number }[] }[] }[] } }>(
      '{ chamberProgramme(id: "guilds:programme-casablanca-settat-2024") { axes { indicators { actual values { value } } } } }',
    );
    expect(data!.chamberProgramme.axes.flatMap((a) => a.indicators)).toEqual([{ actual: 22, values: [{ value: 9 }, { value: 22 }] }]);
  });

  it('example EarlierVersions shows the union as the closing and the rename found it, newest first', async () => {
    const earlier = examples.find((e) => nameOf(e) === 'EarlierVersions')!;
    const { data } = await graph.query<{ guildsRecordRevisions: { collection: string; deleted: boolean; before: string }[] }>(
      earlier,
      undefined,
      await testToken(['guilds:admin', 'personal:read']),
    );
    const befores = data!.guildsRecordRevisions.map(({ before }) => JSON.parse(before) as { name: string; status?: string; closedOn?: unknown });
    expect(befores.map(({ name }) => name)).toEqual(['اتحادیه صنف کفاشان و کیف‌دوزان شیراز', 'اتحادیه صنف کفاشان شیراز']);
    expect(befores.every(({ closedOn }) => closedOn === undefined)).toBe(true);
    expect(data!.guildsRecordRevisions.every(({ collection, deleted }) => collection === 'organisations' && !deleted)).toBe(true);
  });

  it('example CommitteesAndSearch finds Hajizadeh and the four committees', async () => {
    const search = examples.find((e) => nameOf(e) === 'CommitteesAndSearch')!;
    const { data } = await graph.query<{ jointProjects: { nodes: unknown[] }; engineeringMembers: { nodes: { fullName: string }[] } }>(search);
    expect(data!.jointProjects.nodes).toHaveLength(4);
    expect(data!.engineeringMembers.nodes.map((n) => n.fullName)).toEqual(['حاجی\u200cزاده']);
  });

  it("example SearchEverything finds the Fars chamber of guilds first, and UnitsPerUnion counts its unions' units", async () => {
    const search = examples.find((e) => nameOf(e) === 'SearchEverything')!;
    const found = await graph.query<{ search: { nodes: { organisation: { id: string } | null; highlighted: string }[] } }>(search);
    expect(found.data!.search.nodes[0]!.organisation?.id).toBe('guilds:fars-chamber');
    expect(found.data!.search.nodes[0]!.highlighted).toContain('<mark>');
    const counts = examples.find((e) => nameOf(e) === 'UnitsPerUnion')!;
    const counted = await graph.query<{ counts: { total: number; groups: { count: number }[] } }>(counts);
    expect(counted.data!.counts.total).toBe(counted.data!.counts.groups.reduce((sum, group) => sum + group.count, 0));
    expect(counted.data!.counts.total).toBeGreaterThan(0);
  });
});
