import { parse } from 'graphql';
import { PRODUCTS, ProductRecord, TOP_PRODUCTS_DEFAULT_FIRST } from './data';
import { BenchSubgraph } from './subgraph';

/** Products: the catalogue, `topProducts`, and `Product` entities by upc. */
export const products: BenchSubgraph = {
  name: 'products',
  typeDefs: parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

    type Query {
      topProducts(first: Int = ${TOP_PRODUCTS_DEFAULT_FIRST}): [Product]
    }

    type Product @key(fields: "upc") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }
  `),
  resolvers: {
    Query: {
      topProducts: (_: unknown, { first }: { first?: number | null }) => PRODUCTS.slice(0, first ?? TOP_PRODUCTS_DEFAULT_FIRST),
    },
    Product: {
      __resolveReference: (reference: { upc: string }): ProductRecord | null => PRODUCTS.find((product) => product.upc === reference.upc) ?? null,
    },
  },
};
