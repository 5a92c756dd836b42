import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { applyShape, compileShape } from '../../gateway/execution/shape';

// Apollo Gateway's own result shaping, the reference (not part of its public index).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { computeResponse } = require('@apollo/gateway/dist/resultShaping') as {
  computeResponse: (args: { operation: unknown; variables?: Record<string, unknown>; input: unknown; introspectionHandling: () => unknown }) => {
    data: unknown;
    errors: { message: string; path?: readonly (string | number)[] | undefined; extensions: Record<string, unknown> }[];
  };
};

const supergraph = Supergraph.build(readFileSync(join(__dirname, '..', '..', 'bench', 'federation-subgraphs', 'supergraph.graphql'), 'utf8'));
const apiSchema = supergraph.apiSchema();
const graphqlApiSchema = apiSchema.toGraphQLJSSchema();

const QUERY = `query Q($flag: Boolean = true) {
  kind: __typename
  topProducts { upc n: name price inStock ...Reviewed reviews @include(if: $flag) { id } }
  users { id username ... on User { name } reviews @skip(if: $flag) { body } }
}
fragment Reviewed on Product { reviews { author { __typename id } } }`;

/** Shapes `input` both ways; the two must agree on data and on every error (message, path, code). */
function bothWays(input: Record<string, unknown>, variables?: Record<string, unknown>) {
  const document = parse(QUERY);
  const context = buildOperationContext({ schema: graphqlApiSchema, operationDocument: document });
  const ours = applyShape(graphqlApiSchema, compileShape(graphqlApiSchema, context.operation, context.fragments), structuredClone(input), variables);
  const theirs = computeResponse({
    operation: operationFromDocument(apiSchema, document),
    ...(variables ? { variables } : {}),
    input: structuredClone(input),
    introspectionHandling: () => null,
  });
  const errors = (list: readonly { message: string; path?: readonly (string | number)[] | undefined; extensions: Record<string, unknown> }[]) =>
    list.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code }));
  return {
    ours: { data: JSON.parse(JSON.stringify(ours.data)) as Record<string, unknown>, errors: errors(ours.errors) },
    theirs: { data: JSON.parse(JSON.stringify(theirs.data)) as Record<string, unknown>, errors: errors(theirs.errors) },
  };
}

const product = (upc: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Product',
  upc,
  name: `n${upc}`,
  price: 10,
  inStock: true,
  reviews: [{ __typename: 'Review', id: `r${upc}`, author: { __typename: 'User', id: 'u1', username: 'x' } }],
  ...extra,
});

describe("the compiled result shaping (gateway/execution/shape.ts) against Apollo Gateway's computeResponse", () => {
  it('agrees on a complete answer: order, aliases, fragments, __typename, skip/include with a default', () => {
    const input = { topProducts: [product('1'), product('2')], users: [{ __typename: 'User', id: 'u1', username: 'a', name: 'A', reviews: [] }] };
    const { ours, theirs } = bothWays(input);
    expect(ours).toEqual(theirs);
    expect(Object.keys(ours.data)).toEqual(['kind', 'topProducts', 'users']);
    expect(bothWays(input, { flag: false }).ours).toEqual(bothWays(input, { flag: false }).theirs);
  });

  it('agrees on nulls in non-null places, bubbled up to the nearest nullable parent, with errors and paths', () => {
    // Product.upc and User.id are non-null: a null bubbles up to the list element's parent list or field.
    const input = {
      topProducts: [product('1', { upc: null }), product('2', { reviews: [{ __typename: 'Review', id: 'r', author: { __typename: 'User', id: null } }] })],
      users: [{ __typename: 'User', id: 'u1', username: 'a', name: 'A', reviews: null }, null],
    };
    const { ours, theirs } = bothWays(input);
    expect(theirs.errors.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
  });

  it('agrees on invalid leaf values and unknown __typename', () => {
    const input = {
      topProducts: [product('1', { price: 'expensive', inStock: 'yes' }), product('2', { reviews: [{ __typename: 'Secret', id: 'r' }] })],
      users: [{ __typename: 'User', id: 3.5, username: 'a', name: 'A' }],
    };
    const { ours, theirs } = bothWays(input);
    expect(theirs.errors.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
  });
});
