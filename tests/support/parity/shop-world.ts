import { GraphQLError } from 'graphql';
import type { ParityWorld } from './world';

/**
 * A small shop in four subgraphs, for the parity suite: an interface (`Node`) and a union
 * (`SearchResult`), `@requires` (`shippingEstimate` from `price` and `weight`), `@provides` (a
 * review's author's name), `@shareable` (`Category.title` in two subgraphs, `User.name`), lists
 * and non-null fields at every level, subgraph errors (`flaky`, `restockDate`, `email`,
 * `averageRating`), null propagated in a subgraph (a review without a rating nulls `latestReviews`,
 * then the answer) and in the gateway (an `@inaccessible` enum value a subgraph still returns), and
 * each subgraph's own `cache-control`.
 *
 * One product exists only to show where the product's executor deliberately differs (see the parity
 * suite): `broken`, whose inventory entity fails. Generated operations never name it. Another,
 * `heavy`, has a `weight` (an input of a `@requires`) that fails; both gateways answer it alike.
 */

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

interface ProductRow {
  upc: string;
  name: string;
  price: number | null;
  weight: number;
  category: string | null;
  tags: string[] | null;
  status: string;
}

const PRODUCTS: ProductRow[] = [
  { upc: '1', name: 'Table', price: 899, weight: 100, category: 'category:1', tags: ['wood', 'oak'], status: 'ACTIVE' },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000, category: 'category:2', tags: [], status: 'DISCONTINUED' },
  { upc: '3', name: 'Chair', price: 54, weight: 50, category: 'category:1', tags: null, status: 'ACTIVE' },
  // SECRET is @inaccessible: the gateway finds a value the API schema does not have.
  { upc: '4', name: 'Prototype', price: null, weight: 5, category: null, tags: ['x'], status: 'SECRET' },
  { upc: 'broken', name: 'Lost lamp', price: 20, weight: 2, category: null, tags: null, status: 'ACTIVE' },
  { upc: 'heavy', name: 'Anvil', price: 70, weight: 0, category: null, tags: null, status: 'ACTIVE' },
];
const LISTED = PRODUCTS.filter((p) => ['1', '2', '3'].includes(p.upc));
const CATEGORIES: Record<string, { id: string; title: string }> = {
  'category:1': { id: 'category:1', title: 'Furniture' },
  'category:2': { id: 'category:2', title: 'Seating' },
};
const productOf = (upc: string) => PRODUCTS.find((p) => p.upc === upc) ?? null;

const products = {
  name: 'products',
  cacheControl: 'max-age=30, public',
  typeDefs: `${LINK}
    type Query {
      products: [Product!]!
      topProducts(first: Int = 3): [Product]
      product(upc: ID!): Product
      search(text: String!): [SearchResult!]!
      node(id: ID!): Node
      flaky: String
    }
    interface Node { id: ID! }
    union SearchResult = Product | Category
    enum Status { ACTIVE DISCONTINUED SECRET @inaccessible }
    type Product implements Node @key(fields: "upc") {
      id: ID!
      upc: ID!
      name: String!
      price: Int
      weight: Int
      category: Category
      tags: [String!]
      status: Status!
    }
    type Category implements Node @key(fields: "id") {
      id: ID!
      title: String! @shareable
      products: [Product!]!
    }`,
  resolvers: {
    Query: {
      products: () => LISTED,
      topProducts: (_: unknown, args: { first: number }) => PRODUCTS.slice(0, 4).slice(0, Math.max(0, args.first)),
      product: (_: unknown, args: { upc: string }) => productOf(args.upc),
      search: (_: unknown, args: { text: string }) => [
        ...LISTED.filter((p) => p.name.includes(args.text)),
        ...Object.values(CATEGORIES).filter((c) => c.title.includes(args.text)),
      ],
      node: (_: unknown, args: { id: string }) => CATEGORIES[args.id] ?? PRODUCTS.find((p) => `product:${p.upc}` === args.id) ?? null,
      flaky: () => {
        throw new GraphQLError('flaky is down today', { extensions: { code: 'FLAKY' } });
      },
    },
    Node: { __resolveType: (node: { upc?: string }) => (node.upc ? 'Product' : 'Category') },
    SearchResult: { __resolveType: (node: { upc?: string }) => (node.upc ? 'Product' : 'Category') },
    Product: {
      __resolveReference: (reference: { upc: string }) => productOf(reference.upc),
      id: (product: ProductRow) => `product:${product.upc}`,
      category: (product: ProductRow) => (product.category ? CATEGORIES[product.category] : null),
      weight: (product: ProductRow) => {
        if (product.upc === 'heavy') throw new GraphQLError('the scale is broken', { extensions: { code: 'SCALE_BROKEN' } });
        return product.weight;
      },
    },
    Category: {
      __resolveReference: (reference: { id: string }) => CATEGORIES[reference.id] ?? null,
      products: (category: { id: string }) => LISTED.filter((p) => p.category === category.id),
    },
  },
};

