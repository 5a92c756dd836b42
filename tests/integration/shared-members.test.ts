import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { sharedScaleFraction } from '../../shared/demo/scale';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { loadBatches } from '../../shared/registry/scale';
import { MemoryStore } from '../../shared/store/memory-store';
import { ForwardingStore } from '../../shared/store/forwarding-store';
import { FindOptions, Filter, Store, StoreCollection, StoredDocument } from '../../shared/store/port';
import { auditorsScaleData } from '../../subgraphs/auditors/scale-data';
import { labsScaleData } from '../../subgraphs/labs/scale-data';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

/** Issue #4, item 6 through the gateway: the people in every listed registry, a page at a time. */

const SHARED = /* GraphQL */ `
  query Shared($registries: [Registry!]!, $first: Int, $after: String) {
    sharedMembers(registries: $registries, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { nationalCode fullName registries }
    }
  }
`;
const CODES_ONLY = /* GraphQL */ `
  query Shared($registries: [Registry!]!, $first: Int, $after: String) {
    sharedMembers(registries: $registries, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { nationalCode }
    }
  }
`;

interface SharedPage {
  sharedMembers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { nationalCode: string; fullName?: string; registries?: string[] }[] };
}

/**
 * The embedded store, recording how many documents each `people` read returns: what a registry
 * ships to its subgraph for `sharedMembers`, whatever the subgraph then sends on.
 */
class ReadRecordingStore extends ForwardingStore {
  peopleRead = 0;
  override collection<T extends StoredDocument>(name: string): StoreCollection<T> {
    const inner = super.collection<T>(name);
    if (name !== 'people') return inner;
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        if (property !== 'find') return Reflect.get(target, property, receiver) as unknown;
        return async (filter: Filter, options?: FindOptions) => {
          const rows = await target.find(filter, options);
          this.peopleRead += rows.length;
          return rows;
        };
      },
    });
  }
}

async function codesOf(store: Store): Promise<Set<string>> {
  return new Set((await store.collection('people').find({})).map((person) => person._id));
}

const intersection = (...sets: Set<string>[]): string[] => [...sets[0]!].filter((code) => sets.every((set) => set.has(code))).sort();

