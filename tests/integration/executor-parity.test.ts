import fc from 'fast-check';
import { GraphQLSchema, parse } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { expectedProductAnswer } from '../support/parity/compare';
import {
  atFailedEntityField,
  cacheControlAfter,
  ComparedGateway,
  composeWorld,
  exchange,
  resetTraffic,
  startProductGateway,
  startStockGateway,
  subgraphAsks,
  subgraphTraffic,
} from '../support/parity/gateways';
import { operationSelects } from '../support/parity/selection';
import { HttpSubgraphClient } from '../../gateway/execution/subgraph-client';
import { generateOperation, GeneratedOperation } from '../support/parity/operations';
import { MEDIA_WORLD } from '../support/parity/media-world';
import { SHOP_WORLD } from '../support/parity/shop-world';
import { UNPLANNABLE_WORLD } from '../support/parity/unplannable-world';
import type { ParityWorld } from '../support/parity/world';

/**
 * Parity as a contract: the product's gateway (its HTTP layer and plan executor) and stock Apollo
 * Gateway, on the same supergraph over the same subgraphs, give the same bytes, status and headers
 * (content-type, cache-control, content-length) for operations fast-check generates over small
 * worlds (tests/support/parity: interfaces, unions, @requires, @provides, @interfaceObject,
 * @shareable, lists, nullability, subgraph errors, null propagated in a subgraph and in the
 * gateway, each subgraph's cache-control), and send the subgraphs the same requests.
 *
 * Where the product deliberately answers otherwise (a part of the answer a subgraph could not give:
 * see the README's "The database, and when things fail"), the cases at the end state each
 * difference exactly; generated operations never reach those parts.
 */

const PARITY_SEED = 20_261_204;
/** `PARITY_RUNS` runs more (or fewer) generated operations per world, e.g. to hunt for differences. */
const RUNS_PER_WORLD = Number(process.env.PARITY_RUNS ?? 120);

process.env.LOG_LEVEL ??= 'silent';
// Stock Apollo Gateway otherwise reports anonymous usage to Apollo; tests stay on loopback.
process.env.APOLLO_TELEMETRY_DISABLED = '1';

/** Parses an exchange's body. */
const bodyOf = (answer: { body: string }) => JSON.parse(answer.body) as { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };

