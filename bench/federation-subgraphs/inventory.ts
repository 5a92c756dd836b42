import { parse } from 'graphql';
import { INVENTORY, shippingEstimate } from './data';
import { BenchSubgraph } from './subgraph';

interface ProductReference {
  upc: string;
  price?: number | null;
  weight?: number | null;
}

/** Inventory: stock per product, and a shipping estimate that `@requires` price and weight. */
export const inventory: BenchSubgraph = {
  name: 'inventory',
  typeDefs: parse(/* GraphQL */ `
    extend schema
      @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])

    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `),
  resolvers: {
    Product: {
      // The gateway sends price and weight (from products) along with the key.
      __resolveReference: (reference: ProductReference) => ({
        ...reference,
        inStock: INVENTORY.find((item) => item.upc === reference.upc)?.inStock ?? null,
      }),
      shippingEstimate: (product: ProductReference) => shippingEstimate(product.price, product.weight),
    },
  },
};
