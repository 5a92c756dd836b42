import { buildClientSchema, getIntrospectionQuery, GraphQLSchema, IntrospectionQuery, parse, validate } from 'graphql';
import { PLAYGROUND_EXAMPLES } from '../../gateway/playground';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * The playground's saved operations against the graph as it is: each is valid against the API
 * schema the gateway serves (a renamed or removed field fails here, naming it), and each runs
 * anonymously through the gateway with data and no error.
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
    expect(document.definitions.map((d) => (d.kind === 'OperationDefinition' ? d.name?.value : d.kind))).toEqual([name]);
  });

  it('is valid against the supergraph API schema', () => {
    expect(validate(schema, parse(example.query)).map((error) => error.message)).toEqual([]);
  });

  it('runs anonymously through the gateway, with data and no error', async () => {
    const answer = await graph.query(example.query, example.variables ? (JSON.parse(example.variables) as Record<string, unknown>) : undefined);
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.status).toBe(200);
    const root = Object.values(answer.data ?? {})[0];
    expect(root).toBeTruthy();
    // Something to show: a person, or a list with at least one entry.
    const nodes = (root as { nodes?: unknown[] }).nodes;
    if (nodes) expect(nodes.length).toBeGreaterThan(0);
  });
});