const ACCEPTS = [undefined, 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9'];

function apiSchemaOf(world: ParityWorld, gateway: ComparedGateway): GraphQLSchema {
  return Supergraph.build(composeWorld(world, gateway.subgraphs)).apiSchema().toGraphQLJSSchema();
}

/** Operations that show one thing each, answered alike by both, with the cache-control and the product's executor fetches expected. */
const NAMED: Record<string, { name: string; query: string; variables?: Record<string, unknown>; cacheControl: string; planExecutorFetches: number }[]> = {
  shop: [
    {
      name: 'one subgraph sending max-age=30, public: cache-control max-age=30, public',
      query: '{ products { name price } }',
      cacheControl: 'max-age=30, public',
      planExecutorFetches: 1,
    },
    {
      name: 'several: the least max-age, private when one says so',
      query: '{ products { name inStock } me { username } }',
      cacheControl: 'max-age=10, private',
      planExecutorFetches: 3,
    },
    { name: 'one subgraph without max-age: no-store', query: '{ products { name reviews { body } } }', cacheControl: 'no-store', planExecutorFetches: 2 },
    {
      name: "introspection, left to Apollo Gateway's executor inside the product: the same schema, through the product's HTTP layer",
      query: '{ __schema { queryType { name } types { name kind } } __type(name: "Product") { name fields { name type { name kind ofType { name } } } } }',
      cacheControl: 'no-store',
      planExecutorFetches: 0,
    },
    {
      // Found by the generated operations at 500 runs: the planner leaves the field out, and it is no refusal.
      name: 'a root field under a variable condition whose every subselection is skipped: null, nothing fetched',
      query: 'query ($id: ID!, $show: Boolean!) { node(id: $id) @include(if: $show) { id @include(if: false) } }',
      variables: { id: 'product:1', show: true },
      cacheControl: 'no-store',
      planExecutorFetches: 0,
    },
  ],
  media: [
    {
      name: "@interfaceObject: the data rewrites run on the product's executor",
      query: '{ topRated(first: 4) { __typename id title rating ... on Movie { minutes } } }',
      cacheControl: 'max-age=20, public',
      planExecutorFetches: 2,
    },
  ],
};

/**
 * With fetch merging on (the default), the product asks each subgraph the same (the same root
 * requests, the same entities with the same selections) in fewer requests: `subgraphAsks` must
 * match. With it off (`GATEWAY_FETCH_MERGING=off`), it sends the very same requests.
 */
const MERGING = [
  { world: SHOP_WORLD, merging: 'on' },
  { world: MEDIA_WORLD, merging: 'on' },
  { world: SHOP_WORLD, merging: 'off' },
  { world: MEDIA_WORLD, merging: 'off' },
] as const;

describe.each(MERGING)('the product answers as stock Apollo Gateway: the $world.name world, fetch merging $merging', ({ world, merging }) => {
  let stock: ComparedGateway;
  let product: ComparedGateway;
  let schema: GraphQLSchema;
  const sameRequests = (productGateway: ComparedGateway, stockGateway: ComparedGateway) =>
    merging === 'off'
      ? { product: subgraphTraffic(productGateway), stock: subgraphTraffic(stockGateway) }
      : { product: subgraphAsks(productGateway), stock: subgraphAsks(stockGateway) };

  beforeAll(async () => {
    stock = await startStockGateway(world);
    const previous = process.env.GATEWAY_FETCH_MERGING;
    process.env.GATEWAY_FETCH_MERGING = merging;
    try {
      product = await startProductGateway(world);
    } finally {
      if (previous === undefined) delete process.env.GATEWAY_FETCH_MERGING;
      else process.env.GATEWAY_FETCH_MERGING = previous;
    }
    schema = apiSchemaOf(world, stock);
  });
  afterAll(async () => {
    await product?.stop();
    await stock?.stop();
  });

  /** Both gateways' answers and subgraph requests for one operation. */
  async function both(operation: GeneratedOperation, accept?: string) {
    resetTraffic(stock);
    resetTraffic(product);
    const fromStock = await exchange(stock.url, operation.query, operation.variables, accept);
    const fromProduct = await exchange(product.url, operation.query, operation.variables, accept);
    const requests = sameRequests(product, stock);
    return { fromStock, fromProduct, stockTraffic: requests.stock, productTraffic: requests.product };
  }

  it.each(NAMED[world.name] ?? [])('$name', async ({ query, variables, cacheControl, planExecutorFetches }) => {
    const sent = jest.spyOn(HttpSubgraphClient.prototype, 'send');
    try {
      const { fromStock, fromProduct, stockTraffic, productTraffic } = await both({ query, variables: variables ?? {} });
      expect(fromProduct).toEqual(fromStock);
      expect(productTraffic).toEqual(stockTraffic);
      expect(fromProduct.headers['cache-control']).toBe(cacheControl);
      expect(bodyOf(fromProduct).errors).toBeUndefined();
      // Run by the product's executor over the transport, not left to Apollo Gateway's.
      expect(sent).toHaveBeenCalledTimes(planExecutorFetches);
    } finally {
      sent.mockRestore();
    }
  });

  it(
    'gives the same bytes, status and headers, after the same subgraph requests, for generated operations',
    async () => {
      const seen = { operations: 0, withErrors: 0, cacheable: 0, nullData: 0, stated: 0 };
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...ACCEPTS), async (seed, accept) => {
          const operation = generateOperation(schema, world.arguments, seed);
          const { fromStock, fromProduct, stockTraffic, productTraffic } = await both(operation, accept);
          seen.operations += 1;
          if (fromStock.body.includes('"errors"')) seen.withErrors += 1;
          if (fromStock.headers['cache-control']?.startsWith('max-age')) seen.cacheable += 1;
          if (fromStock.body.includes('"data":null')) seen.nullData += 1;
          // Stock's answer but for the two things compare.ts states: errors of different subgraphs in the order
          // their answers arrived, and (deliberately) no error at a field the client did not ask for.
          const document = parse(operation.query);
          const expected = expectedProductAnswer(fromStock, fromProduct, {
            asked: (path) => operationSelects(document, operation.variables, path),
            atFailedEntityField: (error) => atFailedEntityField(product, error),
            cacheControlWithoutErrors: () => cacheControlAfter(world, product),
          });
          if (expected !== fromStock) seen.stated += 1;
          expect({ operation, answer: fromProduct }).toEqual({ operation, answer: expected });
          expect({ operation, traffic: productTraffic }).toEqual({ operation, traffic: stockTraffic });
        }),
        { seed: PARITY_SEED, numRuns: RUNS_PER_WORLD, endOnFailure: true },
      );
      if (process.env.PARITY_RUNS) console.log(world.name, seen);
      // The generated operations reach what they are meant to: errors, cacheable answers, answers nulled whole.
      expect(seen.operations).toBe(RUNS_PER_WORLD);
      expect(seen.withErrors).toBeGreaterThan(0);
      expect(seen.cacheable).toBeGreaterThan(0);
      if (world === SHOP_WORLD) expect(seen.nullData).toBeGreaterThan(0);
    },
    60_000 + RUNS_PER_WORLD * 200,
  );
});