describe('sharedMembers through the gateway', () => {
  let graph: TestGraph;
  let reader: string;
  const recording = {} as Record<DemoRegistryKey, ReadRecordingStore>;

  /** Every page, `first` at a time; the pages' costs in store calls per registry. */
  async function allPages(registries: string[], first: number, query = SHARED) {
    const nodes: SharedPage['sharedMembers']['nodes'] = [];
    const calls: Record<string, number>[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 200; pages += 1) {
      for (const store of Object.values(graph.stores)) store.reset();
      const response: { data?: SharedPage; errors?: unknown } = await graph.query(query, { registries, first, after }, reader);
      expect(response.errors).toBeUndefined();
      calls.push(Object.fromEntries(Object.entries(graph.stores).map(([key, store]) => [key, store.calls.get('people') ?? 0])));
      const page = response.data!.sharedMembers;
      expect(page.nodes.length).toBeLessThanOrEqual(first);
      nodes.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return { nodes, calls };
      after = page.pageInfo.endCursor;
    }
    throw new Error('more than 200 pages');
  }

  beforeAll(async () => {
    graph = await startTestGraph(async (key) => (recording[key] = new ReadRecordingStore(new MemoryStore())));
    reader = await testToken([PERSONAL_READ_SCOPE]);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  describe('on the demo data', () => {
    it('finds Saeed Tajik, in the labs association and the auditors society (seed 002), with every other shared member', async () => {
      const expected = intersection(await codesOf(graph.stores.labs), await codesOf(graph.stores.auditors));
      const { nodes } = await allPages(['LABS', 'AUDITORS'], 100);
      expect(nodes.map((n) => n.nationalCode)).toEqual(expected);
      expect(nodes.length).toBeGreaterThan(5);
      expect(nodes).toContainEqual({ nationalCode: SEED_PEOPLE.saeedTajik.nationalCode, fullName: 'سعید تاجیک', registries: ['LABS', 'AUDITORS'] });
      for (const node of nodes) expect(node.registries).toEqual(expect.arrayContaining(['LABS', 'AUDITORS']));
      // Alireza Mohebali chairs the labs association only.
      expect(nodes.map((n) => n.nationalCode)).not.toContain(SEED_PEOPLE.alirezaMohebali.nationalCode);
    });

    it('gives the same people page by page, in national-code order, none twice, whatever the page size', async () => {
      const whole = (await allPages(['AUDITORS', 'LABS'], 100)).nodes.map((n) => n.nationalCode);
      const paged = (await allPages(['LABS', 'AUDITORS', 'LABS'], 3)).nodes.map((n) => n.nationalCode);
      expect(paged).toEqual(whole);
      expect([...paged].sort()).toEqual(paged);
    });

    it('intersects three registries, and one registry is simply its members', async () => {
      const [labs, auditors, engineering] = await Promise.all([codesOf(graph.stores.labs), codesOf(graph.stores.auditors), codesOf(graph.stores.engineering)]);
      const three = (await allPages(['ENGINEERING', 'AUDITORS', 'LABS'], 5)).nodes.map((n) => n.nationalCode);
      expect(three).toEqual(intersection(labs, auditors, engineering));
      const pair = (await allPages(['ENGINEERING', 'AUDITORS'], 5)).nodes.map((n) => n.nationalCode);
      expect(pair).toEqual(intersection(auditors, engineering));
      expect(pair.length).toBeGreaterThan(0);
      const one = (await allPages(['LABS'], 100)).nodes.map((n) => n.nationalCode);
      expect(one).toEqual([...labs].sort());
    });

    it('refuses an empty list of registries and a cursor it did not make, naming the argument', async () => {
      const none = await graph.query(SHARED, { registries: [] }, reader);
      expect(none.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(none.errors?.[0]?.extensions)).toContain('registries');
      const forged = await graph.query(SHARED, { registries: ['LABS', 'AUDITORS'], after: 'bm9wZQ' }, reader);
      expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const tooMany = await graph.query(SHARED, { registries: ['LABS', 'AUDITORS'], first: 101 }, reader);
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('keeps its helper fields off the public schema', async () => {
      const { errors } = await graph.query('{ _memberCodes(first: 10) }', {}, reader);
      expect(errors?.[0]?.message).toMatch(/_memberCodes/);
    });
  });

  describe('on scale data: 20,000 labs members, 2,000 auditors (15 % of equal indexes shared)', () => {
    beforeAll(async () => {
      await loadBatches(graph.stores.labs, labsScaleData(20_000));
      await loadBatches(graph.stores.auditors, auditorsScaleData(2_000));
    }, 120_000);

    it('returns exactly the shared people, the scale ones in the known fraction', async () => {
      const [labs, auditors] = await Promise.all([codesOf(graph.stores.labs), codesOf(graph.stores.auditors)]);
      const expected = intersection(labs, auditors);
      // Of the 2,000 auditors' scale indexes, 15 % are labs members too, plus the demo data's shared people.
      expect(expected.length).toBeGreaterThanOrEqual(2_000 * sharedScaleFraction('labs', 'auditors'));
      const { nodes } = await allPages(['LABS', 'AUDITORS'], 100, CODES_ONLY);
      expect(nodes.map((n) => n.nationalCode)).toEqual(expected);
    });

    it("reads each registry's codes once, when its membership changed, and then only asks each registry its count per page", async () => {
      // A member added: the next page reads the labs registry's codes again (its count changed), and only then.
      const admin = await testToken([PERSONAL_READ_SCOPE, 'labs:admin']);
      const added = await graph.query('mutation { upsertLabsMember(input: { nationalCode: "0019876505", fullName: "مریم نوری" }) { fullName } }', {}, admin);
      expect(added.errors).toBeUndefined();
      for (const store of Object.values(recording)) store.peopleRead = 0;
      const first = await graph.query<SharedPage>(CODES_ONLY, { registries: ['LABS', 'AUDITORS'], first: 20 }, reader);
      expect(first.errors).toBeUndefined();
      expect(recording.labs.peopleRead).toBeGreaterThan(20_000);
      expect(recording.labs.peopleRead).toBeLessThan(2 * 20_100);
      expect(recording.auditors.peopleRead).toBe(0);
      for (const store of Object.values(recording)) store.peopleRead = 0;
      for (const store of Object.values(graph.stores)) store.reset();
      const { data, errors } = await graph.query<SharedPage>(CODES_ONLY, { registries: ['LABS', 'AUDITORS'], first: 20 }, reader);
      expect(errors).toBeUndefined();
      expect(data!.sharedMembers.nodes).toEqual(first.data!.sharedMembers.nodes);
      expect(data!.sharedMembers.pageInfo.hasNextPage).toBe(true);
      // One `_memberCount` each (one store call), no person document read, and nothing asked of a registry not listed.
      expect(graph.stores.labs.calls.get('people') ?? 0).toBe(1);
      expect(graph.stores.auditors.calls.get('people') ?? 0).toBe(1);
      expect(graph.stores.engineering.calls.get('people') ?? 0).toBe(0);
      expect(recording.labs.peopleRead + recording.auditors.peopleRead).toBe(0);
    });

    it("walks the whole intersection with one count per registry per page, whatever the registries' sizes", async () => {
      for (const store of Object.values(recording)) store.peopleRead = 0;
      for (const store of Object.values(graph.stores)) store.reset();
      const { nodes, calls } = await allPages(['AUDITORS', 'LABS'], 100, CODES_ONLY);
      const total = (key: string) => calls.reduce((sum, page) => sum + (page[key] ?? 0), 0);
      expect(nodes.length).toBeGreaterThan(300);
      expect(total('labs')).toBe(calls.length);
      expect(total('auditors')).toBe(calls.length);
      expect(recording.auditors.peopleRead + recording.labs.peopleRead).toBe(0);
    });
  });
});
