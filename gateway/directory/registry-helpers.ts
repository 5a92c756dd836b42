import type { PeopleLookup } from './named-person';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { RegistryKey } from '../../shared/registry/keys';
import type { Log } from '../../shared/server/log';
import { subgraphUnavailable } from '../execution/outages';
import { SubgraphTransport, UnroutedSubgraphError } from '../transport';

/** How the directory reaches the registry subgraphs itself (`sharedMembers`, the reference check): as the gateway does. */
export interface RegistryLinks {
  /**
   * The gateway's one transport to the subgraphs (gateway/transport): each call goes where the
   * supergraph being served routes the registry, with a caller assertion signed for it and the
   * body, the request id and trace, the registry's deadline, and counted in the metrics.
   */
  transport: Pick<SubgraphTransport, 'send'>;
  /**
   * Who each registry holds, as the gateway keeps it (gateway/membership): `sharedMembers`,
   * `registryOverlap` and the reference check intersect these lists instead of sending one
   * registry's national codes to another.
   */
  membership: MembershipLookup;
  /** Whom each registry may name (its members and record holders): the people the directory makes of codes in a registry's data (named-person.ts). */
  people?: PeopleLookup;
  /** The gateway's log: what the directory leaves out of a registry's answers and says nowhere else (labels.ts). */
  log?: Pick<Log, 'warn'>;
}

/** The calls `sharedMembers` makes to one registry: its helper fields (shared/graphql/member-codes.graphql). */
export interface MemberCodeSource {
  count(registry: RegistryKey): Promise<number>;
  codes(registry: RegistryKey, after: string | null, first: number): Promise<string[]>;
  among(registry: RegistryKey, codes: readonly string[]): Promise<string[]>;
}

/** Where a list of codes is read from: its count and its pages; `list` says which list (`members` when absent). */
export interface CodeListSource extends Pick<MemberCodeSource, 'count' | 'codes'> {
  readonly list?: CodeList;
}

/** Who each registry holds, as the gateway keeps it (gateway/membership/registry-membership.ts). */
export interface MembershipLookup extends MemberCodeSource {
  /** As `among`, but a code it does not find has the registry's count asked again first, so that a member just added is found. */
  amongChecked(registry: RegistryKey, codes: readonly string[]): Promise<string[]>;
  /** The lists of `registries`, each one's count asked again first, all at once: for fields that read whole lists, refused while a registry cannot answer. */
  checkedNow(registries: readonly RegistryKey[]): Promise<MemberCodeSource>;
}

/** Which of some records each registry keeps, for the gateway's reference check (gateway/references). */
export interface ReferenceLookup {
  organisationsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]>;
  projectsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]>;
  among(registry: RegistryKey, codes: readonly string[]): Promise<string[]>;
}

/**
 * Which list of codes a registry is read for: its `members`, or the people it keeps records of
 * besides (`recordHolders`), whose count counts records, not codes: a sign of change, not a claim.
 */
export type CodeList = 'members' | 'recordHolders';

/** The helper fields each list is read from. */
const CODE_LIST_FIELDS = {
  members: { count: '_memberCount', codes: '_memberCodes' },
  recordHolders: { count: '_recordHolderRecords', codes: '_recordHolderCodes' },
} as const satisfies Record<CodeList, { count: string; codes: string }>;

const CODE_LIST_FIELD_NAMES = Object.values(CODE_LIST_FIELDS).flatMap((fields) => [fields.count, fields.codes]);
const CODE_LIST_READ = new RegExp(`\\b(${CODE_LIST_FIELD_NAMES.join('|')})\\b`);

/** Whether a subgraph request's body is one of the gateway's own reads of these lists (for tests and benchmarks that count calls). */
export const isCodeListRead = (body: string): boolean => CODE_LIST_READ.test(body);

/** The error when a registry did not answer (`reason`: what it said, when it said something; never the network's words). */
export type UnavailableRegistry = (registry: RegistryKey, reason?: string) => GraphQLError;

const membershipUnavailable: UnavailableRegistry = (registry, reason) =>
  subgraphUnavailable(
    registry,
    `Who belongs to every registry listed cannot be told: the ${registry} subgraph ${reason ? `could not answer (${reason})` : 'could not be reached'}.`,
  );

