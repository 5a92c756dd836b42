import type { FetchNode } from '@apollo/query-planner';
import { buildSchema, execute, OperationTypeNode, parse, validate } from 'graphql';
import { mergeEntityCalls } from '../../gateway/execution/fetch-merging';

/**
 * Fetch merging (gateway/execution/fetch-merging.ts) on its own: the merged operation is valid for
 * the subgraph whatever the fetches' fragments are called, and each fetch gets back exactly what it
 * would have had alone, errors at its own paths, an entity asked twice a copy of its own.
 */

const SUBGRAPH = buildSchema(`
  scalar _Any
  union _Entity = Product
  type Product { upc: ID! name: String price: Int }
  type Query { _entities(representations: [_Any!]!): [_Entity]! }
`);

const entityFetch = (name: string, selection: string, fragments = ''): FetchNode => ({
  kind: 'Fetch',
  serviceName: 'products',
  operationKind: OperationTypeNode.QUERY,
  operationName: name,
  operation: `query ${name}($representations:[_Any!]!){_entities(representations:$representations){${selection}}}${fragments}`,
  requires: [],
});

const product = (upc: string) => ({ __typename: 'Product', upc });
const call = (fetch: FetchNode, upcs: string[], variables: Record<string, unknown> = {}) => ({
  fetch,
  queryJson: JSON.stringify(fetch.operation),
  representations: upcs.map(product),
  variables,
});

it('two fragments of the same name and different selections are kept apart, and the operation validates', () => {
  const a = entityFetch('Q__products__1', '...P', 'fragment P on Product{name}');
  const b = entityFetch('Q__products__2', '...P', 'fragment P on Product{price}');
  const { request } = mergeEntityCalls([call(a, ['1']), call(b, ['2'])]);
  const document = parse(request.query);
  expect(validate(SUBGRAPH, document)).toEqual([]);
  expect(request.query).toContain('fragment P on Product{name}');
  expect(request.query).toContain('fragment P_m1 on Product{price}');
  expect(request.variables).toEqual({ _r0: [product('1')], _r1: [product('2')] });
});

it('a lone fetch without repeats goes as the plan has it; with repeats, the same operation with each representation once', () => {
  const a = entityFetch('Q__products__1', '...on Product{name}');
  expect(mergeEntityCalls([call(a, ['1', '2'])]).request).toMatchObject({ query: a.operation, variables: { representations: [product('1'), product('2')] } });
  expect(mergeEntityCalls([call(a, ['1', '2', '1'])]).request).toMatchObject({ query: a.operation, variables: { representations: [product('1'), product('2')] } });
});

it('splits the answer: each fetch its own list in its own order, errors at its own indexes, repeats as copies', async () => {
  const names = entityFetch('Q__products__1', '...on Product{name}');
  const prices = entityFetch('Q__products__2', '...on Product{price}');
  const alsoNames = entityFetch('Q__products__3', '...on Product{name}');
  const calls = [call(names, ['1', '2', '1']), call(prices, ['2']), call(alsoNames, ['2', '3'])];
  const merged = mergeEntityCalls(calls);
  // Names: one `_entities` for fetches 1 and 3, representations 1, 2, 3 once each.
  expect(merged.request.variables).toEqual({ _r0: [product('1'), product('2'), product('3')], _r1: [product('2')] });
  const result = await execute({
    schema: SUBGRAPH,
    document: parse(merged.request.query),
    variableValues: merged.request.variables,
    rootValue: {
      _entities: ({ representations }: { representations: { upc: string }[] }) =>
        representations.map(({ upc }) => ({
          __typename: 'Product',
          upc,
          name: () => {
            if (upc === '2') throw new Error(`no name for ${upc}`);
            return `name ${upc}`;
          },
          price: 10,
        })),
    },
  });
  const [first, second, third] = merged.split(JSON.parse(JSON.stringify(result)) as Parameters<typeof merged.split>[0]);
  expect(first).toEqual({
    errors: [expect.objectContaining({ message: 'no name for 2', path: ['_entities', 1, 'name'] })],
    data: { _entities: [{ name: 'name 1' }, { name: null }, { name: 'name 1' }] },
  });
  expect(second).toEqual({ data: { _entities: [{ price: 10 }] } });
  expect(third).toEqual({
    errors: [expect.objectContaining({ message: 'no name for 2', path: ['_entities', 0, 'name'] })],
    data: { _entities: [{ name: null }, { name: 'name 3' }] },
  });
  // An entity answered once for two places is two objects: merging into one leaves the other as it was.
  const list = first!.data!._entities as Record<string, unknown>[];
  expect(list[0]).not.toBe(list[2]);
});