const inventory = {
  name: 'inventory',
  cacheControl: 'max-age=60, public',
  typeDefs: `${LINK}
    type Product @key(fields: "upc") {
      upc: ID!
      price: Int @external
      weight: Int @external
      inStock: Boolean!
      shippingEstimate: Int @requires(fields: "price weight")
      restockDate: String
      warehouse: Warehouse
    }
    type Warehouse { name: String!, city: String }
    type Category @key(fields: "id") {
      id: ID!
      title: String! @shareable
      warehouses: [Warehouse!]!
    }`,
  resolvers: {
    Product: {
      // Asynchronous, as a lookup in a store is: a failure fails that entity alone (`_entities[i]` null with an error).
      __resolveReference: async (reference: { upc: string; price?: number | null; weight?: number | null }) => {
        if (reference.upc === 'broken') throw new GraphQLError('inventory lost this product', { extensions: { code: 'INVENTORY_LOST' } });
        return reference;
      },
      inStock: (product: { upc: string }) => product.upc !== '2',
      shippingEstimate: (product: { price: number | null; weight: number | null }) =>
        product.price === null || product.weight === null ? null : product.price > 1000 ? 0 : Math.round(product.weight / 2),
      restockDate: (product: { upc: string }) => {
        if (product.upc === '2') throw new GraphQLError('no restock planned', { extensions: { code: 'NO_RESTOCK' } });
        return product.upc === '1' ? '2026-12-24' : null;
      },
      warehouse: (product: { upc: string }) => (product.upc === '3' ? null : { name: `Hall ${product.upc}`, city: product.upc === '1' ? 'Tabriz' : null }),
    },
    Category: {
      __resolveReference: (reference: { id: string }) => CATEGORIES[reference.id] ?? null,
      warehouses: (category: { id: string }) => [{ name: `Store of ${category.id}`, city: 'Shiraz' }],
    },
  },
};

const REVIEWS = [
  { id: 'r1', body: 'Love it', rating: 5, author: 'u1', product: '1' },
  { id: 'r2', body: 'Too expensive', rating: 2, author: 'u2', product: '2' },
  { id: 'r3', body: 'Could be better', rating: 3, author: null, product: '1' },
  { id: 'r4', body: 'Sturdy', rating: 4, author: 'u1', product: '3' },
  // No rating: its non-null `rating` nulls the list in the subgraph, and the answer in the gateway.
  { id: 'r5', body: 'Unrated', rating: null, author: 'u3', product: '3' },
];
const USER_NAMES: Record<string, string | null> = { u1: 'Ada', u2: 'Grace', u3: null };

const reviews = {
  name: 'reviews',
  typeDefs: `${LINK}
    type Query { latestReviews(first: Int! = 2): [Review!]! }
    type Review @key(fields: "id") {
      id: ID!
      body: String!
      rating: Int!
      author: User @provides(fields: "name")
      product: Product!
    }
    type User @key(fields: "id") {
      id: ID!
      name: String @external
      reviews: [Review!]!
    }
    type Product @key(fields: "upc") {
      upc: ID!
      reviews: [Review!]!
      averageRating: Float
    }`,
  resolvers: {
    Query: { latestReviews: (_: unknown, args: { first: number }) => REVIEWS.slice(0, Math.max(0, args.first)) },
    Review: {
      __resolveReference: (reference: { id: string }) => REVIEWS.find((r) => r.id === reference.id) ?? null,
      author: (review: { author: string | null }) => (review.author ? { id: review.author, name: USER_NAMES[review.author] } : null),
      product: (review: { product: string }) => ({ upc: review.product }),
    },
    User: { reviews: (user: { id: string }) => REVIEWS.filter((r) => r.author === user.id && r.rating !== null) },
    Product: {
      reviews: (product: { upc: string }) => REVIEWS.filter((r) => r.product === product.upc && r.rating !== null),
      averageRating: (product: { upc: string }) => {
        const rated = REVIEWS.filter((r) => r.product === product.upc && r.rating !== null);
        if (product.upc === '3') throw new GraphQLError('not enough ratings yet', { extensions: { code: 'TOO_FEW_RATINGS' } });
        return rated.length ? rated.reduce((sum, r) => sum + r.rating!, 0) / rated.length : null;
      },
    },
  },
};

const USERS = [
  { id: 'u1', name: 'Ada', username: 'ada', email: 'ada@example.org', friends: ['u2', 'u3'] },
  { id: 'u2', name: 'Grace', username: 'grace', email: null, friends: [] },
  { id: 'u3', name: null, username: 'anon', email: 'anon@example.org', friends: ['u1'] },
];
const userOf = (id: string) => USERS.find((u) => u.id === id) ?? null;

const accounts = {
  name: 'accounts',
  cacheControl: 'max-age=10, private',
  typeDefs: `${LINK}
    type Query { me: User, users: [User!]! }
    type User @key(fields: "id") {
      id: ID!
      name: String @shareable
      username: String!
      email: String
      friends: [User]
    }`,
  resolvers: {
    Query: { me: () => USERS[0], users: () => USERS },
    User: {
      __resolveReference: (reference: { id: string }) => userOf(reference.id),
      email: (user: { id: string; email: string | null }) => {
        if (user.id === 'u2') throw new GraphQLError('this e-mail address is private', { extensions: { code: 'PRIVATE' } });
        return user.email;
      },
      friends: (user: { friends: string[] }) => user.friends.map(userOf),
    },
  },
};

export const SHOP_WORLD: ParityWorld = {
  name: 'shop',
  subgraphs: [products, inventory, reviews, accounts],
  arguments: {
    'Query.topProducts.first': [0, 2, 4],
    'Query.product.upc': ['1', '2', '3', '4', 'heavy', 'none'],
    'Query.search.text': ['a', 'Chair', 'Seat', 'zzz'],
    'Query.node.id': ['product:1', 'product:4', 'category:2', 'nothing'],
    'Query.latestReviews.first': [1, 4, 5],
  },
};
