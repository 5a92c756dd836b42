import fc from 'fast-check';
import { GraphQLSchema, parse } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { expectedProductAnswer } from '../support/parity/compare';
import { atFailedEntityField, cacheControlAfter, ComparedGateway, composeWorld, exchange, resetTraffic, startProductGateway, startStockGateway, subgraphTraffic } from '../support/parity/gateways';
import { operationSelects } from '../support/parity/selection';
import { generateOperation, GeneratedOperation } from '../support/parity/operations';
import { MEDIA_WORLD } from '../support/parity/media-world';
import { SHOP_WORLD } from '../support/parity/shop-world';
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

const ACCEPTS = [undefined, 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9'];

function apiSchemaOf(world: ParityWorld, gateway: ComparedGateway): GraphQLSchema {
  return Supergraph.build(composeWorld(world, gateway.subgraphs)).apiSchema().toGraphQLJSSchema();
}

describe.each([SHOP_WORLD, MEDIA_WORLD])('the product answers as stock Apollo Gateway: the $name world', (world) => {
  let stock: ComparedGateway;
  let product: ComparedGateway;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    stock = await startStockGateway(world);
    product = await startProductGateway(world);
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
    return { fromStock, fromProduct, stockTraffic: subgraphTraffic(stock), productTraffic: subgraphTraffic(product) };
  }

  it('gives the same bytes, status and headers, after the same subgraph requests, for generated operations', async () => {
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
  }, 60_000 + RUNS_PER_WORLD * 200);
});

