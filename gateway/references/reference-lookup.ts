import { Caller } from '../../shared/auth/caller';
import { RegistryKey } from '../../shared/registry/keys';
import { callRegistryHelper, RegistryLinks } from '../directory/shared-members-client';
import { subgraphUnavailable } from '../execution/outages';

/** Which of some records each registry keeps: its gateway-only helper fields (shared/graphql/member-codes.graphql). */
export interface ReferenceLookup {
  organisationsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]>;
  projectsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]>;
  membersAmong(registry: RegistryKey, codes: readonly string[]): Promise<string[]>;
}

const unavailable = (registry: RegistryKey, reason?: string) =>
  subgraphUnavailable(
    registry,
    `What this change names in the ${registry} registry cannot be checked: its subgraph ${reason ? `could not answer (${reason})` : 'could not be reached'}. Nothing was written; try again.`,
  );

/** The helper fields over the gateway's transport, each call signed for the client request's caller. */
export class HttpReferenceLookup implements ReferenceLookup {
  constructor(
    private readonly links: RegistryLinks,
    private readonly caller: Caller,
  ) {}

  async organisationsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]> {
    const query = 'query ($ids: [ID!]!) { _organisationsAmong(ids: $ids) }';
    return (await this.call<{ _organisationsAmong: string[] }>(registry, query, { ids }))._organisationsAmong;
  }

  async projectsAmong(registry: RegistryKey, ids: readonly string[]): Promise<string[]> {
    const query = 'query ($ids: [ID!]!) { _projectsAmong(ids: $ids) }';
    return (await this.call<{ _projectsAmong: string[] }>(registry, query, { ids }))._projectsAmong;
  }

  async membersAmong(registry: RegistryKey, codes: readonly string[]): Promise<string[]> {
    const query = 'query ($codes: [String!]!) { _membersAmong(codes: $codes) }';
    return (await this.call<{ _membersAmong: string[] }>(registry, query, { codes }))._membersAmong;
  }

  private call<T>(registry: RegistryKey, query: string, variables: Record<string, unknown>): Promise<T> {
    return callRegistryHelper<T>(this.links, this.caller, registry, { query, variables }, unavailable);
  }
}
