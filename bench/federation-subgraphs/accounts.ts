import { parse } from 'graphql';
import { USERS, UserRecord } from './data';
import { BenchSubgraph } from './subgraph';

/** Accounts: the users, and `User` entities by id. */
export const accounts: BenchSubgraph = {
  name: 'accounts',
  typeDefs: parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])

    type Query {
      me: User
      user(id: ID!): User
      users: [User]
    }

    type User @key(fields: "id") {
      id: ID!
      name: String
      username: String @shareable
      birthday: Int
    }
  `),
  resolvers: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, { id }: { id: string }) => USERS.find((user) => user.id === id) ?? null,
      users: () => USERS,
    },
    User: {
      __resolveReference: (reference: { id: string }): UserRecord | null => USERS.find((user) => user.id === reference.id) ?? null,
    },
  },
};
