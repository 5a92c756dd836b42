import { Supergraph } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { getHeapSpaceStatistics } from 'node:v8';
import { preSerialisedData, stringifyResult } from '../../gateway/execution/serialised-result';
import { applyShape, compileShape } from '../../gateway/execution/shape';
import { writeShapedJson } from '../../gateway/execution/write-json';

// The JSON writer (write-json.ts) must give JSON.stringify of applyShape's data, byte for byte,
// whenever applyShape meets no error, and give up (undefined) whenever it meets one.

const supergraph = Supergraph.build(readFileSync(join(__dirname, '..', '..', 'bench', 'federation-subgraphs', 'supergraph.graphql'), 'utf8'));
const schema = supergraph.apiSchema().toGraphQLJSSchema();

const QUERY = `query Q($flag: Boolean = true) {
  kind: __typename
  topProducts { upc n: name price inStock ...Reviewed reviews @include(if: $flag) { id body } }
  users { id username ... on User { name reviews { id } } reviews @skip(if: $flag) { body } ...Named }
  again: users { __typename id }
}
fragment Reviewed on Product { reviews { author { __typename id } product { upc } } weight }
fragment Named on User { name username reviews { body product { name } } }`;

function compile(query: string) {
  const context = buildOperationContext({ schema, operationDocument: parse(query) });
  return compileShape(schema, context.operation, context.fragments);
}

function bothWays(query: string, input: Record<string, unknown>, variables?: Record<string, unknown>) {
  const shape = compile(query);
  const shaped = applyShape(schema, shape, structuredClone(input), variables);
  const written = writeShapedJson(schema, shape, structuredClone(input), variables);
  return { shaped, expected: shaped.errors.length === 0 ? JSON.stringify(shaped.data) : undefined, written };
}

const review = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Review',
  id,
  body: `متن نقد «${id}» with "quotes", a back\\slash, a tab\t, a newline\n, \u0001 and a lone \ud800 surrogate`,
  author: { __typename: 'User', id: `u-${id}` },
  product: { __typename: 'Product', upc: `p-${id}`, name: 'کالا' },
  ...extra,
});

const product = (upc: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Product',
  upc,
  name: `نام ${upc}`,
  price: 1099,
  weight: -0,
  inStock: upc.length % 2 === 0,
  reviews: [review(`r${upc}`), review(`s${upc}`)],
  ...extra,
});

const user = (id: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'User',
  id,
  username: `@${id}`,
  name: `کاربر ${id}`,
  reviews: [review(`q${id}`), review(`w${id}`)],
  ...extra,
});

describe('writing the shaped answer straight to JSON (gateway/execution/write-json.ts)', () => {
  const complete = { topProducts: [product('1'), product('22'), null], users: [user('a'), user('b')] };

  it('gives JSON.stringify of the shaped data, byte for byte: order, aliases, fragments, merged names, __typename, text', () => {
    const { expected, written } = bothWays(QUERY, complete);
    expect(expected).toBeDefined();
    expect(written).toBe(expected);
    expect(Object.keys(JSON.parse(written!) as object)).toEqual(['kind', 'topProducts', 'users', 'again']);
  });

  it('follows skip/include variables and their defaults', () => {
    for (const variables of [undefined, { flag: true }, { flag: false }]) {
      const { expected, written } = bothWays(QUERY, complete, variables);
      expect(expected).toBeDefined();
      expect(written).toBe(expected);
    }
    expect(bothWays(QUERY, complete, { flag: false }).written).not.toBe(bothWays(QUERY, complete, { flag: true }).written);
  });

  it('checks leaves as shaping does: integer IDs and Ints written, an Int in exponent form or a string refused', () => {
    const ok = { topProducts: [product('1', { price: -12, weight: 0 })], users: [user('a', { id: 7 }), user('b', { id: 12345678901234567000 })] };
    expect(bothWays(QUERY, ok).expected).toBeDefined();
    expect(bothWays(QUERY, ok).written).toBe(bothWays(QUERY, ok).expected);
    for (const bad of [{ price: 1e21 }, { price: '12' }, { price: true }, { inStock: 1 }, { n: 5 }]) {
      const input = { topProducts: [product('1', bad)], users: [] };
      const { shaped, written } = bothWays(QUERY, input);
      expect(shaped.errors.length).toBeGreaterThan(0);
      expect(written).toBeUndefined();
    }
  });

  it('writes nulls in nullable places and empty lists as shaping does', () => {
    const input = { topProducts: [product('1', { name: null, reviews: [] }), product('2', { reviews: null })], users: null };
    const { expected, written } = bothWays(QUERY, input);
    expect(written).toBe(expected);
    expect(written).toContain('"users":null');
  });

  it('gives up whenever shaping reports an error, so that applyShape reports it', () => {
    const broken = [
      { topProducts: [product('1', { upc: null })], users: [] },
      { topProducts: [product('1', { price: 'expensive' })], users: [] },
      { topProducts: [product('1', { reviews: [review('x', { __typename: 'Secret' })] })], users: [] },
      { topProducts: [product('1')], users: [user('a', { id: 3.5 })] },
    ];
    for (const input of broken) {
      const { shaped, written } = bothWays(QUERY, input);
      expect(shaped.errors.length).toBeGreaterThan(0);
      expect(written).toBeUndefined();
    }
  });

  it('gives up on values of the wrong kind, which applyShape throws on', () => {
    const input = { topProducts: { not: 'a list' }, users: [] };
    expect(() => applyShape(schema, compile(QUERY), structuredClone(input), undefined)).toThrow();
    expect(writeShapedJson(schema, compile(QUERY), structuredClone(input), undefined)).toBeUndefined();
  });

  it('reuses its collected fields across answers of one operation without mixing variables', () => {
    const shape = compile(QUERY);
    const first = writeShapedJson(schema, shape, structuredClone(complete), { flag: true });
    const second = writeShapedJson(schema, shape, structuredClone(complete), { flag: false });
    const third = writeShapedJson(schema, shape, structuredClone(complete), { flag: true });
    expect(first).toBe(third);
    expect(second).toBe(JSON.stringify(applyShape(schema, shape, structuredClone(complete), { flag: false }).data));
  });
});

