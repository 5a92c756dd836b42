import { GraphQLError } from 'graphql';
import { message, messageExtensions } from '../messages/catalog';
import { adminScopeOf, Caller, hasScope } from './caller';
import { FORBIDDEN, UNAUTHENTICATED } from './requirements';

/**
 * Grants bound to one record: scopes a token carries besides the registry-wide `<registry>:admin`,
 * each opening the changes to one record only (docs/security.md, "Grants bound to one record").
 * The record's id follows the form's name whole, registry prefix included:
 * `guilds:elections:guilds:fars-union-003`.
 */
export const recordGrant = {
  /** The union's election officer: runs that union's elections. */
  elections: (registry: string, unionId: string) => `${registry}:elections:${unionId}`,
  /** A chamber's officers (its treasurer): keep that chamber's programmes, projects and agreements. */
  programme: (registry: string, chamberId: string) => `${registry}:programme:${chamberId}`,
  /**
   * A committee's lead or a working group's secretary, by the committee's id (its seats, the
   * resolutions concerning it) or its meeting series' id (its minutes, the resolutions they record).
   */
  committee: (registry: string, committeeOrSeriesId: string) => `${registry}:committee:${committeeOrSeriesId}`,
  /** The organisation responsible for resolutions: marks those it is responsible for. */
  resolutions: (registry: string, organisationId: string) => `${registry}:resolutions:${organisationId}`,
};

/** A record-bound scope that opens a change, and who holds it (for the refusal's message). */
export interface RecordScope {
  scope: string;
  holder: string;
}

export interface GrantRule {
  /** The registry whose `<registry>:admin` opens every change. */
  registry: string;
  /** What is asked, for the message: `closeGuildElection on guilds:election-...`. */
  action: string;
  /** The record-bound scopes that open this change to this record; none when the record is unknown. */
  records: RecordScope[];
}

/** "guilds:admin, or guilds:elections:guilds:fars-union-003 (the union's election officer)". */
export function describeGrants(rule: GrantRule): string {
  return [adminScopeOf(rule.registry), ...rule.records.map((r) => `${r.scope} (${r.holder})`)].join(', or ');
}

/** Whether the caller holds the registry's admin scope or one of the record's grants. */
export const holdsGrant = (caller: Caller, rule: GrantRule): boolean =>
  hasScope(caller, adminScopeOf(rule.registry)) || rule.records.some((record) => hasScope(caller, record.scope));

/**
 * Passes a caller holding `<registry>:admin` or one of the record's grants; otherwise throws
 * `FORBIDDEN` (`UNAUTHENTICATED` when anonymous) naming the grants that would allow the change.
 * Called before the change reads its input further or writes anything.
 */
export function requireGrant(caller: Caller, rule: GrantRule): void {
  if (holdsGrant(caller, rule)) return;
  const params = {
    action: rule.action,
    grants: describeGrants(rule),
    granted: caller.scopes.length ? `the token grants ${caller.scopes.join(' ')}` : 'the token grants no scope',
    scopes: caller.scopes.join(' ') || '-',
  };
  const refusal = message('NOT_GRANTED', params);
  throw new GraphQLError(refusal.text, {
    extensions: {
      code: caller.authenticated ? FORBIDDEN : UNAUTHENTICATED,
      ...messageExtensions(refusal),
      grants: [adminScopeOf(rule.registry), ...rule.records.map((r) => r.scope)],
    },
  });
}