/**
 * Operations whose plans make several entity fetches to one subgraph side by side, which fetch
 * merging sends as one request: with errors under the second alias, errors at an entity asked
 * twice (sent once), nulls and null propagated. Same bytes and headers as stock Apollo Gateway,
 * the same asked of each subgraph, in fewer requests.
 */
const MERGED: { name: string; query: string }[] = [
  {
    name: 'the same entities by two fetches, sent once, an error at an entity asked twice',
    query: '{ topProducts(first: 4) { upc restockDate } products { upc restockDate } }',
  },
  {
    name: 'two selections in one request, errors under the second alias',
    query: '{ topProducts(first: 4) { name warehouse { name city } } products { name restockDate inStock } }',
  },
  {
    name: 'nulls: a @requires input null, an author null, a private e-mail nulled with an error',
    query: '{ topProducts(first: 4) { shippingEstimate inStock reviews { body author { name email } } } products { restockDate reviews { author { email } } } }',
  },
  {
    name: 'a failed input of a @requires (the scale) beside merged inventory fetches',
    query: '{ products { inStock warehouse { name } } topProducts(first: 2) { inStock restockDate } product(upc: "heavy") { shippingEstimate inStock } }',
  },
];

describe('fetch merging: merged requests with errors and nulls answer as stock Apollo Gateway (the shop world)', () => {
  let stock: ComparedGateway;
  let product: ComparedGateway;

  beforeAll(async () => {
    stock = await startStockGateway(SHOP_WORLD);
    product = await startProductGateway(SHOP_WORLD);
  });
  afterAll(async () => {
    await product?.stop();
    await stock?.stop();
  });

  const requests = (gateway: ComparedGateway) => gateway.subgraphs.reduce((sum, s) => sum + s.bodies.length, 0);

  it.each(MERGED)('$name', async ({ query }) => {
    resetTraffic(stock);
    resetTraffic(product);
    const fromStock = await exchange(stock.url, query, {});
    const fromProduct = await exchange(product.url, query, {});
    expect(fromProduct).toEqual(fromStock);
    expect(subgraphAsks(product)).toEqual(subgraphAsks(stock));
    expect(requests(product)).toBeLessThan(requests(stock));
  });
});