describe('pre-serialised data and stringifyResult (gateway/execution/serialised-result.ts)', () => {
  const text = '{"a":[1,{"b":"ب"}],"c":null}';

  it("writes the text in the place of data, as Apollo Server's default would write the data", () => {
    const data = preSerialisedData(text);
    const expected = `${JSON.stringify({ data: JSON.parse(text) })}\n`;
    expect(stringifyResult({ data })).toBe(expected);
    const extensions = { queryPlan: { text: 'QueryPlan {}' } };
    const errors = [{ message: 'x', path: ['a'] }];
    expect(stringifyResult({ errors, data: preSerialisedData(text), extensions })).toBe(`${JSON.stringify({ errors, data: JSON.parse(text), extensions })}\n`);
  });

  it('reads as the real data to anyone who looks, and a change to it is serialised as changed', () => {
    const data = preSerialisedData(text);
    expect(data).toEqual({ a: [1, { b: 'ب' }], c: null });
    (data.a as unknown[]).push(2);
    expect(stringifyResult({ data })).toBe('{"data":{"a":[1,{"b":"ب"},2],"c":null}}\n');
  });

  it('serialises any other result as JSON.stringify does', () => {
    expect(stringifyResult({ data: { x: 1 } })).toBe('{"data":{"x":1}}\n');
    expect(stringifyResult({ errors: [{ message: 'no' }] })).toBe('{"errors":[{"message":"no"}]}\n');
  });
});

describe('a long answer is written in chunks (issue #17 item 5, peak memory)', () => {
  const LONG = '{ topProducts(first: 100000) { upc inStock } }';
  // 30,000 products: about 180,000 pieces, 1 MB of JSON.
  const input = { topProducts: Array.from({ length: 30_000 }, (_, i) => ({ __typename: 'Product', upc: String(i % 10), inStock: i % 3 === 0 })) };

  it('gives the same bytes as JSON.stringify of the shaped data', () => {
    const { expected, written } = bothWays(LONG, input);
    expect(expected).toBeDefined();
    expect(written).toBe(expected);
  });

  it('keeps no array of pieces large enough to be a V8 large object: the large-object space grows by the answers only', () => {
    const shape = compile(LONG);
    const largeObjects = () => getHeapSpaceStatistics().find((space) => space.space_name === 'large_object_space')!.space_used_size;
    const answers: string[] = [];
    const before = largeObjects();
    for (let i = 0; i < 5; i++) answers.push(writeShapedJson(schema, shape, input, undefined)!);
    const grown = largeObjects() - before;
    const answerBytes = answers.reduce((sum, answer) => sum + answer.length, 0);
    // Each answer is itself one large string (about 1 MB); the pieces' arrays (up to 1.4 MB each, several per answer as the array grows) must not be there.
    expect(grown).toBeLessThan(answerBytes * 2);
  });
});
