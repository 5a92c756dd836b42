import { readFileSync } from 'node:fs';
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

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const exampleSection = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## Architecture'));
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

/** An answer with what may legitimately differ left out: the wording of a connection failure's cause, the cursors' nonces. */
function comparable(response: GraphQLResponse<unknown>): unknown {
  return {
    status: response.status,
    data: withCursorsMarked(response.data),
    errors: response.errors?.map((error) => ({
      ...error,
      message: error.extensions?.code === 'SUBGRAPH_UNAVAILABLE' ? error.message.replace(/could not be reached \(.*\)$/, 'could not be reached') : error.message,
    })),
  };
}

describe('the plan executor answers as Apollo Gateway\'s executor does', () => {
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

  it('gives the same partial data and errors (codes, paths, subgraph) with a registry down', async () => {
    await fleet.stop('guilds');
    const query = `query Partial($code: String!) {
      person(nationalCode: $code) { fullName registries guilds { fullName guildUnits { name } } labs { fullName } }
      guildsMembers(first: 2) { nodes { fullName } }
    }`;
    const { fromPlan, reference } = await both(query, { code: TAJIK });
    expect(reference.errors?.length).toBeGreaterThan(0);
    expect(reference.errors!.some((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && e.extensions.subgraph === 'guilds')).toBe(true);
    expect(comparable(fromPlan)).toEqual(comparable(reference));
    for (const [, operation, variables] of OPERATIONS.slice(0, 5)) {
      const again = await both(operation, variables);
      expect(comparable(again.fromPlan)).toEqual(comparable(again.reference));
    }
  });
});
