import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/** Issue #16, item 2 through the gateway: the texts' figures from one aggregate request each, checked against counts made by paging the lists. */

interface Group {
  registry: string;
  key: string | null;
  count: number;
  organisation: { id: string } | null;
}

const COUNTS = /* GraphQL */ `
  query Counts($measure: String!, $registries: [Registry!]) {
    counts(measure: $measure, registries: $registries) { measure total groups { registry key count organisation { id } } }
  }
`;

/** Tallies `keyOf` over every item of a paged list (`field`'s connection), `first` at a time. */
async function tallyPaged<T>(graph: TestGraph, query: string, field: string, keyOf: (item: T) => string[], token?: string): Promise<Map<string, number>> {
  const tally = new Map<string, number>();
  let after: string | null = null;
  for (let page = 0; page < 500; page += 1) {
    const { data, errors }: { data?: Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] }>; errors?: unknown } = await graph.query<
      Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] }>
    >(query, { after }, token);
    expect(errors).toBeUndefined();
    const list: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] } = data![field]!;
    for (const node of list.nodes) for (const key of keyOf(node)) tally.set(key, (tally.get(key) ?? 0) + 1);
    if (!list.pageInfo.hasNextPage) return tally;
    after = list.pageInfo.endCursor;
  }
  throw new Error('more than 500 pages');
}

