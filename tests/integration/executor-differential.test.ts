import { documentedExampleSection } from '../../scripts/persisted-queries/documents';
import { join } from 'node:path';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { testToken, useTestSecrets } from '../support/auth';
import { GraphQLResponse, postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';
import { HttpSubgraphClient } from '../../gateway/execution/subgraph-client';

/**
 * The plan executor (gateway/execution) against Apollo Gateway's own executor, on the same four
 * registry subgraphs: every operation below goes to a gateway of each kind, and the answers must
 * be the same (data deep-equal, the same errors with the same codes and paths). Then the same
 * again with a registry down, where parts of the answer are null and errors name the subgraph.
 */

const exampleSection = documentedExampleSection(join(__dirname, '..', '..'));
/** The README's example queries (its mutations are left out: they would write twice). */
const README_QUERIES = [...exampleSection.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((operation) => !/^\s*mutation\b/m.test(operation));

const TAJIK = SEED_PEOPLE.saeedTajik.nationalCode;

/** Operations exercising what the result shaping has to get right, with their variables. */
const OPERATIONS: [string, string, Record<string, unknown> | undefined][] = [
  [
    'person across the four registries (graph suite)',
    `query Person($code: String!) {
      person(nationalCode: $code) {
        nationalCode fullName registries
        labs { fullName roles { body position organisation { id name registry } } }
        auditors { fullName roles { body position organisation { id name } } }
        engineering { fullName }
        guilds { fullName }
      }
    }`,
    { code: TAJIK },
  ],
  [
    'aliases, __typename, named and inline fragments',
    `query Shaped($code: String!) {
      who: person(nationalCode: $code) { __typename name: fullName ...Roles labs { ... on LabsMember { again: fullName } } }
      typename: __typename
    }
    fragment Roles on Person { auditors { roles { __typename kind: position organisation { id n: name } } } }`,
    { code: TAJIK },
  ],
  [
    '@skip and @include, literal and by variable, with a default',
    `query Conditional($code: String!, $withLabs: Boolean!, $skipGuilds: Boolean = true) {
      person(nationalCode: $code) {
        fullName @skip(if: false)
        nationalCode @include(if: false)
        labs @include(if: $withLabs) { fullName }
        guilds @skip(if: $skipGuilds) { fullName }
        ... @include(if: $withLabs) { registries }
      }
    }`,
    { code: TAJIK, withLabs: true },
  ],
  ['the same, other variables', '', { code: TAJIK, withLabs: false, skipGuilds: false }],
  [
    'cross-registry lists (joint projects)',
    `{ jointProjects(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { id title status registries lead { name registry } cooperating { name registry } dueDate { iso jalali } } } }`,
    undefined,
  ],
  ['an unknown person (null root field)', `{ person(nationalCode: "0000000000") { fullName labs { fullName } } }`, undefined],
  ['a bad variable value', `query Bad($code: String!) { person(nationalCode: $code) { fullName } }`, { code: 12 }],
  ['a subgraph error (bad national code)', `{ person(nationalCode: "12") { fullName } }`, undefined],
  ['introspection (left to Apollo Gateway)', `{ __schema { queryType { name } } __type(name: "Person") { name } }`, undefined],
];
OPERATIONS[3]![1] = OPERATIONS[2]![1];

/** Cursors are sealed with a random nonce each time: two answers agree when both have one, or both none. */
const withCursorsMarked = (data: unknown): unknown =>
  JSON.parse(JSON.stringify(data ?? null), (key, value: unknown) => (key === 'endCursor' && typeof value === 'string' ? '<sealed cursor>' : value));

/** An answer as compared: its status, data (cursors marked) and errors (no error carries network text, so their words compare too). */
function comparable(response: GraphQLResponse<unknown>): unknown {
  return { status: response.status, data: withCursorsMarked(response.data), errors: response.errors };
}

type Path = (string | number)[];
const at = (data: unknown, path: Path): unknown => path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | null)?.[key], data);
function withValueAt(data: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/**
 * Where the plan executor deliberately answers otherwise than Apollo Gateway's when a registry is
 * down, case by case. Apollo Gateway's executor gives one error per failed fetch, without a path,
 * and skips any later fetch that needed the failed part, so a field the directory computes from
 * every registry comes back null without an error of its own (and a non-null one nulls its
 * parents: a whole cross-registry list nulls the answer). The plan executor gives an error at each
 * field asked for of the failed fetch, and the directory computes its fields from the registries
 * that answered, or fails them alone with an error at their path.
 */
interface FailureCase {
  name: string;
  query: string;
  variables?: Record<string, unknown> | undefined;
  /** The fields the plan executor answers where Apollo Gateway's answers null (each as all registries up answer it). */
  answeredOnlyByPlan: Path[];
  /** Apollo Gateway's executor nulls the whole answer. */
  apolloNullsData?: boolean;
  /** The paths of the plan executor's errors (Apollo Gateway's have none), given the plan executor's data. */
  planErrorPaths: (data: unknown) => Path[];
}
describe("the plan executor answers as Apollo Gateway's executor does", () => {
  const fleet = new SubgraphFleet();
  let plan: RunningGateway;
  let apollo: RunningGateway;
  let token: string;

  const settings = () => ({ port: 0, host: '127.0.0.1', subgraphs: fleet.endpoints(), startupTimeoutMs: 10_000, subgraphTimeoutMs: 3_000 });

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    await fleet.startAll();
    plan = await startGateway(settings(), { executor: 'plan' });
    apollo = await startGateway(settings(), { executor: 'apollo' });
    token = await testToken([PERSONAL_READ_SCOPE, 'labs:admin', 'auditors:admin', 'engineering:admin', 'guilds:admin']);
  });
  afterAll(async () => {
    await plan?.stop();
    await apollo?.stop();
    await fleet.stopAll();
  });

  const both = async (query: string, variables?: Record<string, unknown>) => {
    const headers = { authorization: `Bearer ${token}` };
    const [fromPlan, reference] = await Promise.all([postGraphQL(plan.url, query, variables, headers), postGraphQL(apollo.url, query, variables, headers)]);
    return { fromPlan, reference };
  };

  it('has README examples to compare, and really runs them on the plan executor', async () => {
    expect(README_QUERIES.length).toBeGreaterThanOrEqual(3);
    const sent = jest.spyOn(HttpSubgraphClient.prototype, 'send');
    try {
      const { fromPlan } = await both(README_QUERIES[0]!);
      expect(fromPlan.errors).toBeUndefined();
      // Only the plan gateway's fetches go through the executor's own HTTP client (Apollo Gateway's use its data sources).
      expect(sent.mock.calls.length).toBeGreaterThan(0);
    } finally {
      sent.mockRestore();
    }
  });

  it.each(README_QUERIES.map((query, i) => [/^(?:query) (\w+)/m.exec(query)?.[1] ?? `example ${i}`, query] as const))('README example %s', async (_, query) => {
    const { fromPlan, reference } = await both(query);
    expect(reference.errors).toBeUndefined();
    expect(comparable(fromPlan)).toEqual(comparable(reference));
  });

  /** The operations meant to fail: each must fail with a coded error, the others answer without one. */
  const FAILING = new Set(['an unknown person (null root field)', 'a bad variable value', 'a subgraph error (bad national code)']);

  it.each(OPERATIONS)('%s', async (name, query, variables) => {
    const { fromPlan, reference } = await both(query, variables);
    if (FAILING.has(name)) expect(reference.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
    else {
      expect(reference.errors).toBeUndefined();
      expect(Object.keys(reference.data ?? {}).length).toBeGreaterThan(0);
    }
    expect(comparable(fromPlan)).toEqual(comparable(reference));
  });

  describe('with a registry down, where the plan executor deliberately differs', () => {
    // A registry the person asked about belongs to: the gateway asks a registry only about its own members (gateway/membership).
    const DOWN = 'labs';
    const operation = (name: string) => {
      const found = OPERATIONS.find(([n]) => n === name)!;
      return { name, query: found[1], variables: found[2] };
    };
    const CASES: FailureCase[] = [
      {
        name: "a person and the down registry's own list",
        query: `query Partial($code: String!) {
          person(nationalCode: $code) { fullName registries labs { fullName roles { position } } auditors { fullName } }
          labsMembers(first: 2) { nodes { fullName } }
        }`,
        variables: { code: TAJIK },
        // fullName: from the registries that answered (auditors); registries: null in both, with an error only in the plan executor's.
        answeredOnlyByPlan: [['person', 'fullName']],
        planErrorPaths: () => [['labsMembers'], ['person', 'labs'], ['person', 'registries']],
      },
      {
        ...operation('person across the four registries (graph suite)'),
        // An organisation's name needs only the registry that keeps it; Apollo Gateway's skips it when any registry is down.
        answeredOnlyByPlan: [
          ['person', 'fullName'],
          ['person', 'auditors', 'roles', 0, 'organisation', 'name'],
        ],
        planErrorPaths: () => [
          ['person', 'labs'],
          ['person', 'registries'],
        ],
      },
      {
        ...operation('aliases, __typename, named and inline fragments'),
        answeredOnlyByPlan: [
          ['who', 'name'],
          ['who', 'auditors', 'roles', 0, 'organisation', 'n'],
        ],
        planErrorPaths: () => [['who', 'labs']],
      },
      {
        ...operation('@skip and @include, literal and by variable, with a default'),
        answeredOnlyByPlan: [['person', 'fullName']],
        planErrorPaths: () => [
          ['person', 'labs'],
          ['person', 'registries'],
        ],
      },
      {
        // Nothing asked for needs the down registry but the name, which the plan executor takes from the registries that answered.
        ...operation('the same, other variables'),
        answeredOnlyByPlan: [['person', 'fullName']],
        planErrorPaths: () => [],
      },
      {
        ...operation('cross-registry lists (joint projects)'),
        answeredOnlyByPlan: [],
        apolloNullsData: true,
        planErrorPaths: (data) => [
          ['jointProjects'],
          ...(at(data, ['jointProjects', 'nodes']) as unknown[]).flatMap((_, i) => [
            ['jointProjects', 'nodes', i, 'registries'],
            ['jointProjects', 'nodes', i, 'cooperating'],
          ]),
        ],
      },
    ];
    const allUp = new Map<string, GraphQLResponse<unknown>>();

    beforeAll(async () => {
      for (const c of CASES) allUp.set(c.name, (await both(c.query, c.variables)).fromPlan);
      await fleet.stop(DOWN);
    });

    it.each(CASES)('$name', async (c) => {
      const { fromPlan, reference } = await both(c.query, c.variables);
      const failure = { message: `The ${DOWN} subgraph could not be reached`, extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: DOWN } };
      // Apollo Gateway's executor: one error per failed fetch, without a path.
      expect(reference.errors!.length).toBeGreaterThan(0);
      for (const error of reference.errors!) expect(error).toEqual(failure);
      // The plan executor: an error at each field that failed, naming the registry.
      // Fetches that fail in parallel report in the order their failures arrive (as Apollo Gateway's do): the paths are compared as a set.
      const byPath = (paths: readonly (readonly (string | number)[] | undefined)[]) => paths.map((path) => JSON.stringify(path)).sort();
      expect(byPath((fromPlan.errors ?? []).map((e) => e.path))).toEqual(byPath(c.planErrorPaths(fromPlan.data)));
      for (const error of fromPlan.errors ?? []) expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: DOWN });
      // Where the plan executor answers and Apollo Gateway's does not, it answers as with every registry up.
      for (const path of c.answeredOnlyByPlan) {
        expect(at(fromPlan.data, path)).toEqual(at(allUp.get(c.name)!.data, path));
        expect(at(fromPlan.data, path)).not.toBeNull();
        expect(at(reference.data, path)).toBeNull();
      }
      // Everything else is the same.
      if (c.apolloNullsData) expect(reference.data).toBeNull();
      else expect(c.answeredOnlyByPlan.reduce((data, path) => withValueAt(data, path, null), fromPlan.data)).toEqual(reference.data);
    });

    it("answers the operations that fail before any registry is asked, or that Apollo Gateway's executor runs, the same", async () => {
      for (const name of ['an unknown person (null root field)', 'a bad variable value', 'a subgraph error (bad national code)', 'introspection (left to Apollo Gateway)']) {
        const { query, variables } = operation(name);
        const again = await both(query, variables);
        expect([name, comparable(again.fromPlan)]).toEqual([name, comparable(again.reference)]);
      }
    });
  });
});
