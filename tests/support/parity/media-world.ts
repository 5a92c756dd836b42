import { GraphQLError } from 'graphql';
import type { ParityWorld } from './world';

/**
 * Media in two subgraphs, for the parity suite: an entity interface (`Media`, keyed by `id`) whose
 * implementations one subgraph owns, and that another extends as an `@interfaceObject` (`rating`,
 * `reviewsCount`) without knowing the implementations, with a root list of its own (`topRated`) that
 * the gateway must ask the first for the concrete types of.
 */

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject", "@shareable"])';

const ITEMS = [
  { id: 'b1', kind: 'Book', title: 'The Blind Owl', pages: 130, minutes: null },
  { id: 'm1', kind: 'Movie', title: 'A Separation', pages: null, minutes: 123 },
  { id: 'b2', kind: 'Book', title: 'Savushun', pages: null, minutes: null },
  { id: 'm2', kind: 'Movie', title: 'Close-Up', pages: null, minutes: 98 },
];
const itemOf = (id: string) => ITEMS.find((item) => item.id === id) ?? null;

const catalog = {
  name: 'catalog',
  cacheControl: 'max-age=120, public',
  typeDefs: `${LINK}
    type Query { media: [Media!]!, mediaItem(id: ID!): Media, books: [Book!]! }
    interface Media @key(fields: "id") { id: ID!, title: String! }
    type Book implements Media @key(fields: "id") { id: ID!, title: String!, pages: Int }
    type Movie implements Media @key(fields: "id") { id: ID!, title: String!, minutes: Int! }`,
  resolvers: {
    Query: {
      media: () => ITEMS,
      mediaItem: (_: unknown, args: { id: string }) => itemOf(args.id),
      books: () => ITEMS.filter((item) => item.kind === 'Book'),
    },
    Media: {
      __resolveType: (item: { kind: string }) => item.kind,
      __resolveReference: (reference: { id: string }) => itemOf(reference.id),
    },
    Book: { __resolveReference: (reference: { id: string }) => itemOf(reference.id) },
    Movie: { __resolveReference: (reference: { id: string }) => itemOf(reference.id) },
  },
};

const RATINGS: Record<string, { rating: number | null; reviewsCount: number }> = {
  b1: { rating: 5, reviewsCount: 12 },
  m1: { rating: 4, reviewsCount: 30 },
  b2: { rating: null, reviewsCount: 0 },
  m2: { rating: 3, reviewsCount: 2 },
};

const ratings = {
  name: 'ratings',
  cacheControl: 'max-age=20, public',
  typeDefs: `${LINK}
    type Query { topRated(first: Int = 2): [Media!]! }
    type Media @key(fields: "id") @interfaceObject {
      id: ID!
      rating: Int
      reviewsCount: Int!
      critic: String
    }`,
  resolvers: {
    Query: {
      topRated: (_: unknown, args: { first: number }) => ['m1', 'b1', 'm2', 'b2'].slice(0, Math.max(0, args.first)).map((id) => ({ id })),
    },
    Media: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      rating: (media: { id: string }) => RATINGS[media.id]?.rating ?? null,
      reviewsCount: (media: { id: string }) => RATINGS[media.id]?.reviewsCount ?? 0,
      critic: (media: { id: string }) => {
        if (media.id === 'm2') throw new GraphQLError('the critic has not written yet', { extensions: { code: 'NOT_YET' } });
        return media.id === 'b1' ? 'Hedayat scholar' : null;
      },
    },
  },
};

export const MEDIA_WORLD: ParityWorld = {
  name: 'media',
  subgraphs: [catalog, ratings],
  arguments: {
    'Query.mediaItem.id': ['b1', 'm1', 'm2', 'x'],
    'Query.topRated.first': [1, 4],
  },
};