describe('where the product deliberately answers otherwise than stock Apollo Gateway, case by case (the shop world)', () => {
  let stock: ComparedGateway;
  let product: ComparedGateway;

  beforeAll(async () => {
    stock = await startStockGateway(SHOP_WORLD);
    product = await startProductGateway(SHOP_WORLD);
  });
  afterAll(async () => {
    await product?.stop();
    await stock?.stop();
  });

  const both = async (query: string) => ({ fromStock: await exchange(stock.url, query, {}), fromProduct: await exchange(product.url, query, {}) });

  it('an entity its subgraph answered null with an error: an error at each field asked of that fetch, not one at the entity', async () => {
    const { fromStock, fromProduct } = await both('{ product(upc: "broken") { name restockDate warehouse { name } } }');
    const lost = { code: 'INVENTORY_LOST', serviceName: 'inventory' };
    expect(bodyOf(fromStock)).toEqual({
      errors: [{ message: 'inventory lost this product', path: ['product'], extensions: lost }],
      data: { product: { name: 'Lost lamp', restockDate: null, warehouse: null } },
    });
    expect(bodyOf(fromProduct)).toEqual({
      errors: [
        { message: 'inventory lost this product', path: ['product', 'restockDate'], extensions: lost },
        { message: 'inventory lost this product', path: ['product', 'warehouse'], extensions: lost },
      ],
      data: { product: { name: 'Lost lamp', restockDate: null, warehouse: null } },
    });
    // Null propagates alike from there: a non-null field of the failed entity nulls its parent in both.
    const nonNull = await both('{ product(upc: "broken") { name inStock } }');
    expect(bodyOf(nonNull.fromStock).data).toEqual({ product: null });
    expect(bodyOf(nonNull.fromProduct)).toEqual({ errors: [{ message: 'inventory lost this product', path: ['product', 'inStock'], extensions: lost }], data: { product: null } });
    for (const answer of [fromStock, fromProduct, nonNull.fromStock, nonNull.fromProduct]) expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('a subgraph down: an error at each field asked of it, naming it, never network text; stock gives one error without a path', async () => {
    await Promise.all([stock, product].map((gateway) => gateway.subgraphs.find((s) => s.name === 'reviews')!.stop()));
    try {
      const { fromStock, fromProduct } = await both('{ topProducts(first: 2) { name averageRating } }');
      const stockAnswer = bodyOf(fromStock);
      expect(stockAnswer.data).toEqual({
        topProducts: [
          { name: 'Table', averageRating: null },
          { name: 'Couch', averageRating: null },
        ],
      });
      expect(stockAnswer.errors).toHaveLength(1);
      expect(stockAnswer.errors![0]!.path).toBeUndefined();
      expect(stockAnswer.errors![0]!.message).toMatch(/ECONNREFUSED/);
      const unavailable = { message: 'The reviews subgraph could not be reached', extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'reviews', serviceName: 'reviews' } };
      expect(bodyOf(fromProduct)).toEqual({
        errors: [
          { ...unavailable, path: ['topProducts', 0, 'averageRating'] },
          { ...unavailable, path: ['topProducts', 1, 'averageRating'] },
        ],
        data: stockAnswer.data,
      });
    } finally {
      await Promise.all([stock, product].map((gateway) => gateway.subgraphs.find((s) => s.name === 'reviews')!.start()));
    }
  });
});

describe('where the product deliberately answers otherwise than stock Apollo Gateway: a root field no subgraph can give', () => {
  let stock: ComparedGateway;
  let product: ComparedGateway;

  beforeAll(async () => {
    stock = await startStockGateway(UNPLANNABLE_WORLD);
    product = await startProductGateway(UNPLANNABLE_WORLD);
  });
  afterAll(async () => {
    await product?.stop();
    await stock?.stop();
  });

  it('refuses the operation naming the field, where stock answers it null without an error', async () => {
    for (const query of ['{ a { field } }', '{ a { field } b { field } }']) {
      const fromStock = bodyOf(await exchange(stock.url, query, {}));
      const fromProduct = await exchange(product.url, query, {});
      expect(fromStock.errors).toBeUndefined();
      expect((fromStock.data as { a: unknown }).a).toBeNull();
      expect(bodyOf(fromProduct)).toEqual({
        errors: [
          {
            message: 'No subgraph can answer `a` as asked: the query planner found no way to fetch it, so the operation was not run.',
            extensions: { code: 'QUERY_PLANNING_FAILED', fields: ['a'] },
          },
        ],
      });
      expect(fromProduct.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers alike what can be fetched', async () => {
    for (const query of ['{ b { id field } }', '{ b { field } __typename }', '{ __typename }']) {
      expect(await exchange(product.url, query, {})).toEqual(await exchange(stock.url, query, {}));
    }
  });
});
