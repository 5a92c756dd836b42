import { GraphQLError } from 'graphql';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { RegistryKey } from '../../shared/registry';
import { subgraphUnavailable } from '../execution/outages';
import { CallerSigner } from '../trust';

/** How the directory reaches the registry subgraphs itself (for `sharedMembers`): as the gateway does. */
export interface RegistryLinks {
  /** A registry subgraph's GraphQL URL, by name, as the gateway routes to it now (the configuration may change). */
  urlOf: (subgraph: string) => string | undefined;
  /** Signs each call's caller assertion; undefined only when the subgraphs run in development (unsigned) mode. */
  signer?: CallerSigner;
  /** Milliseconds a subgraph has to answer one call. */
  timeoutMs: number;
}

/** The calls `sharedMembers` makes to one registry: its helper fields (shared/graphql/member-codes.graphql). */
export interface MemberCodeSource {
  count(registry: RegistryKey): Promise<number>;
  codes(registry: RegistryKey, after: string | null, first: number): Promise<string[]>;
  among(registry: RegistryKey, codes: readonly string[]): Promise<string[]>;
}

/** The registry did not answer (`reason`: what it said, when it said something; never the network's words). */
const unavailable = (registry: RegistryKey, reason?: string) =>
  subgraphUnavailable(
    registry,
    `Who belongs to every registry listed cannot be told: the ${registry} subgraph ${reason ? `could not answer (${reason})` : 'could not be reached'}.`,
  );

/**
 * The registries' helper fields over HTTP, each call one POST carrying a caller assertion signed
 * for that subgraph and that body, as the gateway's own fetches do (the caller of the client
 * request, so the registries see who is asking).
 */
export class HttpMemberCodeSource implements MemberCodeSource {
  constructor(
    private readonly links: RegistryLinks,
    private readonly caller: Caller = ANONYMOUS,
  ) {}

  async count(registry: RegistryKey): Promise<number> {
    return (await this.call<{ _memberCount: number }>(registry, 'query { _memberCount }', {}))._memberCount;
  }

  async codes(registry: RegistryKey, after: string | null, first: number): Promise<string[]> {
    const query = 'query ($after: String, $first: Int!) { _memberCodes(after: $after, first: $first) }';
    return (await this.call<{ _memberCodes: string[] }>(registry, query, { after, first }))._memberCodes;
  }

  async among(registry: RegistryKey, codes: readonly string[]): Promise<string[]> {
    const query = 'query ($codes: [String!]!) { _membersAmong(codes: $codes) }';
    return (await this.call<{ _membersAmong: string[] }>(registry, query, { codes }))._membersAmong;
  }

  private async call<T>(registry: RegistryKey, query: string, variables: Record<string, unknown>): Promise<T> {
    const url = this.links.urlOf(registry);
    if (!url) throw unavailable(registry, 'the gateway has no URL for it');
    const request = JSON.stringify({ query, variables });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.links.signer?.headers(this.caller, registry, request) };
    let body: { data?: T; errors?: { message: string }[] };
    try {
      const response = await fetch(url, { method: 'POST', headers, body: request, signal: AbortSignal.timeout(this.links.timeoutMs) });
      body = (await response.json()) as typeof body;
    } catch {
      throw unavailable(registry);
    }
    if (body.errors?.length || !body.data) throw unavailable(registry, body.errors?.map((e) => e.message).join('; ') || 'no data');
    return body.data;
  }
}
