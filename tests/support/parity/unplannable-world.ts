import type { ParityWorld } from './world';

/**
 * Two subgraphs where one root field cannot be fetched: `Node` is an entity interface that no type
 * implements, and the only subgraph with `field` extends it as an `@interfaceObject` it cannot
 * resolve (`resolvable: false`). The query planner finds no way to `a { field }` and plans no fetch
 * for `a` at all: stock Apollo Gateway answers `a: null` without an error, the product refuses the
 * operation (see the parity suite). `b` is answered alike by both. Used by the named cases only.
 */

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])';

export const UNPLANNABLE_WORLD: ParityWorld = {
  name: 'unplannable',
  subgraphs: [
    {
      name: 'a',
      cacheControl: 'max-age=30, public',
      typeDefs: `${LINK}
        interface Node @key(fields: "id") { id: ID! }
        type Query { a: Node }`,
      resolvers: {
        Query: { a: () => ({ __typename: 'Node', id: 'n1' }) },
        Node: {
          __resolveReference: () => {
            throw new Error('no type implements Node here');
          },
        },
      },
    },
    {
      name: 'b',
      cacheControl: 'max-age=30, public',
      typeDefs: `${LINK}
        type Node @key(fields: "id", resolvable: false) @interfaceObject { id: ID!, field: String }
        type Query { b: Node }`,
      resolvers: {
        Query: { b: () => ({ __typename: 'Node', id: 'n1' }) },
        Node: { field: () => 'foo' },
      },
    },
  ],
  arguments: {},
};
