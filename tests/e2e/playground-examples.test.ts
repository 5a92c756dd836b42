import { buildClientSchema, getIntrospectionQuery, GraphQLSchema, IntrospectionQuery, Kind, parse, validate } from 'graphql';
import * as graphqlJs from 'graphql';
import { PLAYGROUND_EXAMPLES } from '../../gateway/playground';
import { pagingPlan } from '../../gateway/playground/client/connection-pages';
import { connectionOf, findLists, JsonValue } from '../../gateway/playground/client/result-data';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * The playground's saved operations against the graph as it is: each is valid against the API
 * schema the gateway serves (a renamed or removed field fails here, naming it), and each runs
 * through the gateway with data and no error: anonymously, or with a token holding the scopes the
 * example names (its comment tells the analyst to put one in the Headers tab).
 */

let graph: TestGraph;
let schema: GraphQLSchema;

beforeAll(async () => {
  graph = await startTestGraph();
  const introspection = await graph.query<IntrospectionQuery>(getIntrospectionQuery());
  expect(introspection.errors).toBeUndefined();
  schema = buildClientSchema(introspection.data!);
});

afterAll(async () => {
  await graph?.stop();
});

describe.each(PLAYGROUND_EXAMPLES.map((example) => [example.name, example] as const))('the %s example', (name, example) => {
  it('is one operation of that name', () => {
    const document = parse(example.query);
    expect(document.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.name?.value : d.kind))).toEqual([name]);
  });

  it('is valid against the supergraph API schema', () => {
    expect(validate(schema, parse(example.query)).map((error) => error.message)).toEqual([]);
  });

  it(`runs through the gateway ${example.scopes ? `with ${example.scopes.join(' ')}` : 'anonymously'}, with data and no error`, async () => {
    const token = example.scopes ? await testToken([...example.scopes]) : undefined;
    const answer = await graph.query(example.query, example.variables ? (JSON.parse(example.variables) as Record<string, unknown>) : undefined, token);
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.status).toBe(200);
    const root = Object.values(answer.data ?? {})[0];
    expect(root).toBeTruthy();
    // Something to show: a person, or a list with at least one entry.
    const nodes = (root as { nodes?: unknown[] }).nodes;
    if (nodes) expect(nodes.length).toBeGreaterThan(0);
  });

  it('can be downloaded as CSV page after page, where its result holds a connection with its pageInfo', async () => {
    const token = example.scopes ? await testToken([...example.scopes]) : undefined;
    const answer = await graph.query(example.query, undefined, token);
    const data = (answer.data ?? null) as JsonValue;
    for (const list of findLists(data)) {
      const connection = connectionOf(data, list);
      if (!connection || 'pageInfoMissing' in connection) continue;
      expect(pagingPlan(graphqlJs, example.query, name, connection.path)).toMatchObject({ pageable: true, afterVariable: 'after' });
    }
  });

  it('names its scopes in its comment, for the Headers tab', () => {
    for (const scope of example.scopes ?? []) expect(example.query).toMatch(new RegExp(`^#.*Headers tab[\\s\\S]*--scopes ${scope}`, 'm'));
  });
});
