/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Labels($locale: Locale!) {\n  labels(locale: $locale, enums: [\"Position\", \"Registry\", \"CredentialStatus\"]) {\n    enum\n    values {\n      value\n      label\n    }\n  }\n}": typeof types.LabelsDocument,
    "query Me {\n  me {\n    nationalCode\n    fullName\n    memberships {\n      registry\n      roles {\n        body\n        position\n        organisation {\n          id\n        }\n      }\n    }\n    credentials {\n      id\n      title\n      status\n      daysRemaining\n      validUntil {\n        iso\n        jalali\n      }\n    }\n    guildElections {\n      hasVoted\n      election {\n        id\n        title\n        seats\n        candidates {\n          fullName\n          licenceNumber\n          ballotChoice\n        }\n      }\n    }\n  }\n}": typeof types.MeDocument,
    "mutation CastBallot($electionId: ID!, $choices: [String!]!) {\n  castGuildElectionBallot(input: {electionId: $electionId, choices: $choices}) {\n    votedAt\n    election {\n      id\n      ballotsCast\n    }\n  }\n}": typeof types.CastBallotDocument,
};
const documents: Documents = {
    "query Labels($locale: Locale!) {\n  labels(locale: $locale, enums: [\"Position\", \"Registry\", \"CredentialStatus\"]) {\n    enum\n    values {\n      value\n      label\n    }\n  }\n}": types.LabelsDocument,
    "query Me {\n  me {\n    nationalCode\n    fullName\n    memberships {\n      registry\n      roles {\n        body\n        position\n        organisation {\n          id\n        }\n      }\n    }\n    credentials {\n      id\n      title\n      status\n      daysRemaining\n      validUntil {\n        iso\n        jalali\n      }\n    }\n    guildElections {\n      hasVoted\n      election {\n        id\n        title\n        seats\n        candidates {\n          fullName\n          licenceNumber\n          ballotChoice\n        }\n      }\n    }\n  }\n}": types.MeDocument,
    "mutation CastBallot($electionId: ID!, $choices: [String!]!) {\n  castGuildElectionBallot(input: {electionId: $electionId, choices: $choices}) {\n    votedAt\n    election {\n      id\n      ballotsCast\n    }\n  }\n}": types.CastBallotDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Labels($locale: Locale!) {\n  labels(locale: $locale, enums: [\"Position\", \"Registry\", \"CredentialStatus\"]) {\n    enum\n    values {\n      value\n      label\n    }\n  }\n}"): (typeof documents)["query Labels($locale: Locale!) {\n  labels(locale: $locale, enums: [\"Position\", \"Registry\", \"CredentialStatus\"]) {\n    enum\n    values {\n      value\n      label\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    nationalCode\n    fullName\n    memberships {\n      registry\n      roles {\n        body\n        position\n        organisation {\n          id\n        }\n      }\n    }\n    credentials {\n      id\n      title\n      status\n      daysRemaining\n      validUntil {\n        iso\n        jalali\n      }\n    }\n    guildElections {\n      hasVoted\n      election {\n        id\n        title\n        seats\n        candidates {\n          fullName\n          licenceNumber\n          ballotChoice\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query Me {\n  me {\n    nationalCode\n    fullName\n    memberships {\n      registry\n      roles {\n        body\n        position\n        organisation {\n          id\n        }\n      }\n    }\n    credentials {\n      id\n      title\n      status\n      daysRemaining\n      validUntil {\n        iso\n        jalali\n      }\n    }\n    guildElections {\n      hasVoted\n      election {\n        id\n        title\n        seats\n        candidates {\n          fullName\n          licenceNumber\n          ballotChoice\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CastBallot($electionId: ID!, $choices: [String!]!) {\n  castGuildElectionBallot(input: {electionId: $electionId, choices: $choices}) {\n    votedAt\n    election {\n      id\n      ballotsCast\n    }\n  }\n}"): (typeof documents)["mutation CastBallot($electionId: ID!, $choices: [String!]!) {\n  castGuildElectionBallot(input: {electionId: $electionId, choices: $choices}) {\n    votedAt\n    election {\n      id\n      ballotsCast\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;