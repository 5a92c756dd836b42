/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where a credential stands on a given day, derived from its dates; never stored. */
export type CredentialStatus =
  /** Its last valid day has passed. */
  | 'EXPIRED'
  /** Issued, but its first valid day has not come yet. */
  | 'NOT_YET_VALID'
  /** Revoked (ابطال) on or before the day; final. */
  | 'REVOKED'
  /** Suspended (تعلیق) on or before the day, and not reinstated. */
  | 'SUSPENDED'
  /** In force: its first valid day has come, its last has not passed, and it is neither suspended nor revoked. */
  | 'VALID';

/** A language the graph's labels are written in. */
export type Locale =
  /** Arabic (العربية), right to left. */
  | 'AR'
  /** English. */
  | 'EN'
  /** Persian (فارسی), right to left. */
  | 'FA'
  /** French (français). */
  | 'FR';

/** A position a person holds in a body of an organisation. */
export type Position =
  /** Member of a board of directors (عضو هیئت مدیره). */
  | 'BOARD_MEMBER'
  /** Chair (رئیس) of a board, working group or committee. */
  | 'CHAIR'
  /** Chief executive (مدیر عامل). */
  | 'CHIEF_EXECUTIVE'
  /** Ordinary member of the body. */
  | 'MEMBER'
  /** Secretary (دبیر). */
  | 'SECRETARY'
  /** An official who supervises the body (for example its elections) without being a member of it. */
  | 'SUPERVISOR'
  /** Technical manager of a laboratory or inspection body (مدیر فنی). */
  | 'TECHNICAL_MANAGER'
  /** Treasurer (خزانه‌دار، أمين المال). */
  | 'TREASURER'
  /** Vice-chair (نایب رئیس). */
  | 'VICE_CHAIR';

/** The registries federated into this graph: those of the gateway's configuration. */
export type Registry =
  /** The auditors registry. Subgraph `auditors`. */
  | 'AUDITORS'
  /** The engineering registry. Subgraph `engineering`. */
  | 'ENGINEERING'
  /** The guilds registry. Subgraph `guilds`. */
  | 'GUILDS'
  /** The labs registry. Subgraph `labs`. */
  | 'LABS';

export type LabelsQueryVariables = Exact<{
  locale: Locale;
}>;


export type LabelsQuery = { labels: Array<{ enum: string, values: Array<{ value: string, label: string }> }> };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { nationalCode: string, fullName: string | null, memberships: Array<{ registry: Registry, roles: Array<{ body: string, position: Position, organisation: { id: string } }> }>, credentials: Array<{ id: string, title: string, status: CredentialStatus, daysRemaining: number | null, validUntil: { iso: string, jalali: string } | null }>, guildElections: Array<{ hasVoted: boolean, election: { id: string, title: string, seats: number, candidates: Array<{ fullName: string, licenceNumber: string, ballotChoice: string }> } }> } | null };

export type CastBallotMutationVariables = Exact<{
  electionId: string | number;
  choices: Array<string> | string;
}>;


export type CastBallotMutation = { castGuildElectionBallot: { votedAt: string, election: { id: string, ballotsCast: number } } };


export const LabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Labels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"locale"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Locale"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"locale"},"value":{"kind":"Variable","name":{"kind":"Name","value":"locale"}}},{"kind":"Argument","name":{"kind":"Name","value":"enums"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"Position","block":false},{"kind":"StringValue","value":"Registry","block":false},{"kind":"StringValue","value":"CredentialStatus","block":false}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enum"}},{"kind":"Field","name":{"kind":"Name","value":"values"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}}]}}]} as unknown as DocumentNode<LabelsQuery, LabelsQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nationalCode"}},{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"organisation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"credentials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"daysRemaining"}},{"kind":"Field","name":{"kind":"Name","value":"validUntil"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"iso"}},{"kind":"Field","name":{"kind":"Name","value":"jalali"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"guildElections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasVoted"}},{"kind":"Field","name":{"kind":"Name","value":"election"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"seats"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fullName"}},{"kind":"Field","name":{"kind":"Name","value":"licenceNumber"}},{"kind":"Field","name":{"kind":"Name","value":"ballotChoice"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const CastBallotDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CastBallot"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"electionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"choices"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"castGuildElectionBallot"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"electionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"electionId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"choices"},"value":{"kind":"Variable","name":{"kind":"Name","value":"choices"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"votedAt"}},{"kind":"Field","name":{"kind":"Name","value":"election"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ballotsCast"}}]}}]}}]}}]} as unknown as DocumentNode<CastBallotMutation, CastBallotMutationVariables>;