/**
 * The registries' gateway-only helper fields (shared/graphql/member-codes.graphql) over the gateway's
 * transport, each call one POST carrying a caller assertion signed for that subgraph and that body,
 * as the gateway's own fetches do (the caller of the client request, so the registries see who is
 * asking). A registry that does not answer throws what `unavailable` makes of it. (`_membersAmong`
 * is not asked: who each registry holds is looked up in the gateway's own lists, gateway/membership.)
 */
export class HttpRegistryHelpers implements CodeListSource, Omit<ReferenceLookup, 'among'> {
  private readonly caller: Caller;
  private readonly unavailable: UnavailableRegistry;
  /** The list `count` and `codes` read. */
  readonly list: CodeList;

  constructor(
    private readonly links: Pick<RegistryLinks, 'transport'>,
    options: { caller?: Caller; unavailable?: UnavailableRegistry; list?: CodeList } = {},
  ) {
    this.caller = options.caller ?? ANONYMOUS;
    this.unavailable = options.unavailable ?? membershipUnavailable;
    this.list = options.list ?? 'members';
  }

  async count(registry: RegistryKey): Promise<number> {
    const field = CODE_LIST_FIELDS[this.list].count;
    return (await this.call<Record<string, number>>(registry, `query { ${field} }`, {}, true))[field]!;
  }

  async codes(registry: RegistryKey, after: string | null, first: number): Promise<string[]> {
    const field = CODE_LIST_FIELDS[this.list].codes;
    const query = `query ($after: String, $first: Int!) { ${field}(after: $after, first: $first) }`;
    return (await this.call<Record<string, string[]>>(registry, query, { after, first }, true))[field]!;
  }

  async organisationsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]> {
    const query = 'query ($ids: [ID!]!) { _organisationsAmong(ids: $ids) }';
    return (await this.call<{ _organisationsAmong: string[] }>(registry, query, { ids }))._organisationsAmong;
  }

  async projectsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]> {
    const query = 'query ($ids: [ID!]!) { _projectsAmong(ids: $ids) }';
    return (await this.call<{ _projectsAmong: string[] }>(registry, query, { ids }))._projectsAmong;
  }

  /** Whether the registry holds the entity `reference` names: its reference resolver answers it, for this caller. */
  async holds(registry: RegistryKey, reference: { __typename: string; id: string }): Promise<boolean> {
    const query = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
    const { _entities: found } = await this.call<{ _entities: unknown[] }>(registry, query, { representations: [reference] });
    return found[0] !== null && found[0] !== undefined;
  }

  /** One helper field's answer; `codeListRead`: a read of the lists the screens judge calls by (SubgraphCall.codeListRead). */
  private async call<T>(registry: RegistryKey, query: string, variables: Record<string, unknown>, codeListRead = false): Promise<T> {
    let body: { data?: T; errors?: { message: string }[] };
    try {
      const call = { subgraph: registry, body: JSON.stringify({ query, variables }), caller: this.caller, ...(codeListRead ? { codeListRead } : {}) };
      const reply = await this.links.transport.send(call);
      body = reply.body() as typeof body;
    } catch (error) {
      throw error instanceof UnroutedSubgraphError ? this.unavailable(registry, 'the gateway has no URL for it') : this.unavailable(registry);
    }
    if (body.errors?.length || !body.data) throw this.unavailable(registry, refusalReason(body.errors));
    return body.data;
  }
}

/** How many of a registry's error messages, and how much of each, a helper's refusal repeats: the registry chooses their number and length. */
const REASON_MESSAGES = 3;
const REASON_MESSAGE_LENGTH = 200;

/**
 * Why a helper field failed, in the registry's words, bounded: until 2026-12-07 every message was
 * joined whole into the error a client receives, so a registry answering 200,000 errors (within the
 * 64 MiB answer limit) made that one error as large (audit).
 */
export function refusalReason(errors: readonly { message?: unknown }[] | undefined): string {
  if (!errors?.length) return 'no data';
  const messages = errors.slice(0, REASON_MESSAGES).map((error) => {
    const message = typeof error.message === 'string' ? error.message : 'an error without a message';
    return message.length > REASON_MESSAGE_LENGTH ? `${message.slice(0, REASON_MESSAGE_LENGTH)}…` : message;
  });
  const more = errors.length - messages.length;
  return `${messages.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}
