import { parse } from 'graphql';
import { REVIEWS, ReviewRecord, USERS } from './data';
import { BenchSubgraph } from './subgraph';

/** Reviews: each review's product and author, and the reviews of a product or of a user. */
export const reviews: BenchSubgraph = {
  name: 'reviews',
  typeDefs: parse(/* GraphQL */ `
    extend schema
      @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@provides"])

    type Review @key(fields: "id") {
      id: ID!
      body: String
      product: Product
      author: User @provides(fields: "username")
    }

    type User @key(fields: "id") {
      id: ID!
      username: String @external
      reviews: [Review]
    }

    type Product @key(fields: "upc") {
      upc: String!
      reviews: [Review]
    }
  `),
  resolvers: {
    Review: {
      __resolveReference: (reference: { id: string }): ReviewRecord | null => REVIEWS.find((review) => review.id === reference.id) ?? null,
      product: (review: ReviewRecord) => ({ __typename: 'Product', upc: review.productUpc }),
      author: (review: ReviewRecord) => ({
        __typename: 'User',
        id: review.authorId,
        username: USERS.find((user) => user.id === review.authorId)?.username ?? null,
      }),
    },
    User: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      reviews: (user: { id: string }) => REVIEWS.filter((review) => review.authorId === user.id),
    },
    Product: {
      __resolveReference: (reference: { upc: string }) => ({ upc: reference.upc }),
      reviews: (product: { upc: string }) => REVIEWS.filter((review) => review.productUpc === product.upc),
    },
  },
};