const asMap = (groups: Group[]) => new Map(groups.map((group) => [group.key ?? 'null', group.count]));

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`counts across registries through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let reader: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      reader = await testToken([PERSONAL_READ_SCOPE]);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const counts = async (measure: string, registries?: string[]) => {
      const { data, errors } = await graph.query<{ counts: { measure: string; total: number; groups: Group[] } }>(COUNTS, { measure, registries });
      expect(errors).toBeUndefined();
      return data!.counts;
    };

    const ORGANISATIONS = /* GraphQL */ `
      query Organisations($after: String) {
        guildsOrganisations(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes { id guilds { kind parent { id } guildUnits(first: 100) { licenceNumber } } }
        }
      }
    `;
    type Organisation = { id: string; guilds: { kind: string; parent: { id: string } | null; guildUnits: unknown[] } };

    it("units per union: one request, the same as listing every union's units", async () => {
      const listed = await tallyPaged<Organisation>(graph, ORGANISATIONS, 'guildsOrganisations', (o) =>
        o.guilds.kind === 'GUILD_UNION' ? o.guilds.guildUnits.map(() => o.id) : [],
      );
      const counted = await counts('guildUnitsByUnion');
      expect(counted.groups.length).toBeGreaterThan(1);
      expect(asMap(counted.groups)).toEqual(listed);
      expect(counted.groups.every((group) => group.registry === 'GUILDS' && group.organisation?.id === group.key)).toBe(true);
    });

    it('unions per chamber: one request, the same as listing the organisations', async () => {
      const listed = await tallyPaged<Organisation>(graph, ORGANISATIONS, 'guildsOrganisations', (o) => (o.guilds.kind === 'GUILD_UNION' ? [o.guilds.parent?.id ?? 'null'] : []));
      expect(asMap((await counts('unionsByChamber')).groups)).toEqual(listed);
    });

    it('elections per chamber and per union: one request each, the same as listing the elections', async () => {
      const ELECTIONS = 'query E($after: String) { guildElections(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { union { id } chamber { id } } } }';
      type Election = { union: { id: string }; chamber: { id: string } };
      const perChamber = await tallyPaged<Election>(graph, ELECTIONS, 'guildElections', (e) => [e.chamber.id]);
      const perUnion = await tallyPaged<Election>(graph, ELECTIONS, 'guildElections', (e) => [e.union.id]);
      const byChamber = await counts('electionsByChamber');
      expect(asMap(byChamber.groups)).toEqual(perChamber);
      expect(byChamber.total).toBe([...perChamber.values()].reduce((a, b) => a + b, 0));
      expect(asMap((await counts('electionsByUnion')).groups)).toEqual(perUnion);
    });

    it('organisations per kind, side by side for every registry, and the measures each offers', async () => {
      const { data, errors } = await graph.query<{ counts: { groups: Group[]; measures: { name: string; registries: string[] }[] } }>(
        '{ counts(measure: "organisationsByKind") { groups { registry key count } measures { name registries } } }',
      );
      expect(errors).toBeUndefined();
      expect(new Set(data!.counts.groups.map((group) => group.registry))).toEqual(new Set(['LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS']));
      const measures = new Map(data!.counts.measures.map((measure) => [measure.name, measure.registries]));
      expect(measures.get('guildUnitsByUnion')).toEqual(['GUILDS']);
      expect(measures.get('resolutionsByStatus')).toHaveLength(4);
      const labs = await counts('organisationsByKind', ['LABS']);
      expect(new Set(labs.groups.map((group) => group.registry))).toEqual(new Set(['LABS']));
    });

    it('refuses a measure no registry offers', async () => {
      const { errors } = await graph.query(COUNTS, { measure: 'nationalCodesByDigit' });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/measure/);
    });

    describe('people in several registries', () => {
      const OVERLAP = '{ registryOverlap { minimumGroupSize people inSeveralRegistries combinations { registries count } } }';
      type Overlap = { minimumGroupSize: number; people: number; inSeveralRegistries: number; combinations: { registries: string[]; count: number | null }[] };

      it("come back from one request, the same as listing every registry's members", async () => {
        const registriesOf = new Map<string, string[]>();
        for (const [registry, field] of [
          ['LABS', 'labsMembers'],
          ['AUDITORS', 'auditorsMembers'],
          ['ENGINEERING', 'engineeringMembers'],
          ['GUILDS', 'guildsMembers'],
        ] as const) {
          const query = `query M($after: String) { ${field}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { nationalCode } } }`;
          const codes = await tallyPaged<{ nationalCode: string }>(graph, query, field, (p) => [p.nationalCode], reader);
          for (const code of codes.keys()) registriesOf.set(code, [...(registriesOf.get(code) ?? []), registry]);
        }
        const expected = new Map<string, number>();
        for (const registries of registriesOf.values()) expected.set(registries.join(' '), (expected.get(registries.join(' ')) ?? 0) + 1);
        const { data, errors } = await graph.query<{ registryOverlap: Overlap }>(OVERLAP, {}, reader);
        expect(errors).toBeUndefined();
        const overlap = data!.registryOverlap;
        expect(new Map(overlap.combinations.map((c) => [c.registries.join(' '), c.count]))).toEqual(expected);
        expect(overlap.people).toBe(registriesOf.size);
        expect(overlap.inSeveralRegistries).toBe([...registriesOf.values()].filter((r) => r.length > 1).length);
        expect(overlap.inSeveralRegistries).toBeGreaterThan(0);
      });

      it('withholds small groups from anonymous callers', async () => {
        // One person in the labs and guilds registries only: a combination of one.
        const admin = await testToken(['labs:admin', 'guilds:admin', PERSONAL_READ_SCOPE]);
        const added = await graph.query(
          'mutation { upsertLabsMember(input: { nationalCode: "0499370899", fullName: "نمونه تنها" }) { fullName } upsertGuildsMember(input: { nationalCode: "0499370899", fullName: "نمونه تنها" }) { fullName } }',
          {},
          admin,
        );
        expect(added.errors).toBeUndefined();
        const { data, errors } = await graph.query<{ registryOverlap: Overlap }>(OVERLAP);
        expect(errors).toBeUndefined();
        const shown = data!.registryOverlap;
        const everything = (await graph.query<{ registryOverlap: Overlap }>(OVERLAP, {}, reader)).data!.registryOverlap;
        const countOf = new Map(everything.combinations.map((c) => [c.registries.join(' '), c.count!]));
        expect(countOf.get('LABS GUILDS')).toBeLessThan(shown.minimumGroupSize);
        // Left out, not shown as null: an empty combination and a withheld one look the same.
        expect(shown.combinations.map((c) => c.registries.join(' '))).not.toContain('LABS GUILDS');
        for (const combination of shown.combinations) {
          expect(combination.count).toBe(countOf.get(combination.registries.join(' ')));
          expect(combination.count).toBeGreaterThanOrEqual(shown.minimumGroupSize);
        }
        // Each registry's public head count less what is shown leaves more than one way to fill in what is not.
        const heads = await graph.query<{ counts: { groups: { registry: string; count: number }[] } }>('{ counts(measure: "members") { groups { registry count } } }');
        const leftIn = (registry: string) =>
          heads.data!.counts.groups.filter((g) => g.registry === registry).reduce((sum, g) => sum + g.count, 0) -
          shown.combinations.filter((c) => c.registries.includes(registry)).reduce((sum, c) => sum + c.count!, 0);
        expect(leftIn('LABS')).toBeGreaterThan(countOf.get('LABS GUILDS')!);
        expect(leftIn('GUILDS')).toBeGreaterThan(countOf.get('LABS GUILDS')!);
      });
    });
  });
}
