import { documentedExampleSection } from '../../scripts/persisted-queries/documents';
import { join } from 'node:path';
import { MEMBERS_PAGE, PERSON_LOOKUP, SHARED_MEMBERS, UNION_LICENCES } from '../../bench/product/queries';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { topLevelConditions } from '../../shared/store/memory-field-index';
import { MemoryStore } from '../../shared/store/memory-store';
import { testToken } from '../support/auth';
import { ALL_SUBGRAPHS, startTestGraph, TestGraph } from '../support/graph';
import { indexPlan, IndexPlan, RecordedQuery } from '../support/index-plan';
import { QueryRecordingStore } from '../support/query-recording-store';

/**
 * Whether MongoDB could answer the product's reads from the indexes the subgraphs declare (no
 * MongoDB runs here, and FerretDB 1.24 uses no secondary index, so this is checked against
 * MongoDB's planning rules: tests/support/index-plan.ts). Every find and count the gateway's
 * requests cause is recorded per registry and collection.
 */

const exampleSection = documentedExampleSection(join(__dirname, '..', '..'));
const readmeQueries = [...exampleSection.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((text) => /^\s*query\b/.test(text));
const nameOf = (operation: string) => /^\s*query (\w+)/.exec(operation)?.[1] ?? 'anonymous';

/** The data-scale benchmark's reads (bench/README.md, item 6) and the members page of item 5: these must stay bounded at any size. */
const SCALE_OPERATIONS: [string, string, Record<string, unknown>][] = [
  ['person lookup', PERSON_LOOKUP, { nationalCode: '0061234508' }],
  ['filtered page of a union', UNION_LICENCES, { unionId: 'guilds:fars-union-003' }],
  ['page of members', MEMBERS_PAGE, { first: 20 }],
  ['shared members', SHARED_MEMBERS, {}],
];

/**
 * The reads that grow with a collection, each with why it is left so. A new scan fails the test
 * until it is given an index or a reason here; an entry nothing reads any more fails it too.
 */
const KNOWN_SCANS: Record<string, string> = {
  'projects find {}': 'jointProjects merges every registry catalog of projects in the gateway (a catalog is tens of projects)',
  'participations find {}': 'jointProjects reads every catalog of cooperations with the projects',
  'people find nameKey': 'search matches a substring of the normalised name ($regex): no B-tree index can bound it',
  'people count nameKey': 'the count of that search',
  'organisations find nameKey': 'search by a substring of the name, as for people',
  'organisations count nameKey': 'the count of that search',
  'certifications find kind,grade': "auditors' certifications of one kind and grade, by status; thousands, not millions",
  'certifications count kind,grade': 'its count',
};

const shapeOf = (query: RecordedQuery) =>
  `${query.collection} ${query.method} ${
    topLevelConditions(query.filter)
      .map(([field]) => field)
      .filter((field) => field !== '_id')
      .join(',') || '{}'
  }`;

describe('reads bounded by the declared indexes, by MongoDB planning rules', () => {
  let graph: TestGraph;
  const stores: QueryRecordingStore[] = [];
  let reader: string;

  beforeAll(async () => {
    graph = await startTestGraph(async (key) => {
      const store = new QueryRecordingStore(key, new MemoryStore());
      stores.push(store);
      return store;
    });
    // Every example runs, those for a registry's administrators too (its earlier versions of a record).
    reader = await testToken([PERSONAL_READ_SCOPE, ...ALL_SUBGRAPHS.map((subgraph) => `${subgraph.key}:admin`)]);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  /** Runs one operation through the gateway and plans every read it caused. */
  async function readsOf(operation: string, variables: Record<string, unknown>): Promise<{ query: RecordedQuery; plan: IndexPlan }[]> {
    for (const store of stores) {
      store.queries.length = 0;
      store.recording = true;
    }
    try {
      const { errors } = await graph.query(operation, variables, reader);
      expect(errors).toBeUndefined();
    } finally {
      for (const store of stores) store.recording = false;
    }
    const reads = stores.flatMap((store) => store.queries.map((query) => ({ query, plan: indexPlan(query, store.indexes.get(query.collection) ?? []) })));
    expect(reads.length).toBeGreaterThan(0);
    return reads;
  }

  it.each(SCALE_OPERATIONS)('the %s reads only through indexes', async (_, operation, variables) => {
    const reads = await readsOf(operation, variables);
    const scans = reads.filter(({ plan }) => plan.kind === 'collection-scan').map(({ query }) => `${query.registry}.${shapeOf(query)}`);
    expect(scans).toEqual([]);
  });

  it("pages a union's guild units in index order, so a page stops after its page instead of sorting the union", async () => {
    const reads = await readsOf(UNION_LICENCES, { unionId: 'guilds:fars-union-003' });
    const page = reads.find(({ query }) => query.collection === 'guildUnits' && query.method === 'find');
    expect(page?.plan).toEqual({ kind: 'index', index: 'guildUnits_by_union_in_id_order', sortedByIndex: true });
  });

  it('serves a search through every registry from its search index, not a scan', async () => {
    const reads = await readsOf('{ search(text: "اتاق اصناف فارس", first: 5) { totalCount nodes { title } } }', {});
    const lookups = reads.filter(({ query }) => query.collection === 'searchEntries');
    expect(new Set(lookups.map(({ query }) => query.registry)).size).toBe(stores.length);
    for (const { plan } of lookups) expect(plan).toMatchObject({ kind: 'index', index: 'searchEntries_terms' });
  });

  /**
   * How MongoDB answers each measure of `Query.counts` in the registries that offer it: a grouped
   * count from an index alone, or, for `members` (one group: every person), the collection's count.
   * `wholeCollection`: the count reads every entry of the index (no filter narrows it), which is
   * what counting every record costs at the least, yet never a document.
   */
  const MEASURE_PLANS: Record<string, IndexPlan> = {
    members: { kind: 'collection-count' },
    organisationsByKind: { kind: 'covered-index-scan', index: 'organisations_by_kind', wholeCollection: true },
    organisationsByProvince: { kind: 'covered-index-scan', index: 'organisations_by_province', wholeCollection: true },
    organisationsByCity: { kind: 'covered-index-scan', index: 'organisations_by_city', wholeCollection: true },
    projectsByStatus: { kind: 'covered-index-scan', index: 'projects_by_status', wholeCollection: true },
    meetingsBySeries: { kind: 'covered-index-scan', index: 'meetings_by_series', wholeCollection: true },
    resolutionsByStatus: { kind: 'covered-index-scan', index: 'resolutions_by_status_due', wholeCollection: true },
    guildUnitsByUnion: { kind: 'covered-index-scan', index: 'guildUnits_by_union_in_id_order', wholeCollection: true },
    guildUnitsByChamber: { kind: 'covered-index-scan', index: 'guildUnits_by_chamber', wholeCollection: true },
    guildUnitsByStatus: { kind: 'covered-index-scan', index: 'guildUnits_by_status', wholeCollection: true },
    unionsByChamber: { kind: 'covered-index-scan', index: 'organisations_by_kind_and_parent', wholeCollection: false },
    electionsByChamber: { kind: 'covered-index-scan', index: 'elections_by_chamber', wholeCollection: true },
    electionsByUnion: { kind: 'covered-index-scan', index: 'elections_by_union', wholeCollection: true },
  };

  it('answers every measure of counts from an index (or the collection count), in every registry that offers it', async () => {
    const { data } = await graph.query<{ counts: { measures: { name: string }[] } }>('{ counts { measures { name } } }', {}, reader);
    const names = data!.counts.measures.map((measure) => measure.name).sort();
    expect(names).toEqual(Object.keys(MEASURE_PLANS).sort());
    for (const name of names) {
      const reads = await readsOf(`{ counts(measure: "${name}") { total groups { key count } } }`, {});
      for (const { query, plan } of reads)
        expect({ measure: name, registry: query.registry, collection: query.collection, plan }).toEqual({
          measure: name,
          registry: query.registry,
          collection: query.collection,
          plan: MEASURE_PLANS[name],
        });
    }
  });

  it("reads the registries' members for the gateway's membership lists by count, then a keyset page at a time through the _id index", async () => {
    const reads = await readsOf('{ registryOverlap { people combinations { registries count } } }', {});
    // registryOverlap asks each registry's count (gateway/membership); the lists' codes were read when the gateway started.
    expect(new Set(reads.map(({ query }) => `${query.collection} ${query.method}`))).toEqual(new Set(['people count']));
    for (const { query } of reads) expect(query.filter).toEqual({});
    await graph.query(
      'mutation ($input: UpsertLabsMemberInput!) { upsertLabsMember(input: $input) { fullName } }',
      { input: { nationalCode: '0019876505', fullName: 'مریم نوری' } },
      reader,
    );
    const reread = await readsOf('{ registryOverlap { people } }', {});
    const finds = reread.filter(({ query }) => query.method === 'find');
    expect(finds.length).toBeGreaterThan(0);
    // The first page has no condition (the limit bounds it in `_id` order); the next ones start after the last code read.
    for (const { query, plan } of finds)
      expect(plan).toEqual(Object.keys(query.filter).length === 0 ? { kind: 'ordered-scan', index: '_id_' } : { kind: 'index', index: '_id_', sortedByIndex: true });
  });

  it('has at least the README query examples to check', () => {
    expect(readmeQueries.length).toBeGreaterThanOrEqual(10);
  });

  it('scans only where KNOWN_SCANS says why, for every README query example', async () => {
    const seen = new Set<string>();
    const unexplained: string[] = [];
    for (const operation of readmeQueries) {
      for (const { query, plan } of await readsOf(operation, {})) {
        if (plan.kind !== 'collection-scan') continue;
        const shape = shapeOf(query);
        seen.add(shape);
        if (!(shape in KNOWN_SCANS)) unexplained.push(`${nameOf(operation)}: ${query.registry}.${shape} (${plan.reason})`);
      }
    }
    expect(unexplained).toEqual([]);
    expect(Object.keys(KNOWN_SCANS).filter((shape) => !seen.has(shape))).toEqual([]);
  });
});
